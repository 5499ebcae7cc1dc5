// The normaliser (class table, chunk checks, memos, typed-array builder) against a plain
// reference: each cluster (a code point and the combining marks after it) through NFKC on its
// own, invisibles dropped, look-alikes folded; every output unit maps to its whole cluster.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalize, toOriginalSpan } from '../../src/rules/index.js';
import { normalizeClusters, type Normalized } from '../../src/rules/normalize.js';
import { CONFUSABLES } from '../../src/rules/confusables.js';
import { CHANGE, classOf, foldCluster, isInvisible, KEEP } from '../../src/rules/codepoint-class.js';

const MARK = /^\p{M}$/u;
const RUNS = Number(process.env.NORMALIZE_RUNS ?? 150);

function reference(original: string): { text: string; starts: number[]; ends: number[] } {
  const points = [...original];
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (let p = 0; p < points.length; ) {
    let q = p + 1;
    while (q < points.length && MARK.test(points[q] ?? '')) q++;
    const cluster = points.slice(p, q).join('');
    let piece = '';
    for (const unit of cluster.normalize('NFKC').split('')) {
      if (!isInvisible(unit.charCodeAt(0))) piece += CONFUSABLES.get(unit.charCodeAt(0)) ?? unit;
    }
    text += piece;
    for (let k = 0; k < piece.length; k++) {
      starts.push(at);
      ends.push(at + cluster.length);
    }
    at += cluster.length;
    p = q;
  }
  return { text, starts, ends };
}

function assertMatchesReference(original: string, n: Normalized): void {
  const ref = reference(original);
  assert.equal(n.text, ref.text);
  if (n.identity) assert.equal(n.text, original);
  for (let i = 0; i < ref.text.length; i++) {
    assert.deepEqual(toOriginalSpan(n, i, i + 1), { start: ref.starts[i], end: ref.ends[i] }, `unit ${i}`);
  }
}

// Pieces that change under normalisation, that compose or reorder, marks of every kind, and text
// that is already normalised, in scripts that are full of marks.
const pieces = fc.constantFrom(
  'a', 'Z', '1', ' ', '\n', 'é', 'e\u0301', 'e\u0301\u0302', 'o\u0331\u0301', '\u0301', '\u0323\u0301', '\u0301\u0323',
  '\u0340', '\u0344', '\u034f', 'a\u034f', '\u0f73', '\u0f77', 'ﾞ', 'ｶﾞ', '\u309b', '😀', '👩‍💻', '👍🏽', '\u{1F1EC}\u{1F1E7}',
  '\u{1D400}', '\u{1D165}', 'a\u{1D165}\u{1D16D}', '\u{E0100}', '\u{11099}\u{110BA}', '\u200b', '\u200d', '\u202e', '\ufeff', '\u00ad',
  'Ａ', '７', 'А', 'Ο', 'а\u0301', 'ﬁ', '㎒', 'ﷺ', '\ud800', '\udc00', '\udbff\u0301', 'ß', 'İ', 'ǅ', '한', '\u1100\u1161', '\u1161\u0301',
  'नमस्ते', 'क़', 'ক\u09bc', 'ไม้', 'مَرحَبًا', 'Việt', 'ệ', 'ḁ', '你好', '，', 'ɡ', '\u0915\u093c\u094d',
);
const short = fc.array(fc.oneof(pieces, fc.string({ unit: 'grapheme', maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 40 }).map((p) => p.join(''));
// Long text crosses the normaliser's 4 KiB chunks: filler of one kind with tricky pieces around the cuts.
const filler = fc.constantFrom('a', 'é', 'नमस्ते ', '😀', 'e\u0301\u0302', '你好', 'xé\u0301');
const long = fc
  .tuple(filler, fc.integer({ min: 3500, max: 9000 }), fc.array(fc.tuple(fc.nat(), short), { maxLength: 6 }))
  .map(([unit, size, inserts]) => {
    let text = unit.repeat(Math.ceil(size / unit.length));
    for (const [at, piece] of inserts) {
      const cut = at % (text.length + 1);
      text = text.slice(0, cut) + piece + text.slice(cut);
    }
    return text;
  });

describe('normalize against the reference', () => {
  it('short text: same text, and every unit maps to its whole original cluster', () => {
    fc.assert(fc.property(short, (original) => {
      assertMatchesReference(original, normalize(original));
      assertMatchesReference(original, normalizeClusters(original));
    }), { numRuns: RUNS * 10 });
  });

  it('long text across chunk cuts: same text and offsets', () => {
    fc.assert(fc.property(long, (original) => assertMatchesReference(original, normalize(original))), { numRuns: RUNS });
  });

  it('hostile repetitions: one cluster a thousand times, with a change at either end', () => {
    for (const unit of ['e\u0301\u0302', '😀', 'नमस्ते', 'Ａ', '\u200b', 'а', 'é\u0301\u0302', '\u0301']) {
      for (const text of [unit.repeat(3000), `А${unit.repeat(3000)}`, `${unit.repeat(3000)}\u200b`]) assertMatchesReference(text, normalize(text));
    }
  });
});

describe('code point class table', () => {
  it('says KEEP, MARK or CHANGE as each code point on its own does, for the BMP and astral planes with marks and compatibility forms', () => {
    const ranges: Array<[number, number]> = [[0, 0x10000], [0x10000, 0x12000], [0x1d000, 0x1f000], [0xe0000, 0xe0200]];
    for (const [from, to] of ranges) {
      for (let cp = from; cp < to; cp++) {
        const ch = String.fromCodePoint(cp);
        const expected = MARK.test(ch) ? 'mark' : foldCluster(ch) === ch ? 'keep' : 'change';
        const cls = classOf(cp);
        assert.equal(cls === KEEP ? 'keep' : cls === CHANGE ? 'change' : 'mark', expected, `U+${cp.toString(16)}`);
      }
    }
  });
});
