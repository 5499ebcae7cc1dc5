// Property tests (fast-check): offsets survive normalisation for any input, and redaction replaces
// exactly the findings' spans.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createEngine, loadRules, normalize, toOriginalSpan, type DetectionEngine } from '../../src/rules/index.js';

// Characters that stress the normaliser: surrogate pairs, combining marks, zero-width and bidi
// controls, fullwidth and look-alike letters, ligatures that expand under NFKC.
const tricky = fc.constantFrom(
  'a', 'Z', '1', ' ', '\n', 'é', 'e\u0301', '\u0301', '\u0308\u0301', '😀', '👩‍💻', '\u{1F1EC}\u{1F1E7}', '\u200b', '\u200d', '\u202e', '\ufeff',
  'Ａ', '７', 'А', 'Ο', 'ﬁ', '㎒', '\ud800', '\udc00', 'ß', 'İ', 'ǅ', 'ﷺ', '한', '\u1100\u1161',
);
const trickyString = fc.array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join(''));

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

describe('normalisation offset map (property)', () => {
  it('maps every normalised unit back to a cluster of the original that normalises to it', () => {
    fc.assert(
      fc.property(trickyString, (original) => {
        const n = normalize(original);
        if (n.identity) {
          assert.equal(n.text, original);
          return;
        }
        assert.ok(n.starts && n.ends);
        assert.equal(n.starts.length, n.text.length);
        let prevStart = 0;
        for (let i = 0; i < n.text.length; i++) {
          const s = n.starts[i] ?? -1;
          const e = n.ends[i] ?? -1;
          assert.ok(s >= 0 && e > s && e <= original.length, 'in range');
          assert.ok(s >= prevStart, 'monotonic');
          prevStart = s;
          // Never inside a surrogate pair.
          assert.ok(!(isLowSurrogate(original.charCodeAt(s)) && isHighSurrogate(original.charCodeAt(s - 1))), 'start splits a pair');
          assert.ok(!(e < original.length && isLowSurrogate(original.charCodeAt(e)) && isHighSurrogate(original.charCodeAt(e - 1))), 'end splits a pair');
        }
        // Each original cluster, normalised on its own, gives exactly the units mapped to it.
        let i = 0;
        while (i < n.text.length) {
          const s: number = n.starts[i] ?? 0;
          const e: number = n.ends[i] ?? 0;
          let j = i;
          while (j < n.text.length && n.starts[j] === s) j++;
          const again: string = normalize(original.slice(s, e)).text;
          assert.equal(n.text.slice(i, j), again);
          i = j;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('maps any span of the normalised text to a span that starts and ends on cluster boundaries', () => {
    fc.assert(
      fc.property(trickyString, fc.nat(), fc.nat(), (original, a, b) => {
        const n = normalize(original);
        if (n.text.length === 0) return;
        const s = a % n.text.length;
        const e = s + 1 + (b % (n.text.length - s));
        const span = toOriginalSpan(n, s, e);
        assert.ok(span.start >= 0 && span.start < span.end && span.end <= original.length);
        // The original span normalises to (at least) the normalised span's text.
        assert.ok(normalize(original.slice(span.start, span.end)).text.includes(n.text.slice(s, e)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('redaction (property)', () => {
  let engine: DetectionEngine;
  before(async () => {
    engine = createEngine((await loadRules('test/rules/fixtures/basic')).rules, { fingerprintKey: 'prop-key-0123456789' });
  });

  const secrets = fc.constantFrom('AKIAZ7VRSQ5TJN2RMXEQ', 'ASIAQ2MV7XKLBWJ3RHTE', 'password: Tr0ub4dor&3', '4111 1111 1111 1111', 'AB 12 34 56 C', '\u0410KIAZ7VRSQ5TJN2RMXEQ', 'OFFICIAL-SENSITIVE');
  const filler = fc.oneof(trickyString, fc.constantFrom(' ', '\n', ' key ', ' card ', '. '));
  const message = fc.array(fc.oneof(filler, secrets), { minLength: 1, maxLength: 12 }).map((p) => p.join(' '));

  it('replaces every span and changes nothing outside them', () => {
    fc.assert(
      fc.property(message, (text) => {
        const findings = engine.scan(text);
        const out = engine.redact(text, findings);
        const spans = [...findings].sort((x, y) => x.start - y.start);
        // Walk the original: outside text is copied verbatim, in order; each span's text is gone.
        let pos = 0;
        let cursor = 0;
        for (const f of spans) {
          assert.ok(f.start >= pos, 'findings do not overlap');
          const outside = text.slice(pos, f.start);
          assert.equal(out.slice(cursor, cursor + outside.length), outside);
          cursor += outside.length;
          const rule = engine.rule(f.ruleId);
          const replacement = rule?.spec.redaction.style === 'label' ? out.slice(cursor, out.indexOf(']', cursor) + 1) : out.slice(cursor).match(/^•+/)?.[0] ?? '';
          assert.ok(replacement.length > 0, 'span replaced');
          assert.ok(/^(\[[^\]]+\]|•+)$/.test(replacement), `replacement reveals nothing: ${replacement}`);
          cursor += replacement.length;
          pos = f.end;
        }
        assert.equal(out.slice(cursor), text.slice(pos));
        // And nothing sensitive survives anywhere in the output.
        assert.equal(engine.scan(out).filter((f) => f.category === 'secret').length, 0);
      }),
      { numRuns: 500 },
    );
  });
});
