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
  /** Capitalised (Alex) and not the first word of a sentence. */
  nameLike: boolean;
  pronoun: boolean;
}

const PRONOUNS = new Set(['he', 'she', 'him', 'her', 'his', 'hers', 'they', 'them', 'their', 'theirs', 'i', 'me', 'my', 'mine', 'you', 'your', 'yours', 'we', 'us', 'our', 'himself', 'herself', 'themselves', 'myself', 'yourself']);
const LETTER = /^[\p{L}\p{N}]$/u;
/** Capitalised words that are not people. */
const NOT_NAMES = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'slack', 'teams', 'zoom', 'google', 'microsoft', 'english', 'christmas', 'easter']);

function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39;
  return LETTER.test(text[i] ?? '');
}

function isUpperAscii(c: number): boolean {
  return c >= 65 && c <= 90;
}

/**
 * Word tokens of `text[from, to)`, with offsets in `text`. With `wanted` (the first two letters
 * of every stem that can match, see `stemPrefixes`) other words are not stemmed (stem = '').
 */
export function tokenize(text: string, from = 0, to = text.length, wanted?: ReadonlySet<string>): Token[] {
  const tokens: Token[] = [];
  let i = from;
  let sentenceStart = true;
  const n = to;
  while (i < n) {
    if (!isWordChar(text, i)) {
      const c = text.charCodeAt(i);
      if (c === 46 || c === 33 || c === 63 || c === 10) sentenceStart = true;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isWordChar(text, j)) j++;
    // Trim apostrophes at either end (quotes, possessives written 'like this').
    let a = i;
    let b = j;
    while (a < b && text.charCodeAt(a) === 39) a++;
    while (b > a && text.charCodeAt(b - 1) === 39) b--;
    if (b > a) {
      const raw = text.slice(a, b);
      const lower = raw.toLowerCase();
      const c0 = raw.charCodeAt(0);
      // Capitalised: first letter upper-case, the rest not (ASCII fast path, Unicode otherwise).
      let capitalised = false;
      if (raw.length > 1 && (isUpperAscii(c0) || (c0 > 127 && raw[0] !== lower[0]))) capitalised = raw.slice(1) === lower.slice(1);
      const stemmed = !wanted || wanted.has(lower.slice(0, 2)) || wanted.has(lower.slice(0, 1)) ? stem(lower) : '';
      tokens.push({ start: a, end: b, stem: stemmed, nameLike: capitalised && !sentenceStart && !NOT_NAMES.has(lower), pronoun: PRONOUNS.has(lower) });
      sentenceStart = false;
    }
    i = j;
  }
  return tokens;
}

export interface CompiledProse {
  /** Each term as a sequence of stems. */
  terms: Array<{ text: string; stems: string[] }>;
  near: Array<{ text: string; stems: string[] }>;
  nearPerson: boolean;
  /** Terms and near-words indexed by their first stem: one map lookup per token. */
  termsByFirst: Map<string, Array<{ text: string; stems: string[] }>>;
  nearByFirst: Map<string, Array<{ text: string; stems: string[] }>>;
  within: number;
  minTerms: number;
  /** Lower-case substrings, one per term; the rule is skipped when none occurs. */
  probes: string[];
}

function phraseStems(text: string): string[] {
  return tokenize(text).map((t) => t.stem);
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
    if (longest.length < 3) return (spec.terms[i] ?? t.text).toLowerCase();
    if (longest.length <= 4) return longest;
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
  return { terms, near, nearPerson: spec.near.includes('@person'), termsByFirst: byFirst(terms), nearByFirst: byFirst(near), within: spec.within, minTerms: spec.min_terms, probes };
}

function matchesAt(tokens: Token[], i: number, stems: string[]): boolean {
  for (let k = 0; k < stems.length; k++) if (tokens[i + k]?.stem !== stems[k]) return false;
  return true;
}

/** First two letters (or the whole stem if shorter) of every term and near-word stem. */
export function stemPrefixes(rules: readonly CompiledProse[]): Set<string> {
  const out = new Set<string>();
  for (const p of rules) for (const t of [...p.terms, ...p.near]) for (const st of t.stems) out.add(st.slice(0, 2));
  return out;
}

export interface ProseHit {
  /** Offsets in the text that was tokenised. */
  start: number;
  end: number;
  terms: string[];
  near: string[];
}

export function findProse(tokens: Token[], p: CompiledProse): ProseHit[] {
  const termHits: Array<{ i: number; len: number; term: string }> = [];
  const nearHits: Array<{ i: number; len: number; word: string }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok) continue;
    const terms = p.termsByFirst.get(tok.stem);
    if (terms) for (const t of terms) if (matchesAt(tokens, i, t.stems)) termHits.push({ i, len: t.stems.length, term: t.text });
    const near = p.nearByFirst.get(tok.stem);
    if (near) for (const n of near) if (matchesAt(tokens, i, n.stems)) nearHits.push({ i, len: n.stems.length, word: n.text });
  }
  if (termHits.length === 0) return [];
  if (p.nearPerson) {
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (tok && (tok.pronoun || tok.nameLike)) nearHits.push({ i, len: 1, word: '@person' });
    }
  }
  const needNear = p.near.length > 0 || p.nearPerson;
  type Q = { i: number; last: number; term: string; near?: { i: number; last: number; word: string } };
  const qualifying: Q[] = [];
  for (const h of termHits) {
    const last = h.i + h.len - 1;
    if (!needNear) {
      qualifying.push({ i: h.i, last, term: h.term });
      continue;
    }
    const partner = nearHits.find((n) => {
      const nLast = n.i + n.len - 1;
      const outside = nLast < h.i || n.i > last;
      const distance = n.i > last ? n.i - last : h.i - nLast;
      return outside && distance <= p.within;
    });
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
