// Prose detection (special-category / HR data, legal discussion): tokenise with offsets, stem with
// natural's Porter stemmer, and fire where enough distinct terms occur (near a person or another
// cue when the rule asks). Only natural's stemmer module is imported: the package root loads dotenv
// and prints to stdout, which would break the CLI's JSONL contract.
import { createRequire } from 'node:module';
import type { z } from 'zod';
import type { proseSchema } from './schema.js';

type ProseSpec = z.infer<typeof proseSchema>;

const require = createRequire(import.meta.url);
const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

const stemCache = new Map<string, string>();
/** Porter stem of a word (lower-cased first); cached, the vocabulary of chat is small. */
export function stem(word: string): string {
  const w = word.toLowerCase();
  let s = stemCache.get(w);
  if (s === undefined) {
    s = porter.stem(w);
    if (stemCache.size < 50_000) stemCache.set(w, s);
  }
  return s;
}

export interface Token {
  start: number;
  end: number;
  stem: string;
  /** Probably a person's name: capitalised (Alex) and either not the first word of a sentence, or
   *  first but a known first name, possessive (Kwame's) or followed by a verb-ish word (is, has…). */
  nameLike: boolean;
  /** Third-person pronoun (he, she's, their…). First and second person (I, you, we) are the
   *  sender or the reader talking about themselves, not data about someone else. */
  pronoun: boolean;
  /** Index of the sentence the token is in (sentences end at . ! ? followed by a space, and at line breaks). */
  sentence: number;
  /** Capitalised (Mental Health Awareness Week): used to tell titles from prose. */
  capitalised: boolean;
  /** they/them/their: often a team or a company, so it counts only close to a term. */
  weak?: boolean;
}

const PRONOUNS = new Set(['he', 'she', 'him', 'her', 'his', 'hers', 'they', 'them', 'their', 'theirs', 'himself', 'herself', 'themselves', "he's", "she's", "he'd", "she'd", "he'll", "she'll", "they're", "they've", "they'd", "they'll"]);
const WEAK_PRONOUNS = new Set(['they', 'them', 'their', 'theirs', 'themselves', "they're", "they've", "they'd", "they'll"]);
/** "the disciplinary process for Marek": a topic word linked to a person is still about them. */
const LINKS = new Set(['for', 'against', 'into', 'with', 'of', 'on', 'about']);
const LINK_PREFIXES = ['fo', 'ag', 'in', 'wi', 'of', 'on', 'ab'];
const LETTER = /^[\p{L}\p{N}]$/u;
/** Capitalised words that are not people. */
const NOT_NAMES = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'slack', 'teams', 'zoom', 'google', 'microsoft', 'english', 'christmas', 'easter', 'pride', 'ramadan', 'eid', 'diwali', 'hanukkah', 'hr', 'nhs', 'oh', 'it', 'the', 'this', 'that', 'there', 'here', 'what', 'who', 'everyone', 'someone', 'anyone', 'nobody', 'please', 'thanks', 'reminder', 'update', 'note', 'fyi',
  // Courts, tribunals and organisations ("the Court of Appeal", "Employment Tribunal", "Acme Ltd").
  'court', 'courts', 'appeal', 'appeals', 'tribunal', 'tribunals', 'employment', 'crown', 'county', 'supreme', 'justice', 'chancery', 'division', 'bench', 'council', 'ministry', 'department', 'office', 'agency', 'authority', 'commission', 'ltd', 'plc', 'llp', 'inc', 'limited', 'acas', 'hmrc',
  // Court divisions inside neutral citations ([2023] EWCA Civ 1108, EWHC 12 (Fam)).
  'civ', 'crim', 'fam', 'admin', 'comm', 'pat', 'tcc', 'qb', 'kb', 'ch',
  // Workplace products that start sentences and sit after "in" ("logged in Workday").
  'workday', 'jira', 'confluence', 'servicenow', 'sharepoint', 'outlook', 'excel', 'salesforce', 'successfactors']);
/** After a capitalised first word, these make it a subject: "Priya is…", "Dave raised…". */
const VERBISH = new Set(['is', 'was', 'has', 'had', 'hasn\'t', 'isn\'t', 'wasn\'t', 'got', 'gets', 'been', 'will', 'won\'t', 'can\'t', 'did', 'didn\'t', 'does', 'told', 'said', 'says', 'asked', 'raised', 'filed', 'failed', 'tested', 'disclosed', 'called', 'went', 'needs', 'started', 'returned', 'came', 'collapsed', 'fainted', 'admitted', 'mentioned', 'confided', 'lodged', 'made', 'received', 'may', 'might', 'should', 'would', 'could',
  'resigned', 'quit', 'accused', 'complained', 'reported', 'alleged', 'claims', 'claimed', 'denies', 'denied', 'admits', 'feels', 'felt', 'broke', 'fell', 'struggles',
  'uses', 'used', 'phoned', 'rang', 'texted', 'emailed', 'messaged', 'hurt', 'injured', 'suffers', 'suffered', 'wants', 'takes', 'took', 'starts', 'finished']);
/** Common first names, for a name that starts a sentence without a verb after it. Kept short on purpose. */
const FIRST_NAMES = new Set(['alex', 'ali', 'amy', 'anna', 'ben', 'beth', 'chris', 'dan', 'dave', 'david', 'emma', 'fiona', 'grace', 'hannah', 'helen', 'jack', 'james', 'jo', 'john', 'kate', 'laura', 'liam', 'lucy', 'mark', 'mike', 'mohammed', 'nina', 'paul', 'priya', 'raj', 'rachel', 'ruth', 'sam', 'sarah', 'sophie', 'steve', 'tom', 'zara']);

function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39;
  return LETTER.test(text[i] ?? '');
}

function isUpperAscii(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
}

/** End of the word run that starts at `i` (before `to`). */
function wordEnd(text: string, i: number, to: number): number {
  let j = i + 1;
  while (j < to && isWordChar(text, j)) j++;
  return j;
}

/** The word `text[a, b)` without apostrophes at either end (quotes, possessives written 'like this'). */
function unquoted(text: string, a: number, b: number): [number, number] {
  while (a < b && text.charCodeAt(a) === 39) a++;
  while (b > a && text.charCodeAt(b - 1) === 39) b--;
  return [a, b];
}

/**
 * Word tokens of `text[from, to)`, with offsets in `text`. With `wanted` (the first two letters
 * of every stem that can match, see `stemPrefixes`) other words are not stemmed (stem = '').
 */
export function tokenize(text: string, from = 0, to = text.length, wanted?: ReadonlySet<string>): Token[] {
  const tokens: Token[] = [];
  /** Tokens that start a sentence capitalised: names only if the next word says so. */
  const pending: number[] = [];
  let i = from;
  let sentenceStart = true;
  let sentence = 0;
  const n = to;
  while (i < n) {
    if (!isWordChar(text, i)) {
      const c = text.charCodeAt(i);
      // A full stop ends a sentence only when a space follows (not 2.5, e.g. or example.com).
      if (c === 10 || ((c === 46 || c === 33 || c === 63) && isSpace(text.charCodeAt(i + 1)))) {
        if (!sentenceStart) sentence++;
        sentenceStart = true;
      }
      i++;
      continue;
    }
    const j = wordEnd(text, i, n);
    const [a, b] = unquoted(text, i, j);
    if (b > a) {
      const raw = text.slice(a, b);
      const lower = raw.toLowerCase();
      const c0 = raw.charCodeAt(0);
      // Capitalised: first letter upper-case, the rest not (ASCII fast path, Unicode otherwise).
      let capitalised = false;
      if (raw.length > 1 && (isUpperAscii(c0) || (c0 > 127 && raw[0] !== lower[0]))) capitalised = raw.slice(1) === lower.slice(1);
      const stemmed = !wanted || wanted.has(lower.slice(0, 2)) || wanted.has(lower.slice(0, 1)) ? stem(lower) : '';
      const possessive = lower.endsWith("'s");
      const bare = possessive ? lower.slice(0, -2) : lower;
      // I'm, I've, Don't: contractions are not names (a possessive Kwame's is).
      let nameLike = capitalised && !bare.includes("'") && !NOT_NAMES.has(bare) && !PRONOUNS.has(lower);
      if (nameLike && sentenceStart && !possessive && !FIRST_NAMES.has(bare)) {
        nameLike = false;
        pending.push(tokens.length);
      }
      const tok: Token = { start: a, end: b, stem: stemmed, nameLike, pronoun: PRONOUNS.has(lower), sentence, capitalised };
      if (WEAK_PRONOUNS.has(lower)) tok.weak = true;
      tokens.push(tok);
      sentenceStart = false;
    }
    i = j;
  }
  // Sentence-initial capitalised words followed by a verb-ish word in the same sentence are subjects.
  for (const k of pending) {
    const t = tokens[k];
    const next = tokens[k + 1];
    if (t && next && next.sentence === t.sentence && VERBISH.has(text.slice(next.start, next.end).toLowerCase())) t.nameLike = true;
  }
  unmarkCaseTitles(text, tokens);
  unmarkOfTitles(text, tokens);
  return tokens;
}

/** "Line of Duty", "Bank of England", "University of Leeds": Title Case joined by "of" names a thing. */
function unmarkOfTitles(text: string, tokens: Token[]): void {
  for (let k = 1; k + 1 < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.end - t.start !== 2 || text.slice(t.start, t.end) !== 'of') continue;
    const before = tokens[k - 1] as Token;
    const after = tokens[k + 1] as Token;
    if (!before.capitalised || !after.capitalised || before.sentence !== t.sentence || after.sentence !== t.sentence) continue;
    before.nameLike = false;
    after.nameLike = false;
  }
}

/**
 * The stems `tokenize(text, from, to, wanted)` gives its tokens, without building the tokens
 * (no names, pronouns or sentences): the prose gate asks only whether a term's stems occur, tens
 * of thousands of times in bulk text. A word whose first letters are ASCII is lower-cased for
 * the `wanted` check on those letters alone; only wanted words are lower-cased whole and stemmed.
 */
export function wordStems(text: string, from: number, to: number, wanted: ReadonlySet<string>): string[] {
  const stems: string[] = [];
  let i = from;
  while (i < to) {
    if (!isWordChar(text, i)) {
      i++;
      continue;
    }
    const j = wordEnd(text, i, to);
    const [a, b] = unquoted(text, i, j);
    if (b > a) {
      // Two ASCII letters lower-case on their own as in the whole word (no final sigma, no İ).
      const ascii = text.charCodeAt(a) < 128 && (b - a < 2 || text.charCodeAt(a + 1) < 128);
      const head = ascii ? text.slice(a, Math.min(b, a + 2)).toLowerCase() : text.slice(a, b).toLowerCase();
      const wantedWord = wanted.has(head.slice(0, 2)) || wanted.has(head.slice(0, 1));
      stems.push(wantedWord ? stem(ascii ? text.slice(a, b) : head) : '');
    }
    i = j;
  }
  return stems;
}

/** "Khan v Northwind Pay" is the title of a case (the legal rules report it), not a person in prose. */
function unmarkCaseTitles(text: string, tokens: Token[]): void {
  for (let k = 1; k + 1 < tokens.length; k++) {
    const t = tokens[k];
    if (!t || t.end - t.start > 2) continue;
    const word = text.slice(t.start, t.end);
    if (word !== 'v' && word !== 'vs') continue;
    if (!tokens[k - 1]?.capitalised || !tokens[k + 1]?.capitalised) continue;
    for (let b = k - 1; b >= 0 && tokens[b]?.capitalised && tokens[b]?.sentence === t.sentence; b--) (tokens[b] as Token).nameLike = false;
    for (let a = k + 1; a < tokens.length && tokens[a]?.capitalised && tokens[a]?.sentence === t.sentence; a++) (tokens[a] as Token).nameLike = false;
  }
}

export interface CompiledProse {
  /** Each term as a sequence of stems. */
  terms: Array<{ text: string; stems: string[] }>;
  near: Array<{ text: string; stems: string[] }>;
  nearPerson: boolean;
  /** Terms and near-words indexed by their first stem: one map lookup per token. */
  termsByFirst: Map<string, Array<{ text: string; stems: string[] }>>;
  nearByFirst: Map<string, Array<{ text: string; stems: string[] }>>;
  /** Policy and aggregate words (policy, rate, training…): a term with one of these in its sentence,
   *  within `within` tokens, is about the topic, not about a person. */
  notNear: Array<{ text: string; stems: string[] }>;
  notNearByFirst: Map<string, Array<{ text: string; stems: string[] }>>;
  within: number;
  minTerms: number;
  /** Lower-case substrings, one per term; the rule is skipped when none occurs. */
  probes: string[];
}

function phraseStems(text: string): string[] {
  return tokenize(text).map((t) => t.stem);
}

/**
 * Whether a term's probe is the term as written: stems too short to be selective (A&E -> "a"),
 * and phrases of short words ("off" in "off ill" would hit every "office").
 */
export function probesAsWritten(stems: readonly string[]): boolean {
  const longest = Math.max(0, ...stems.map((st) => st.length));
  return longest < 3 || (longest <= 4 && stems.length > 1);
}

export function compileProse(spec: ProseSpec): CompiledProse {
  const terms = spec.terms.map((t) => ({ text: t, stems: phraseStems(t) })).filter((t) => t.stems.length > 0);
  const near = spec.near.filter((n) => n !== '@person').map((t) => ({ text: t, stems: phraseStems(t) })).filter((t) => t.stems.length > 0);
  // A token whose stem is S contains S minus at most its last two letters (Porter only rewrites
  // suffixes), so that prefix is a safe substring probe. Multi-word terms need all words: the
  // longest stem is the most selective probe. Stems too short to be selective (A&E -> "a") fall
  // back to the term as written.
  const probes = terms.map((t, i) => {
    const longest = t.stems.reduce((a, b) => (b.length > a.length ? b : a), '');
    const written = (spec.terms[i] ?? t.text).toLowerCase();
    if (probesAsWritten(t.stems)) return written;
    // Porter ends "gay" as "gai": a short stem that is not in the word as written probes the word.
    if (longest.length <= 4) return written.includes(longest) ? longest : written;
    // A stem the written word contains keeps all but its last letter (which y -> i may change):
    // "migrai" from migraines, not "migra", which every "migration" would hit.
    if (written.includes(longest)) return longest.slice(0, longest.length - 1);
    return longest.slice(0, longest.length - (longest.length <= 6 ? 1 : 2));
  });
  const byFirst = (list: Array<{ text: string; stems: string[] }>) => {
    const m = new Map<string, Array<{ text: string; stems: string[] }>>();
    for (const t of list) {
      const first = t.stems[0] ?? '';
      m.set(first, [...(m.get(first) ?? []), t]);
    }
    return m;
  };
  const notNear = (spec.not_near ?? []).map((t) => ({ text: t, stems: phraseStems(t) })).filter((t) => t.stems.length > 0);
  return { terms, near, nearPerson: spec.near.includes('@person'), termsByFirst: byFirst(terms), nearByFirst: byFirst(near), notNear, notNearByFirst: byFirst(notNear), within: spec.within, minTerms: spec.min_terms, probes };
}

function matchesAt(tokens: Token[], i: number, stems: string[]): boolean {
  for (let k = 0; k < stems.length; k++) if (tokens[i + k]?.stem !== stems[k]) return false;
  return true;
}

/** First two letters (or the whole stem if shorter) of every term, near-word and not-near stem. */
export function stemPrefixes(rules: readonly CompiledProse[]): Set<string> {
  const out = new Set<string>();
  for (const p of rules) {
    for (const t of [...p.terms, ...p.near, ...p.notNear]) for (const st of t.stems) out.add(st.slice(0, 2));
    if (p.notNear.length > 0) for (const l of LINK_PREFIXES) out.add(l);
  }
  return out;
}

export interface ProseHit {
  /** Offsets in the text that was tokenised. */
  start: number;
  end: number;
  terms: string[];
  near: string[];
}

/** A term written in Title Case (Mental Health Awareness Week, Occupational Health): a name of a thing. */
function titled(tokens: Token[], i: number, len: number): boolean {
  const first = tokens[i];
  if (!first) return false;
  for (let k = 0; k < len; k++) if (!tokens[i + k]?.capitalised) return false;
  // One capitalised word is a title only mid-sentence (not "Pregnant? …" at the start).
  if (len > 1) return true;
  const prev = tokens[i - 1];
  return prev !== undefined && prev.sentence === first.sentence;
}

export function findProse(tokens: Token[], p: CompiledProse): ProseHit[] {
  let termHits: Array<{ i: number; len: number; term: string }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok) continue;
    const terms = p.termsByFirst.get(tok.stem);
    if (terms) for (const t of terms) if (matchesAt(tokens, i, t.stems)) termHits.push({ i, len: t.stems.length, term: t.text });
  }
  if (termHits.length === 0) return [];
  // Only now (a term occurred) look for near-words, negative cues and people.
  const nearHits: Array<{ i: number; len: number; word: string }> = [];
  const notHits: Array<{ i: number; len: number }> = [];
  const wantNot = p.notNear.length > 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok) continue;
    const near = p.nearByFirst.get(tok.stem);
    if (near) for (const n of near) if (matchesAt(tokens, i, n.stems)) nearHits.push({ i, len: n.stems.length, word: n.text });
    if (wantNot) {
      const not = p.notNearByFirst.get(tok.stem);
      if (not) for (const n of not) if (matchesAt(tokens, i, n.stems)) notHits.push({ i, len: n.stems.length });
    }
    if (p.nearPerson && (tok.pronoun || tok.nameLike)) nearHits.push({ i, len: 1, word: '@person' });
  }
  // Same sentence, outside the term, at most `within` tokens away.
  const close = (h: { i: number; len: number }, n: { i: number; len: number }): boolean => {
    const last = h.i + h.len - 1;
    const nLast = n.i + n.len - 1;
    if (nLast >= h.i && n.i <= last) return false;
    if (tokens[n.i]?.sentence !== tokens[h.i]?.sentence) return false;
    const reach = tokens[n.i]?.weak ? Math.ceil(p.within / 2) : p.within;
    return (n.i > last ? n.i - last : h.i - nLast) <= reach;
  };
  const person = (t: Token | undefined): boolean => t !== undefined && (t.nameLike || (t.pronoun && !t.weak));
  // A topic word or a term followed by for/against/of… and a person ("the process for Marek",
  // "written warning for Sophie … template letter") is about that person.
  const linked = (n: { i: number; len: number }): boolean => {
    const link = tokens[n.i + n.len];
    return link !== undefined && LINKS.has(link.stem) && person(tokens[n.i + n.len + 1]);
  };
  // "her modules", "his training": a topic word a person owns is theirs, not the topic.
  const owned = (n: { i: number }): boolean => person(tokens[n.i - 1]);
  if (p.nearPerson) termHits = termHits.filter((h) => !titled(tokens, h.i, h.len));
  if (notHits.length > 0) termHits = termHits.filter((h) => linked(h) || !notHits.some((n) => close(h, n) && !linked(n) && !owned(n)));
  const needNear = p.near.length > 0 || p.nearPerson;
  type Q = { i: number; last: number; term: string; near?: { i: number; last: number; word: string } };
  const qualifying: Q[] = [];
  for (const h of termHits) {
    const last = h.i + h.len - 1;
    if (!needNear) {
      qualifying.push({ i: h.i, last, term: h.term });
      continue;
    }
    const partner = nearHits.find((n) => close(h, n));
    if (partner) qualifying.push({ i: h.i, last, term: h.term, near: { i: partner.i, last: partner.i + partner.len - 1, word: partner.word } });
  }
  const hits: ProseHit[] = [];
  let cluster: Q[] = [];
  const flush = () => {
    const distinct = new Set(cluster.map((q) => q.term));
    if (cluster.length > 0 && distinct.size >= p.minTerms) {
      let lo = Infinity;
      let hi = -1;
      for (const q of cluster) {
        lo = Math.min(lo, q.i, q.near?.i ?? Infinity);
        hi = Math.max(hi, q.last, q.near?.last ?? -1);
      }
      const a = tokens[lo];
      const b = tokens[hi];
      if (a && b) hits.push({ start: a.start, end: b.end, terms: [...distinct], near: [...new Set(cluster.flatMap((q) => (q.near ? [q.near.word] : [])))] });
    }
    cluster = [];
  };
  for (const q of qualifying) {
    const prev = cluster[cluster.length - 1];
    if (prev && q.i - prev.last > p.within) flush();
    cluster.push(q);
  }
  flush();
  return hits;
}
