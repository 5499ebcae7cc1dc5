// Whether a long text looks like random characters (a base64 blob, ids, a dump) rather than
// words. Combined passes (combined-pass.ts) pay on text made of words: RE2's DFA for ~30 rules
// meets few distinct states there. On random characters the same DFA meets new states all the
// time and thrashes (~1.5 µs per byte instead of 2-5 ns), and every segment wants a different set
// of rules (a new pass to build). Only the speed depends on this answer, never the findings.
//
// Two signs, from a few samples of the text: long runs between whitespace (words average 4-8
// characters), or few vowels among the letters (about 40% in words of European languages, 19%
// among random letters).

const SAMPLES = 8;
const SAMPLE = 512;
/** Above this many characters per whitespace-separated run (on average): a blob. */
const BLOB_RUN = 16;
/** Below this share of vowels among the letters (given enough letters): random letters. */
const MIN_VOWELS = 0.27;

const VOWEL = new Uint8Array(128);
for (const c of 'aeiouyAEIOUY') VOWEL[c.charCodeAt(0)] = 1;

export function looksRandom(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n <= SAMPLES * SAMPLE) return false;
  let spaces = 0;
  let letters = 0;
  let vowels = 0;
  const step = Math.floor((n - SAMPLE) / (SAMPLES - 1));
  for (let s = 0; s < SAMPLES; s++) {
    const from = s * step;
    for (let i = from; i < from + SAMPLE; i++) {
      const c = bytes[i] as number;
      if (c <= 32) spaces++;
      else if (((c | 32) >= 97 && (c | 32) <= 122)) {
        letters++;
        vowels += VOWEL[c] as number;
      }
    }
  }
  if (SAMPLES * SAMPLE > BLOB_RUN * (spaces + 1)) return true;
  return letters >= 1024 && vowels < MIN_VOWELS * letters;
}
