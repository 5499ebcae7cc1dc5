// The benchmark's span recovery for redact-pii (which returns text, not spans).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recoverSpans } from '../../bench/compare-tools.js';

test('placeholders map back to the exact replaced spans of the original', () => {
  const original = 'mail a.b@gmail.com or call 0161 555 8821 today';
  const redacted = 'mail EMAIL_ADDRESS or call PHONE_NUMBER today';
  const spans = recoverSpans(original, redacted);
  assert.deepEqual(spans.map((s) => [s.type, original.slice(s.start, s.end)]), [['EMAIL_ADDRESS', 'a.b@gmail.com'], ['PHONE_NUMBER', '0161 555 8821']]);
});

test('a placeholder at the end and adjacent placeholders are handled', () => {
  const spans = recoverSpans('card 4929154387654325', 'card CREDIT_CARD_NUMBER');
  assert.deepEqual(spans, [{ type: 'CREDIT_CARD_NUMBER', start: 5, end: 21 }]);
  const o = 'x 12345 678901 y';
  assert.deepEqual(recoverSpans(o, 'x ZIPCODE DIGITS y').map((s) => o.slice(s.start, s.end)), ['12345', '678901']);
  const adjacent = recoverSpans('ab12cd', 'abZIPCODEDIGITScd');
  assert.deepEqual(adjacent, [{ type: 'ZIPCODE', start: 2, end: 4 }]);
});
