// Small pieces of RE2 syntax shared by the walks that rewrite a rule's pattern source
// (combined-pass.ts `locatorOf`, span-regex.ts `secretOnlyCaptures`).

/** A named group opening, `(?P<name>` or `(?<name>`; group 1 is the name. */
export const NAMED_GROUP = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/;

/**
 * Index just past the character class that opens at `pattern[start]` (a `[`): a leading `]`
 * (after an optional `^`) is a literal, escapes and POSIX classes (`[:alpha:]`) do not close it.
 */
export function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === ']') return i + 1;
    const posix = c === '[' ? /^\[:\^?[a-z]+:\]/.exec(pattern.slice(i, i + 16)) : null;
    i += posix ? posix[0].length : 1;
  }
  return pattern.length;
}
