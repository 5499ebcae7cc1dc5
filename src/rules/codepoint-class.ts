// What normalisation does to each code point on its own, as a table filled lazily in blocks of
// 256 from String.prototype.normalize itself (so it follows the ICU of the running Node): most
// text then needs one table load per code point instead of an NFKC pass to prove it unchanged.
import { CONFUSABLES } from './confusables.js';

/** Left as it is by normalisation and not a combining mark. */
export const KEEP = 1;
/** A combining mark (\p{M}): continues the cluster before it. */
export const MARK = 2;
/** Not a mark, and changed on its own: NFKC, an invisible, or a look-alike. */
export const CHANGE = 3;

/** Zero-width, joiners, soft hyphen, BOM and bidi controls: removed entirely. */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad || cp === 0x034f || cp === 0x061c || cp === 0x180e || cp === 0xfeff ||
    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x206f)
  );
}

/** NFKC, then invisibles dropped and look-alikes folded: what one cluster normalises to. */
export function foldCluster(cluster: string): string {
  const piece = cluster.normalize('NFKC');
  const units: number[] = [];
  for (let k = 0; k < piece.length; k++) {
    const u = piece.charCodeAt(k);
    if (isInvisible(u)) continue;
    const latin = CONFUSABLES.get(u);
    if (latin === undefined) units.push(u);
    else for (let m = 0; m < latin.length; m++) units.push(latin.charCodeAt(m));
  }
  // One flat string (not a concatenation), as the normaliser reads it unit by unit many times.
  return String.fromCharCode(...units);
}

// 0 = block not filled yet. Untouched pages of the 1.1 MB table are never made resident.
const classes = new Uint8Array(0x110000);
classes.fill(KEEP, 0, 0x80);
const MARKS = /\p{M}/gu;

/** Any code unit that folding removes or replaces (invisibles and look-alikes are all in the BMP). */
export const FOLDED = new RegExp(
  `[${Array.from({ length: 0x10000 }, (_, cp) => cp)
    .filter((cp) => isInvisible(cp) || CONFUSABLES.has(cp))
    .map((cp) => `\\u${cp.toString(16).padStart(4, '0')}`)
    .join('')}]`,
);

/**
 * Fills the 256 code points of `cp`'s block. One NFKC call proves a whole block unchanged: the
 * code points are joined by newlines, which compose with nothing and reorder nothing, so the
 * joined string is unchanged exactly when each code point is. Only blocks with compatibility
 * forms (Latin-1, fullwidth, math letters...) take one call per code point.
 */
function fillBlock(cp: number): number {
  const first = cp & ~0xff;
  // Each code point followed by '\n', built from units (String.fromCodePoint per code point is slow).
  const stride = first > 0xffff ? 3 : 2;
  const units = new Uint16Array(0x100 * stride);
  for (let k = 0; k < 0x100; k++) {
    const c = first + k;
    if (stride === 3) {
      units[3 * k] = 0xd800 + ((c - 0x10000) >> 10);
      units[3 * k + 1] = 0xdc00 + ((c - 0x10000) & 0x3ff);
    } else {
      units[2 * k] = c;
    }
    units[stride * k + stride - 1] = 0x0a;
  }
  const joined = String.fromCharCode.apply(null, units as unknown as number[]);
  const blockKept = joined.normalize('NFKC') === joined;
  // Marks found by one regex pass over the joined block.
  const isMark = new Uint8Array(0x100);
  MARKS.lastIndex = 0;
  for (let m = MARKS.exec(joined); m !== null; m = MARKS.exec(joined)) isMark[m.index / stride] = 1;
  for (let k = 0; k < 0x100; k++) {
    const c = first + k;
    let cls: number;
    if (isMark[k] === 1) cls = MARK;
    else if (isInvisible(c) || CONFUSABLES.has(c)) cls = CHANGE;
    else if (blockKept) cls = KEEP;
    else {
      const ch = String.fromCodePoint(c);
      cls = foldCluster(ch) === ch ? KEEP : CHANGE;
    }
    classes[c] = cls;
  }
  return classes[cp] ?? CHANGE;
}

/** KEEP, MARK or CHANGE for a code point (a lone surrogate counts as a code point). */
export function classOf(cp: number): number {
  const cls = classes[cp] ?? 0;
  return cls !== 0 ? cls : fillBlock(cp);
}

/**
 * End of the cluster whose base ends at `j`: past the combining marks that follow it. Marks all
 * live at U+0300 and above, so anything below ends the cluster without a table load.
 */
export function clusterEnd(text: string, j: number): number {
  const len = text.length;
  while (j < len) {
    const u = text.charCodeAt(j);
    if (u < 0x300) break;
    if (u >= 0xd800 && u <= 0xdbff && j + 1 < len) {
      const d = text.charCodeAt(j + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (classOf(((u - 0xd800) << 10) + (d - 0xdc00) + 0x10000) !== MARK) break;
        j += 2;
        continue;
      }
    }
    if (classOf(u) !== MARK) break;
    j++;
  }
  return j;
}
