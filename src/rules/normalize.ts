// Text normalisation before matching: NFKC (folds fullwidth and compatibility forms), removal of
// zero-width and bidi control characters, and folding of Cyrillic/Greek look-alikes to Latin.
// Keeps a map from every normalised UTF-16 unit back to the ORIGINAL text, so findings report
// offsets the platform can use. Normalisation is done per cluster (a code point plus its combining
// marks) so a cluster is never split: mapped spans always start and end on cluster boundaries.
import { classOf, clusterEnd, foldCluster, FOLDED, KEEP, MARK } from './codepoint-class.js';

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

/** Whether text[i, j) is the last cluster looked up (compared unit by unit: cheaper than startsWith). */
function isLastCluster(text: string, i: number, j: number): boolean {
  if (j - i !== lastCluster.length) return false;
  for (let k = i; k < j; k++) if (text.charCodeAt(k) !== lastCluster.charCodeAt(k - i)) return false;
  return true;
}

function clusterPiece(text: string, i: number, j: number): string | null {
  if (isLastCluster(text, i, j)) return lastClusterPiece;
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

// Single code points that normalisation changes (look-alikes, fullwidth forms...), memoised: the
// BMP in a dense array (one element load per letter of Cyrillic or fullwidth text), others in a Map.
let bmpPieces: Array<string | null | undefined> | undefined;
const astralPieces = new Map<number, string | null>();

function pointPiece(cp: number): string | null {
  if (cp < 0x10000) {
    bmpPieces ??= new Array<string | null | undefined>(0x10000).fill(undefined);
    let piece = bmpPieces[cp];
    if (piece === undefined) bmpPieces[cp] = piece = foldPoint(cp);
    return piece;
  }
  let piece = astralPieces.get(cp);
  if (piece === undefined) {
    piece = foldPoint(cp);
    if (astralPieces.size > 50_000) astralPieces.clear();
    astralPieces.set(cp, piece);
  }
  return piece;
}

function foldPoint(cp: number): string | null {
  const raw = String.fromCodePoint(cp);
  const folded = foldCluster(raw);
  return folded === raw ? null : folded;
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

const NOT_ASCII = /[^\x00-\x7f]/g;

/**
 * End of the run of ASCII units from `i` that are clusters on their own, in `part` = text[a, b):
 * up to the next non-ASCII unit, or the one before it if that may be a mark belonging to it; `i`
 * when there is none. Short runs are read unit by unit, long ones skipped by the regex engine.
 */
function asciiRunEnd(text: string, part: string, a: number, b: number, i: number): number {
  const stop = Math.min(b, i + 32);
  let k = i;
  while (k < stop && text.charCodeAt(k) < 0x80) k++;
  if (k === stop && k < b) {
    NOT_ASCII.lastIndex = k - a;
    k = NOT_ASCII.test(part) ? a + NOT_ASCII.lastIndex - 1 : b;
  }
  if (k === b) return b;
  return k === i || text.charCodeAt(k) < 0x300 ? k : k - 1;
}

/**
 * Whether normalisation leaves every cluster of [a, b) as it is. The walk settles single code
 * points by the class table, and clusters with marks by the memo when they repeat the last one
 * (or for the first one in the chunk). At the next cluster with marks, the rest of the chunk is
 * settled at once: it has no unit that folding changes, and NFKC leaves it as it is, which it
 * does only if it leaves each of its clusters (each starts with a starter, so none composes or
 * reorders with its neighbours).
 */
function chunkUnchanged(text: string, a: number, b: number): boolean {
  const part = text.slice(a, b);
  let lookedUp = false;
  let i = a;
  while (i < b) {
    const runEnd = asciiRunEnd(text, part, a, b, i);
    if (runEnd > i) {
      i = runEnd;
      continue;
    }
    const cp = codePointAt(text, i);
    const base = i + (cp > 0xffff ? 2 : 1);
    const j = clusterEnd(text, base);
    if (j === base || classOf(cp) !== KEEP) {
      if (pieceOf(text, i, j, cp) !== null) return false;
    } else if (isLastCluster(text, i, j)) {
      if (lastClusterPiece !== null) return false;
    } else if (!lookedUp) {
      lookedUp = true;
      if (clusterPiece(text, i, j) !== null) return false;
    } else {
      const rest = text.slice(i, b);
      return !FOLDED.test(rest) && rest.normalize('NFKC') === rest;
    }
    i = j;
  }
  return true;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function normalize(original: string): Normalized {
  if (ASCII_ONLY.test(original)) return { text: original, identity: true, ascii: true, originalLength: original.length };
  for (let a = 0; a < original.length; ) {
    const b = chunkEnd(original, a);
    if (!chunkUnchanged(original, a, b)) return buildNormalized(original, a, true);
    a = b;
  }
  return { text: original, identity: true, ascii: false, originalLength: original.length };
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
  const out = new NormalizedBuilder(len);
  out.copy(original, 0, from);
  for (let a = from; a < len; ) {
    const b = chunkEnd(original, a);
    if (skipUnchanged && a > from && chunkUnchanged(original, a, b)) out.copy(original, a, b);
    else out.normalise(original, a, b);
    a = b;
  }
  return out.result(len);
}

// Buffers reused between calls (normalising is synchronous): typed arrays allocated per call
// cost more than filling them. A normalised chunk's units are decoded into a string at its end;
// the offset map of text up to SCRATCH_MAP long is copied out at its exact size at the end.
const SCRATCH_MAP = 64 * 1024;
let unitScratch = new Uint16Array(4 * CHUNK);
const mapScratch = { starts: new Int32Array(SCRATCH_MAP), ends: new Int32Array(SCRATCH_MAP) };

/** The first `m` units as a string; utf16le keeps lone surrogates as they are (TextDecoder would not). */
function decodeUnits(units: Uint16Array, m: number): string {
  if (m <= 256) return String.fromCharCode.apply(null, units.subarray(0, m) as unknown as number[]);
  return Buffer.from(units.buffer, 0, m * 2).toString('utf16le');
}

/** The normalised text, and for each of its units the original cluster it came from. */
class NormalizedBuilder {
  // Built by concatenation of whole chunks (a few hundred pieces per MB at most).
  private text = '';
  private starts: Int32Array;
  private ends: Int32Array;
  private n = 0;
  private ascii = true;

  constructor(originalLength: number) {
    const cap = originalLength + 16;
    const reuse = cap <= SCRATCH_MAP;
    this.starts = reuse ? mapScratch.starts : new Int32Array(cap);
    this.ends = reuse ? mapScratch.ends : new Int32Array(cap);
  }

  /** Adds original[a, b), whose clusters normalisation leaves as they are. */
  copy(original: string, a: number, b: number): void {
    if (b <= a) return;
    const part = original.slice(a, b);
    this.text += part;
    this.reserve(b - a);
    const { starts, ends } = this;
    let n = this.n;
    let ascii = this.ascii;
    for (let i = a; i < b; ) {
      const runEnd = asciiRunEnd(original, part, a, b, i);
      if (runEnd > i) {
        for (; i < runEnd; i++, n++) {
          starts[n] = i;
          ends[n] = i + 1;
        }
        continue;
      }
      const j = clusterEnd(original, i + (codePointAt(original, i) > 0xffff ? 2 : 1));
      ascii = false;
      for (let k = i; k < j; k++) {
        starts[n] = i;
        ends[n] = j;
        n++;
      }
      i = j;
    }
    this.n = n;
    this.ascii = ascii;
  }

  /** Adds the clusters of original[a, b), each normalised. */
  normalise(original: string, a: number, b: number): void {
    this.reserve(b - a);
    let { starts, ends } = this;
    let units = unitScratch;
    let n = this.n;
    let m = 0;
    let bits = 0;
    for (let i = a; i < b; ) {
      let j = i + 1;
      let piece: string | null = null;
      if (original.charCodeAt(i) >= 0x80 || (j < b && original.charCodeAt(j) >= 0x300)) {
        const cp = codePointAt(original, i);
        j = clusterEnd(original, i + (cp > 0xffff ? 2 : 1));
        piece = pieceOf(original, i, j, cp);
      }
      // The units of `piece`, or of the cluster itself when null, all come from [i, j).
      const count = piece === null ? j - i : piece.length;
      if (n + count > starts.length) {
        this.n = n;
        this.reserve(count + (b - j));
        ({ starts, ends } = this);
      }
      if (m + count > units.length) {
        const wider = new Uint16Array(Math.max(m + count + (b - j), units.length * 2));
        wider.set(units);
        units = unitScratch = wider;
      }
      for (let k = 0; k < count; k++) {
        const u = piece === null ? original.charCodeAt(i + k) : piece.charCodeAt(k);
        bits |= u;
        units[m++] = u;
        starts[n] = i;
        ends[n] = j;
        n++;
      }
      i = j;
    }
    this.n = n;
    this.text += decodeUnits(units, m);
    if (bits >= 0x80) this.ascii = false;
  }

  /** Room for `count` more entries in the offset map (text that expands outgrows the scratch). */
  private reserve(count: number): void {
    const need = this.n + count;
    if (need <= this.starts.length) return;
    const cap = Math.max(need, this.starts.length * 2);
    const starts = new Int32Array(cap);
    starts.set(this.starts.subarray(0, this.n));
    const ends = new Int32Array(cap);
    ends.set(this.ends.subarray(0, this.n));
    this.starts = starts;
    this.ends = ends;
  }

  result(originalLength: number): Normalized {
    const n = this.n;
    let { starts, ends } = this;
    if (starts === mapScratch.starts) {
      // One allocation for both halves of the map.
      const map = new Int32Array(2 * n);
      map.set(starts.subarray(0, n));
      map.set(ends.subarray(0, n), n);
      starts = map.subarray(0, n);
      ends = map.subarray(n);
    } else {
      starts = starts.subarray(0, n);
      ends = ends.subarray(0, n);
    }
    return {
      text: this.text,
      identity: false,
      ascii: this.ascii,
      originalLength,
      starts,
      ends,
    };
  }
}

/** Maps a span [start, end) of the normalised text to the original text. */
export function toOriginalSpan(n: Normalized, start: number, end: number): { start: number; end: number } {
  if (n.identity && !n.ascii) return widenToClusters(n.text, start, end);
  if (n.identity || !n.starts || !n.ends) return { start, end };
  const total = n.starts.length;
  const s = start < total ? (n.starts[start] ?? 0) : n.originalLength;
  if (end <= start) return { start: s, end: s };
  const e = end - 1 < total ? (n.ends[end - 1] ?? 0) : n.originalLength;
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
