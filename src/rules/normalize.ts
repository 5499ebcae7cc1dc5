// Text normalisation before matching: NFKC (folds fullwidth and compatibility forms), removal of
// zero-width and bidi control characters, and folding of Cyrillic/Greek look-alikes to Latin.
// Keeps a map from every normalised UTF-16 unit back to the ORIGINAL text, so findings report
// offsets the platform can use. Normalisation is done per cluster (a code point plus its combining
// marks) so a cluster is never split: mapped spans always start and end on cluster boundaries.
import { CONFUSABLES } from './confusables.js';

export interface Normalized {
  /** The normalised text the patterns run on. */
  text: string;
  /** True when `text === original`: offsets are the identity. */
  identity: boolean;
  /** Pure ASCII (so a latin1 Buffer of `text` has byte offsets = UTF-16 offsets). */
  ascii: boolean;
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
// Memo of "is a combining mark" for the BMP: 0 unknown, 1 no, 2 yes.
const markMemo = new Uint8Array(0x10000);
function isMark(cp: number): boolean {
  // Combining marks all live at U+0300 and above.
  if (cp < 0x300) return false;
  if (cp < 0x10000) {
    let m = markMemo[cp];
    if (m === 0) {
      m = MARK.test(String.fromCharCode(cp)) ? 2 : 1;
      markMemo[cp] = m;
    }
    return m === 2;
  }
  // Emoji and pictographs (U+1F000-U+1FAFF) are never combining marks: skip the memo.
  if (cp >= 0x1f000 && cp < 0x1fb00) return false;
  let m = astralMarkMemo.get(cp);
  if (m === undefined) {
    m = MARK.test(String.fromCodePoint(cp));
    if (astralMarkMemo.size > 10_000) astralMarkMemo.clear();
    astralMarkMemo.set(cp, m);
  }
  return m;
}
const astralMarkMemo = new Map<number, boolean>();

// Normalised form of a cluster, memoised: chat reuses the same few accented letters and emoji,
// and hostile input repeats one cluster a million times.
const clusterMemo = new Map<string, string>();
function normalizeCluster(cluster: string): string {
  let out = clusterMemo.get(cluster);
  if (out !== undefined) return out;
  const piece = cluster.normalize('NFKC');
  out = '';
  for (let k = 0; k < piece.length; k++) {
    const u = piece.charCodeAt(k);
    if (isInvisible(u)) continue;
    out += CONFUSABLES.get(u) ?? piece[k];
  }
  if (clusterMemo.size > 20_000) clusterMemo.clear();
  clusterMemo.set(cluster, out);
  return out;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Any character that normalisation removes or folds on its own: invisibles and look-alikes. */
const FOLDED = new RegExp(
  `[\\u00ad\\u034f\\u061c\\u180e\\ufeff\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f${[...CONFUSABLES.keys()].map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('')}]`,
);

/**
 * Text that is already NFKC and has no invisible or look-alike character is left as it is by
 * the per-cluster pass (a cluster of NFKC text is NFKC on its own), so emoji, accented or CJK
 * chat skips the cluster walk and its offset map. Lone surrogates take the full path
 * (`isWellFormed` is in Node 20; the ES2023 lib types lack it).
 */
function unchanged(original: string): boolean {
  if (FOLDED.test(original) || !(original as string & { isWellFormed(): boolean }).isWellFormed()) return false;
  // A changed head settles it early (a cut there can only make the head look changed, which
  // merely sends the text down the full pass): decomposed or compatibility text costs one NFKC
  // of 1 KiB, not of the whole text.
  if (original.length > 2048) {
    const head = original.slice(0, 1024);
    if (head.normalize('NFKC') !== head) return false;
  }
  return original.normalize('NFKC') === original;
}

/** Offset map under construction: two parallel Int32Arrays grown by doubling. */
class OffsetMap {
  starts: Int32Array;
  ends: Int32Array;
  n = 0;
  constructor(cap: number) {
    this.starts = new Int32Array(Math.max(16, cap));
    this.ends = new Int32Array(Math.max(16, cap));
  }
  /** Records `count` normalised units that came from the original cluster [start, end). */
  add(start: number, end: number, count: number): void {
    const need = this.n + count;
    if (need > this.starts.length) {
      const cap = Math.max(need, this.starts.length * 2);
      const s = new Int32Array(cap);
      s.set(this.starts);
      const e = new Int32Array(cap);
      e.set(this.ends);
      this.starts = s;
      this.ends = e;
    }
    if (count < 8) {
      for (let k = this.n; k < need; k++) {
        this.starts[k] = start;
        this.ends[k] = end;
      }
    } else {
      this.starts.fill(start, this.n, need);
      this.ends.fill(end, this.n, need);
    }
    this.n = need;
  }
}

// Single-code-point clusters, memoised by code point; SAME = unchanged by normalisation.
const SAME = '\u0000same';
const pointMemo = new Map<number, string>();

export function normalize(original: string): Normalized {
  if (ASCII_ONLY.test(original)) return { text: original, identity: true, ascii: true, originalLength: original.length };
  if (unchanged(original)) return { text: original, identity: true, ascii: false, originalLength: original.length };
  return normalizeClusters(original);
}

/** The full per-cluster pass (exported for tests that compare it with the fast paths). */
export function normalizeClusters(original: string): Normalized {
  const len = original.length;
  const map = new OffsetMap(len + 8);
  // Unchanged text is copied in runs: [copyFrom, i) is pending. (V8 builds `out` as a rope:
  // cheaper than an array of pieces joined at the end.)
  let out = '';
  let copyFrom = 0;
  // The previous multi-unit cluster and its result: repeated clusters skip the memo lookup.
  let prevRaw = '';
  let prevPiece: string | null = null;
  let lastCp = -1;
  let lastPointPiece: string | null = null;
  let i = 0;
  while (i < len) {
    const c = original.charCodeAt(i);
    // Fast path: an ASCII character not followed by a combining mark is its own, unchanged cluster.
    if (c < 0x80) {
      const next = i + 1 < len ? original.charCodeAt(i + 1) : 0;
      if (next < 0x300 || !isMark(original.codePointAt(i + 1) ?? 0)) {
        map.add(i, i + 1, 1);
        i++;
        continue;
      }
    }
    const cp = original.codePointAt(i) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    let j = i + width;
    while (j < len) {
      const next = original.charCodeAt(j);
      if (next < 0x300) break;
      const ncp = next >= 0xd800 && next <= 0xdbff ? (original.codePointAt(j) ?? next) : next;
      if (!isMark(ncp)) break;
      j += ncp > 0xffff ? 2 : 1;
    }
    if (j - i === width && isInvisible(cp)) {
      if (i > copyFrom) out += original.slice(copyFrom, i);
      copyFrom = j;
      i = j;
      continue;
    }
    let piece: string | null;
    if (j - i === width && cp === lastCp) {
      piece = lastPointPiece;
    } else if (j - i === width) {
      let memo = pointMemo.get(cp);
      if (memo === undefined) {
        const raw = String.fromCodePoint(cp);
        const n = normalizeCluster(raw);
        memo = n === raw ? SAME : n;
        if (pointMemo.size > 50_000) pointMemo.clear();
        pointMemo.set(cp, memo);
      }
      piece = memo === SAME ? null : memo;
      lastCp = cp;
      lastPointPiece = piece;
    } else if (j - i === prevRaw.length && original.startsWith(prevRaw, i)) {
      piece = prevPiece;
    } else {
      const raw = original.slice(i, j);
      const n = normalizeCluster(raw);
      piece = n === raw ? null : n;
      prevRaw = raw;
      prevPiece = piece;
    }
    if (piece === null) {
      map.add(i, j, j - i);
    } else {
      if (i > copyFrom) out += original.slice(copyFrom, i);
      out += piece;
      copyFrom = j;
      map.add(i, j, piece.length);
    }
    i = j;
  }
  if (len > copyFrom) out += original.slice(copyFrom, len);
  return { text: out, identity: false, ascii: false, originalLength: len, starts: map.starts.subarray(0, map.n), ends: map.ends.subarray(0, map.n) };
}

/** Maps a span [start, end) of the normalised text to the original text. */
export function toOriginalSpan(n: Normalized, start: number, end: number): { start: number; end: number } {
  if (n.identity && !n.ascii) return widenToClusters(n.text, start, end);
  if (n.identity || !n.starts || !n.ends) return { start, end };
  const total = n.starts.length;
  const s = start < total ? (n.starts[start] ?? n.originalLength) : n.originalLength;
  if (end <= start) return { start: s, end: s };
  const e = end - 1 < total ? (n.ends[end - 1] ?? n.originalLength) : n.originalLength;
  return { start: s, end: Math.max(s, e) };
}

/** Whether `text[i]` continues the cluster before it: the low half of a pair, or a combining mark. */
function continuesCluster(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff) return i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
  return c >= 0x300 && isMark(text.codePointAt(i) ?? c);
}

/** Unchanged non-ASCII text: a span widened to whole clusters, as the offset map would give. */
function widenToClusters(text: string, start: number, end: number): { start: number; end: number } {
  let s = Math.min(start, text.length);
  while (s > 0 && s < text.length && continuesCluster(text, s)) s--;
  if (end <= start) return { start: s, end: s };
  let e = Math.min(end, text.length);
  while (e < text.length && continuesCluster(text, e)) e++;
  return { start: s, end: Math.max(s, e) };
}
