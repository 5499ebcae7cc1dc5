// Look-alike letters folded to Latin after NFKC (which already folds fullwidth forms), so that
// `АKIA…` typed with a Cyrillic А still matches. Only letters that are visually identical or
// nearly so in common fonts are listed; the point is evasion, not transliteration.
const PAIRS: ReadonlyArray<[string, string]> = [
  // Cyrillic capitals
  ['А', 'A'], ['В', 'B'], ['С', 'C'], ['Е', 'E'], ['Н', 'H'], ['І', 'I'], ['Ј', 'J'], ['К', 'K'],
  ['М', 'M'], ['О', 'O'], ['Р', 'P'], ['Ѕ', 'S'], ['Т', 'T'], ['Х', 'X'], ['У', 'Y'], ['Ү', 'Y'],
  ['Ԛ', 'Q'], ['Ԝ', 'W'], ['Ӏ', 'I'], ['Ԁ', 'D'],
  // Cyrillic small
  ['а', 'a'], ['с', 'c'], ['е', 'e'], ['о', 'o'], ['р', 'p'], ['х', 'x'], ['у', 'y'], ['і', 'i'],
  ['ј', 'j'], ['ѕ', 's'], ['һ', 'h'], ['ԁ', 'd'], ['ԛ', 'q'], ['ԝ', 'w'], ['ӏ', 'l'], ['к', 'k'],
  ['ү', 'y'], ['ɡ', 'g'],
  // Greek capitals
  ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'], ['Η', 'H'], ['Ι', 'I'], ['Κ', 'K'], ['Μ', 'M'],
  ['Ν', 'N'], ['Ο', 'O'], ['Ρ', 'P'], ['Τ', 'T'], ['Υ', 'Y'], ['Χ', 'X'],
  // Greek small
  ['α', 'a'], ['ο', 'o'], ['ν', 'v'], ['ρ', 'p'], ['ι', 'i'], ['κ', 'k'], ['υ', 'u'], ['χ', 'x'],
  ['ε', 'e'], ['τ', 't'],
];

export const CONFUSABLES: ReadonlyMap<number, string> = new Map(PAIRS.map(([from, to]) => [from.charCodeAt(0), to]));
