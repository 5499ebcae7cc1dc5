// Text normalisation before matching: NFKC (folds fullwidth and compatibility forms), removal of
// zero-width and bidi control characters, and folding of Cyrillic/Greek look-alikes to Latin.
// Keeps a map from every normalised UTF-16 unit back to the ORIGINAL text, so findings report
// offsets the platform can use. Normalisation is done per cluster (a code point plus its combining
// marks) so a cluster is never split: mapped spans always start and end on cluster boundaries.
import { CONFUSABLES } from './confusables.js';

export interface Normalized {
  /** The normalised text the patterns run on. */
  text: string;
  /** True when `text === original` (pure ASCII): offsets are the identity. */
  identity: boolean;
  originalLength: number;
  /** For normalised unit i: start/end (exclusive) of the original cluster it came from. */
  starts?: Int32Array;
  ends?: Int32Array;
}

/** Zero-width, joiners, soft hyphen, BOM and bidi controls: removed entirely. */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad || cp === 0x034f || cp === 0x061c || cp === 0x180e || cp === 0xfeff ||
    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x206f)
  );
}

const MARK = /^\p{M}$/u;
function isMark(cp: number): boolean {
  // Combining marks all live at U+0300 and above.
  return cp >= 0x300 && MARK.test(String.fromCodePoint(cp));
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

class Growable {
  a: Int32Array;
  n = 0;
  constructor(cap: number) {
    this.a = new Int32Array(Math.max(16, cap));
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}

export function normalize(original: string): Normalized {
  if (ASCII_ONLY.test(original)) return { text: original, identity: true, originalLength: original.length };
  const len = original.length;
  const starts = new Growable(len + 8);
  const ends = new Growable(len + 8);
  const out: string[] = [];
  let i = 0;
  while (i < len) {
    const c = original.charCodeAt(i);
    // Fast path: an ASCII character not followed by a combining mark is its own cluster.
    if (c < 0x80) {
      let j = i;
      while (j < len && original.charCodeAt(j) < 0x80 && !(j + 1 < len && original.charCodeAt(j + 1) >= 0x300 && isMark(original.codePointAt(j + 1) ?? 0))) {
        starts.push(j);
        ends.push(j + 1);
        j++;
      }
      if (j > i) {
        out.push(original.slice(i, j));
        i = j;
        continue;
      }
    }
    const cp = original.codePointAt(i) ?? c;
    let j = i + (cp > 0xffff ? 2 : 1);
    while (j < len) {
      const next = original.codePointAt(j) ?? 0;
      if (!isMark(next)) break;
      j += next > 0xffff ? 2 : 1;
    }
    if (j - i === (cp > 0xffff ? 2 : 1) && isInvisible(cp)) {
      i = j;
      continue;
    }
    let piece = original.slice(i, j).normalize('NFKC');
    let folded = '';
    for (let k = 0; k < piece.length; k++) {
      const u = piece.charCodeAt(k);
      if (isInvisible(u)) continue;
      folded += CONFUSABLES.get(u) ?? piece[k];
    }
    piece = folded;
    for (let k = 0; k < piece.length; k++) {
      starts.push(i);
      ends.push(j);
    }
    out.push(piece);
    i = j;
  }
  return { text: out.join(''), identity: false, originalLength: len, starts: starts.done(), ends: ends.done() };
}

/** Maps a span [start, end) of the normalised text to the original text. */
export function toOriginalSpan(n: Normalized, start: number, end: number): { start: number; end: number } {
  if (n.identity || !n.starts || !n.ends) return { start, end };
  const total = n.starts.length;
  const s = start < total ? (n.starts[start] ?? n.originalLength) : n.originalLength;
  if (end <= start) return { start: s, end: s };
  const e = end - 1 < total ? (n.ends[end - 1] ?? n.originalLength) : n.originalLength;
  return { start: s, end: Math.max(s, e) };
}
