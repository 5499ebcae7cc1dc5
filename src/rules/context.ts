// Context words: case-insensitive words or phrases on word boundaries within a window of
// characters either side of the match.
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 0x7f;
}

/** Lower-case with the same UTF-16 length, so offsets stay valid. */
export function lowerSameLength(text: string): string {
  const l = text.toLowerCase();
  if (l.length === text.length) return l;
  let out = '';
  for (const ch of text) {
    const lc = ch.toLowerCase();
    out += lc.length === ch.length ? lc : ch;
  }
  return out;
}

/**
 * The context words (already lower-case) present in `text[from, to)`, case-insensitively.
 * `lowered`: `text` is already lower-cased (the same as lower-casing the window: see the engine).
 */
export function contextWordsNear(text: string, from: number, to: number, words: readonly string[], lowered = false): string[] {
  const lo = Math.max(0, from);
  const hi = Math.min(text.length, to);
  // Lower-case and search the window only (one extra character each side for the boundary
  // check): doing either over the rest of a long text for every candidate would make bulk scans
  // quadratic, and lower-casing a whole 256 KiB segment costs more than all its windows together.
  const base = Math.max(0, lo - 1);
  const slice = text.slice(base, Math.min(text.length, hi + 1));
  const win = lowered ? slice : lowerSameLength(slice);
  const seen: string[] = [];
  for (const w of words) {
    let at = win.indexOf(w, lo - base);
    while (at !== -1 && base + at + w.length <= hi) {
      const before = at > 0 ? win.charCodeAt(at - 1) : 32;
      const after = at + w.length < win.length ? win.charCodeAt(at + w.length) : 32;
      const wordStart = !isWordCode(w.charCodeAt(0)) || !isWordCode(before);
      const wordEnd = !isWordCode(w.charCodeAt(w.length - 1)) || !isWordCode(after);
      if (wordStart && wordEnd) {
        seen.push(w);
        break;
      }
      at = win.indexOf(w, at + 1);
    }
  }
  return seen;
}
