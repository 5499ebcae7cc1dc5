// Gate for prose rules in long text: a probe hit (a term's stem prefix at a word start) only
// matters when one of the rule's terms really occurs there. Checking that on the few words
// around the hit is far cheaper than tokenising a window of ±`within` words around every hit
// (a probe such as "sick" or "sign" occurs all over bulk text, a full term rarely).
import { findProse, tokenize, type CompiledProse } from './prose.js';

/** The rule's terms alone (no near-words, no person cue): "does any term occur in these tokens". */
export function termsOnly(p: CompiledProse): CompiledProse {
  const t: CompiledProse = { ...p, near: [], nearPerson: false, nearByFirst: new Map(), minTerms: 1 };
  // Negative cues only ever remove hits: the gate must not, so it ignores them.
  if ('notNear' in t) Object.assign(t, { notNear: [], notNearByFirst: new Map() });
  return t;
}

/** Longest term of the rule, in words (how far either side of a hit a term can reach). */
export function longestTerm(p: CompiledProse): number {
  let n = 1;
  for (const t of p.terms) n = Math.max(n, t.stems.length);
  return n;
}

// Word runs as the tokeniser sees them. Non-ASCII counts as a word character here, which can
// only merge runs (so the walk goes further, never less far than needed).
function wordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39 || c > 127;
}
function realCode(c: number): boolean {
  return c !== 39 && wordCode(c);
}

/** Start of the run containing `at`, then `words` more runs back (runs of only apostrophes do not count). */
function walkBack(text: string, at: number, words: number): number {
  let i = at;
  while (i > 0 && wordCode(text.charCodeAt(i - 1))) i--;
  let left = words;
  while (left > 0 && i > 0) {
    let j = i;
    while (j > 0 && !wordCode(text.charCodeAt(j - 1))) j--;
    let real = false;
    while (j > 0 && wordCode(text.charCodeAt(j - 1))) {
      if (realCode(text.charCodeAt(j - 1))) real = true;
      j--;
    }
    if (j === i) break;
    i = j;
    if (real) left--;
  }
  return i;
}

/** End of the run containing `at`, then `words` more runs forward. */
function walkForward(text: string, at: number, words: number): number {
  const n = text.length;
  let i = at;
  while (i < n && wordCode(text.charCodeAt(i))) i++;
  let left = words;
  while (left > 0 && i < n) {
    let j = i;
    while (j < n && !wordCode(text.charCodeAt(j))) j++;
    let real = false;
    while (j < n && wordCode(text.charCodeAt(j))) {
      if (realCode(text.charCodeAt(j))) real = true;
      j++;
    }
    if (j === i) break;
    i = j;
    if (real) left--;
  }
  return i;
}

/**
 * Whether one of the rule's terms occurs in the words around the probe hit that starts at
 * `wordStart` (the term containing the hit, whichever of its words the probe came from).
 */
export function termNear(text: string, wordStart: number, terms: CompiledProse, span: number, wanted: ReadonlySet<string>): boolean {
  const a = walkBack(text, wordStart, span - 1);
  const b = walkForward(text, wordStart, span - 1);
  return findProse(tokenize(text, a, b, wanted), terms).length > 0;
}
