// Text normalisation before matching: NFKC (folds fullwidth and compatibility forms), removal of
// zero-width and bidi control characters, and folding of Cyrillic/Greek look-alikes to Latin.
// Keeps a map from every normalised UTF-16 unit back to the ORIGINAL text, so findings report
// offsets the platform can use. Normalisation is done per cluster (a code point plus its combining
// marks) so a cluster is never split: mapped spans always start and end on cluster boundaries.
import { classOf, clusterEnd, foldCluster, FOLDED_MARK, KEEP, MARK } from './codepoint-class.js';

export { isInvisible } from './codepoint-class.js';

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

// Normalised form of a multi-code-point cluster, memoised: chat reuses the same few accented
// letters and emoji, and hostile input repeats one cluster a million times. null = unchanged.
const clusterMemo = new Map<string, string | null>();
// The last cluster looked up, so a run of one cluster skips even the memo.
let lastCluster = '';
let lastClusterPiece: string | null = null;

function clusterPiece(text: string, i: number, j: number): string | null {
  if (j - i === lastCluster.length && text.startsWith(lastCluster, i)) return lastClusterPiece;
  const raw = text.slice(i, j);
  let piece = clusterMemo.get(raw);
  if (piece === undefined) {
    const folded = foldCluster(raw);
    piece = folded === raw ? null : folded;
    if (clusterMemo.size > 20_000) clusterMemo.clear();
    clusterMemo.set(raw, piece);
  }
  lastCluster = raw;
  lastClusterPiece = piece;
  return piece;
}

// Single code points that normalisation changes (look-alikes, fullwidth forms...), memoised.
const pointMemo = new Map<number, string | null>();

function pointPiece(cp: number): string | null {
  let piece = pointMemo.get(cp);
  if (piece === undefined) {
    const raw = String.fromCodePoint(cp);
    const folded = foldCluster(raw);
    piece = folded === raw ? null : folded;
    if (pointMemo.size > 50_000) pointMemo.clear();
    pointMemo.set(cp, piece);
  }
  return piece;
}

/** The code point at `i` (a lone surrogate counts as one). */
function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/**
 * What normalisation makes of the cluster [i, j) whose base is `cp`: null when it stays as it
 * is. Single code points are settled by the class table; clusters with marks by the memo.
 */
function pieceOf(text: string, i: number, j: number, cp: number): string | null {
  if (j - i === (cp > 0xffff ? 2 : 1)) return classOf(cp) === KEEP ? null : pointPiece(cp);
  return clusterPiece(text, i, j);
}

// Text is checked in chunks of about this many units (cut between clusters): a chunk whose
// clusters the table and one NFKC call prove unchanged is copied without per-cluster work.
const CHUNK = 4096;

/** End of the chunk that starts at `a`: CHUNK units on, moved forward to a cluster boundary. */
function chunkEnd(text: string, a: number): number {
  let cut = a + CHUNK;
  if (cut >= text.length) return text.length;
  const c = text.charCodeAt(cut);
  if (c >= 0xdc00 && c <= 0xdfff && text.charCodeAt(cut - 1) >= 0xd800 && text.charCodeAt(cut - 1) <= 0xdbff) cut++;
  return clusterEnd(text, cut);
}

/**
 * Whether normalisation leaves every cluster of [a, b) as it is. Single code points are settled
 * by the class table. Clusters with marks are settled by the memo when they repeat the last one
 * (or for the first one in the chunk); the others by one NFKC call over the chunk, which is
 * unchanged only if each of its clusters is (each starts with a starter, so none composes or
 * reorders with its neighbours), plus a check for the few marks folding removes.
 */
function chunkUnchanged(text: string, a: number, b: number): boolean {
  let unverified = false;
  let lookedUp = false;
  let i = a;
  while (i < b) {
    if (text.charCodeAt(i) < 0x80 && (i + 1 === b || text.charCodeAt(i + 1) < 0x300)) {
      i++;
      continue;
    }
    const cp = codePointAt(text, i);
    const base = i + (cp > 0xffff ? 2 : 1);
    const j = clusterEnd(text, base);
    if (j === base || classOf(cp) !== KEEP) {
      if (pieceOf(text, i, j, cp) !== null) return false;
    } else if (j - i === lastCluster.length && text.startsWith(lastCluster, i)) {
      if (lastClusterPiece !== null) return false;
    } else if (!lookedUp) {
      lookedUp = true;
      if (clusterPiece(text, i, j) !== null) return false;
    } else {
      unverified = true;
    }
    i = j;
  }
  if (!unverified) return true;
  const chunk = text.slice(a, b);
  return !FOLDED_MARK.test(chunk) && chunk.normalize('NFKC') === chunk;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function normalize(original: string): Normalized {
  if (ASCII_ONLY.test(original)) return { text: original, identity: true, ascii: true, originalLength: original.length };
  let a = 0;
  for (let b = chunkEnd(original, 0); a < original.length && chunkUnchanged(original, a, b); b = chunkEnd(original, b)) a = b;
  if (a >= original.length) return { text: original, identity: true, ascii: false, originalLength: original.length };
  return buildNormalized(original, a, true);
}

/** The full per-cluster pass, without the unchanged-text shortcuts (for tests). */
export function normalizeClusters(original: string): Normalized {
  return buildNormalized(original, 0, false);
}

/**
 * The per-cluster pass: the normalised text and, for each of its units, the original cluster it
 * came from. Text before `from` is known to be unchanged; with `skipUnchanged`, so is any later
 * chunk that `chunkUnchanged` accepts.
 */
function buildNormalized(original: string, from: number, skipUnchanged: boolean): Normalized {
  const len = original.length;
  const out = new NormalizedBuilder(len + 16);
  out.clusters(original, 0, from, false);
  for (let a = from; a < len; ) {
    const b = chunkEnd(original, a);
    out.clusters(original, a, b, !(skipUnchanged && a > from && chunkUnchanged(original, a, b)));
    a = b;
  }
  return out.result(len);
}

/** Normalised units and their original clusters, in typed arrays decoded once at the end (linear
 * however many clusters change). */
class NormalizedBuilder {
  private out: Uint16Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private n = 0;
  private units = 0;

  constructor(cap: number) {
    this.out = new Uint16Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
  }

  /** Adds the clusters of original[a, b): normalised when `normalise`, else copied as they are. */
  clusters(original: string, a: number, b: number, normalise: boolean): void {
    let { out, starts, ends, n, units } = this;
    let i = a;
    while (i < b) {
      let j = i + 1;
      let piece: string | null = null;
      if (original.charCodeAt(i) >= 0x80 || (j < b && original.charCodeAt(j) >= 0x300)) {
        const cp = codePointAt(original, i);
        j = clusterEnd(original, i + (cp > 0xffff ? 2 : 1));
        if (normalise) piece = pieceOf(original, i, j, cp);
      }
      // The units of `piece`, or of the cluster itself when null, all come from [i, j).
      const count = piece === null ? j - i : piece.length;
      if (n + count > out.length) {
        this.n = n;
        this.grow(n + count);
        ({ out, starts, ends } = this);
      }
      for (let k = 0; k < count; k++) {
        const u = piece === null ? original.charCodeAt(i + k) : piece.charCodeAt(k);
        units |= u;
        out[n] = u;
        starts[n] = i;
        ends[n] = j;
        n++;
      }
      i = j;
    }
    this.n = n;
    this.units = units;
  }

  private grow(need: number): void {
    const cap = Math.max(need, this.out.length * 2);
    const out = new Uint16Array(cap);
    out.set(this.out);
    const starts = new Int32Array(cap);
    starts.set(this.starts);
    const ends = new Int32Array(cap);
    ends.set(this.ends);
    this.out = out;
    this.starts = starts;
    this.ends = ends;
  }

  result(originalLength: number): Normalized {
    const n = this.n;
    return {
      // utf16le keeps lone surrogates as they are (TextDecoder would replace them).
      text: Buffer.from(this.out.buffer, 0, n * 2).toString('utf16le'),
      identity: false,
      ascii: this.units < 0x80,
      originalLength,
      starts: this.starts.subarray(0, n),
      ends: this.ends.subarray(0, n),
    };
  }
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
  return c >= 0x300 && classOf(codePointAt(text, i)) === MARK;
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
