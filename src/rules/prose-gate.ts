// Gate for prose rules in long text: a probe hit (a term's stem prefix at a word start) only
// matters when one of the rule's terms really occurs there. Checking that on the few words
// around the hit is far cheaper than tokenising a window of ±`within` words around every hit
// (a probe such as "sick" or "sign" occurs all over bulk text, a full term rarely).
import { probesAsWritten, wordStems, type CompiledProse } from './prose.js';

/** The rule's terms alone (no near-words, no person cue): "does any term occur in these tokens". */
export function termsOnly(p: CompiledProse): CompiledProse {
  const t: CompiledProse = { ...p, near: [], nearPerson: false, nearByFirst: new Map(), minTerms: 1 };
  // Negative cues only ever remove hits: the gate must not, so it ignores them.
  if ('notNear' in t) Object.assign(t, { notNear: [], notNearByFirst: new Map() });
  return t;
}

/**
 * How many words before and after the probe's word the terms behind `probe` reach. A term's
 * probe comes from its longest stem (compileProse: probes[i] belongs to terms[i]); when that
 * cannot be told, the longest term either way.
 */
export function probeReach(p: CompiledProse, probe: string): { back: number; forward: number } {
  let back = 0;
  let forward = 0;
  let found = false;
  p.terms.forEach((t, i) => {
    if (p.probes[i] !== probe) return;
    let k = 0;
    t.stems.forEach((st, j) => {
      if (st.length > (t.stems[k] ?? '').length) k = j;
    });
    // Ties and short stems: any word of the term may carry the probe.
    const longest = (t.stems[k] ?? '').length;
    const first = t.stems.findIndex((st) => st.length === longest);
    const last = t.stems.length - 1 - [...t.stems].reverse().findIndex((st) => st.length === longest);
    const whole = probesAsWritten(t.stems);
    back = Math.max(back, whole ? t.stems.length - 1 : last);
    forward = Math.max(forward, whole ? t.stems.length - 1 : t.stems.length - 1 - first);
    found = true;
  });
  if (found && p.probes.length === p.terms.length) return { back, forward };
  const span = Math.max(1, ...p.terms.map((t) => t.stems.length)) - 1;
  return { back: span, forward: span };
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
 * `wordStart` (the term containing the hit, whichever of its words the probe came from). The
 * same answer as `findProse(tokenize(…), termsOnly(rule))`, from the words' stems alone.
 */
export function termNear(text: string, wordStart: number, terms: CompiledProse, back: number, forward: number, wanted: ReadonlySet<string>): boolean {
  const stems = wordStems(text, walkBack(text, wordStart, back), walkForward(text, wordStart, forward), wanted);
  for (let i = 0; i < stems.length; i++) {
    const candidates = terms.termsByFirst.get(stems[i] as string);
    if (!candidates) continue;
    for (const t of candidates) {
      let k = 1;
      while (k < t.stems.length && stems[i + k] === t.stems[k]) k++;
      if (k === t.stems.length) return true;
    }
  }
  return false;
}
