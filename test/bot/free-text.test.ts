import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskFreeText } from '../../src/bot/free-text.js';
import { AWS_KEY, fakeEngine } from './helpers.js';

test('free text is masked by the engine and by shape, leaving ordinary words alone', () => {
  const e = fakeEngine();
  const out = maskFreeText(e, `ok the key ${AWS_KEY} and password vdeKQiMFsd& plus ghp_abc123def456 (see ticket 4821-9930) for Sam`);
  for (const raw of [AWS_KEY, 'vdeKQiMFsd&', 'ghp_abc123def456', '4821-9930']) assert.ok(!out.includes(raw), raw);
  assert.match(out, /^ok the key AKIA•+\S* and password vd•+ plus gh•+ \(see ticket 48•+\) for Sam$/);
  assert.equal(maskFreeText(e, 'Customer asked for it, approved by Legal yesterday.'), 'Customer asked for it, approved by Legal yesterday.');
  assert.equal(maskFreeText(e, 'x'.repeat(3000)).length, 2000);
});
