// The normaliser's fast paths (pure ASCII; text already NFKC with no invisible or look-alike
// character) must give exactly what the full per-cluster pass gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalize, toOriginalSpan } from '../../src/rules/index.js';
import { normalizeClusters } from '../../src/rules/normalize.js';

const pieces = fc.constantFrom(
  'a', 'Z', '1', ' ', '\n', 'é', 'e\u0301', '\u0301', '😀', '👩‍💻', '\u{1F1EC}\u{1F1E7}', '\u200b', '\u200d', '\ufeff',
  'Ａ', 'А', 'Ο', 'ﬁ', '\ud800', '\udc00', 'ß', '한', '\u1100\u1161', '你好', 'naïve', 'Ω', 'ḁ', '\u00ad', 'ɡ',
);
const text = fc.array(fc.oneof(pieces, fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 30 }).map((p) => p.join(''));

describe('normalize fast paths', () => {
  it('give the same text and offsets as the per-cluster pass', () => {
    fc.assert(
      fc.property(text, (original) => {
        const fast = normalize(original);
        const full = normalizeClusters(original);
        assert.equal(fast.text, full.text);
        for (let i = 0; i <= fast.text.length; i++) {
          for (const j of [i, i + 1, fast.text.length]) {
            if (j < i || j > fast.text.length) continue;
            assert.deepEqual(toOriginalSpan(fast, i, j), toOriginalSpan(full, i, j));
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves NFKC text with emoji and accents as it is, and still folds look-alikes and invisibles', () => {
    const chat = 'Café naïve 你好 😀 👍🏽 done';
    const n = normalize(chat);
    assert.equal(n.identity, true);
    assert.equal(n.ascii, false);
    assert.equal(n.text, chat);
    assert.equal(normalize('😀 \u0410KIA').text, '😀 AKIA');
    assert.equal(normalize('😀 pass\u200bword').text, '😀 password');
    assert.equal(normalize('😀 ＡＫＩＡ').text, '😀 AKIA');
    assert.equal(normalize('😀 e\u0301').text, '😀 é');
  });
});
