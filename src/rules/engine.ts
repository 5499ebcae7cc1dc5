// The detection engine: normalise -> prefilter (RE2.Set + keywords) -> positional patterns of the
// candidates only -> allowlist, validators, context -> confidence -> collapse overlaps.
// Findings carry masked previews and keyed fingerprints, never the raw value.
import RE2 from 're2';
import { FeasibleRules, SubsetCache } from './alphabet.js';
import { collapseOverlaps, type Ranked } from './collapse.js';
import { CombinedPass, hasNestedRepetition, locatorOf } from './combined-pass.js';
import type { CompiledRule } from './compile.js';
import { contextWordsNear } from './context.js';
import { fingerprint, maskedPreview, redactionText } from './mask.js';
import { normalize, toOriginalSpan, type Normalized } from './normalize.js';
import { Prefilter } from './prefilter.js';
import { KeywordIndex } from './keywords.js';
import { findProse, stemPrefixes, tokenize, type CompiledProse, type Token } from './prose.js';
import { probeReach, termNear, termsOnly } from './prose-gate.js';
import { SpanFinder, spanRegex, type Spans } from './span-regex.js';
import { looksRandom } from './text-shape.js';
import { TokenRuns } from './token-runs.js';
import { severityRank, type Engine, type Explanation, type Finding, type RuleInfo, type ScanOptions } from './types.js';
import { runValidator } from './validators/index.js';

export interface EngineOptions {
  /** HMAC key for fingerprints (see src/shared/fingerprint-key.ts). */
  fingerprintKey: string | Buffer;
  /** More compiled rules (e.g. a tenant's own pack) added after `rules`. */
  extraRules?: CompiledRule[];
  /**
   * Hostile-input guard: once a rule has seen this many candidates in a row rejected (by its
   * allowlist, placeholders or validators) within one scan (e.g. 1 MB of Luhn-failing digit
   * groups, or of a documented test card number), it stops examining that input. A real finding resets the count, so dumps of real values are still reported.
   * Chat messages never come near it. Default 2,000.
   */
  maxRejectedInARow?: number;
  /**
   * Long pure-ASCII text: locate the matches of rules that would each run over much of a segment
   * with combined RE2 passes (combined-pass.ts). Same findings either way; false runs every rule
   * on its own (for comparison in tests). Default true.
   */
  combinedPasses?: boolean;
  /**
   * Long text: leave out the rules whose pattern cannot match any string made of the
   * characters the text contains (alphabet.ts; e.g. a rule needing `=` in a base64 blob). Same
   * findings either way; false keeps every rule (for comparison in tests). Default true.
   */
  alphabetFilter?: boolean;
  /**
   * Long pure-ASCII text: rules with wide counted repetitions find their matches through their
   * locator first (runLoose). Same findings either way; false for comparison in tests. Default true.
   */
  locatorSearch?: boolean;
  /**
   * Matches are located with RE2 `test` calls and the pattern's shape (span-regex.ts) instead of
   * `exec`, whose match objects cost ~10 µs each. Same findings either way; false for comparison
   * in tests. Default true.
   */
  spanFinders?: boolean;
}

/** The engine plus internals the CLI and tests use (rule lookup, prefilter stats). */
export interface DetectionEngine extends Engine {
  readonly compiled: readonly CompiledRule[];
  rule(id: string): CompiledRule | undefined;
  prefilterStats(): ReturnType<Prefilter['stats']> & { keywords: number; combinedPasses: number };
}

// Checksum-validated identifiers are fingerprinted without separators so `4111 1111…` and
// `4111-1111…` are the same value.
const STRUCTURED = new Set(['luhn', 'payment-card', 'iban', 'nhs', 'uk-nino', 'uk-utr', 'us-ssn', 'uk-driving-licence', 'es-dni', 'ie-ppsn', 'de-idnr', 'fr-nir', 'nl-bsn', 'au-tfn', 'in-aadhaar']);

function fingerprintValue(rule: CompiledRule, value: string): string {
  if (rule.validators.some((v) => STRUCTURED.has(v.name))) return value.replace(/[\s\-.]/g, '').toUpperCase();
  return value;
}

/** Template variables, redaction labels (`[password]`) and one-character runs (`••••`) are placeholders, not secrets. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^(\[[^\]]*\]|\$\{[^}]*\}|\{\{.*\}\}|<[^>]*>|%[A-Za-z_]+%|\$[A-Z_][A-Z0-9_]*|@[A-Za-z_]+@)$/.test(v)) return true;
  const first = v[0];
  for (let i = 1; i < v.length; i++) if (v[i] !== first) return false;
  return v.length > 1;
}

// Pure-ASCII text runs on Buffers (no offset conversion), so its segments can be larger.
const SEGMENT_ASCII = 256 * 1024;
const SEGMENT_OTHER = 32 * 1024;
// Longest match expected to survive a cut between segments (a PEM block is 1.7-3.3 kB).
const OVERLAP = 12 * 1024;
/** Up to this length prose rules tokenise the whole text; beyond, windows around probe hits. */
const PROSE_WHOLE_TEXT = 4096;
const ASCII = /^[\x00-\x7f]*$/;

interface Window {
  start: number;
  end: number;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Segment bounds: ~64 KiB each, cut after a newline or space when one is near, never inside a
 * surrogate pair or before a combining mark; each extends OVERLAP past the next cut. */
export function segments(text: string, size: number): Window[] {
  const SEGMENT = size;
  const out: Window[] = [];
  let start = 0;
  while (start < text.length) {
    let cut = Math.min(text.length, start + SEGMENT);
    if (cut < text.length) {
      // Look back at most 2 KiB for a newline, then a space (lastIndexOf alone would scan back to
      // the start of the text on every cut).
      const from = Math.max(start + 1, cut - 2048);
      const tail = text.slice(from, cut);
      const nl = tail.lastIndexOf('\n');
      const sp = tail.lastIndexOf(' ');
      const best = nl !== -1 ? from + nl + 1 : sp !== -1 ? from + sp + 1 : cut;
      cut = best > start ? best : cut;
      while (cut < text.length && (isLow(text.charCodeAt(cut)) || /^\p{M}/u.test(text.slice(cut, cut + 2)))) cut++;
    }
    let end = Math.min(text.length, cut + (cut < text.length ? OVERLAP : 0));
    while (end < text.length && (isLow(text.charCodeAt(end)) || /^\p{M}/u.test(text.slice(end, end + 2)))) end++;
    out.push({ start, end });
    start = cut;
  }
  return out;
}

/**
 * How far from a keyword a rule's match may lie in long text (gitleaks scans per fragment):
 * a little before it ("Tr0ub4dor is my password") and far after it (a PEM block that starts
 * with its keyword and runs for kilobytes).
 */
const KEYWORD_REACH_BACK = 1024;
const KEYWORD_REACH_FORWARD = 12 * 1024;

/** Inputs of at least this length search with a rule's locator first (runLoose); results of runLoose. */
const LOOSE_SEARCH_MIN = 4096;
const DONE = -1;
const STOPPED = -2;

/** Combined passes: at most this many rules each (the DFA grows with them), this many cached. */
const MAX_PASS_RULES = 32;
const KEYWORD_PASSES_KEPT = 4;

/**
 * Windows of `text` around keyword occurrences (ending at `ends`), merged and widened to
 * whitespace; undefined when they would cover most of the text anyway.
 */
function keywordWindows(text: string, ends: number[], runs: TokenRuns): Window[] | undefined {
  const windows: Window[] = [];
  let covered = 0;
  ends.sort((a, b) => a - b);
  for (const at of ends) {
    let start = Math.max(0, at - KEYWORD_REACH_BACK - 64);
    let end = Math.min(text.length, at + KEYWORD_REACH_FORWARD);
    const last = windows[windows.length - 1];
    if (last && start <= last.end) {
      covered += Math.max(0, end - last.end);
      last.end = Math.max(last.end, end);
      continue;
    }
    start = runs.startBefore(start);
    end = runs.endAfter(end);
    windows.push({ start, end });
    covered += end - start;
    if (covered > text.length / 2) return undefined;
  }
  // Widen merged ends to whitespace too.
  for (const w of windows) w.end = runs.endAfter(w.end);
  return windows;
}

interface ScanState {
  original: string;
  norm: Normalized;
  /** What RE2 runs on: the normalised text, or for longer pure-ASCII text a latin1 Buffer of it
   * (byte offsets = UTF-16 offsets, and RE2 skips converting offsets on every match). */
  input: string | Buffer;
  /** Consecutive validator rejections per rule id, across the segments of one scan. */
  rejected: Map<string, number>;
  tokens?: Token[];
  /** Token-run bounds of the normalised text (built on first need). */
  runs?: TokenRuns;
  /** Context checks so far, and the whole text lower-cased once they are many (null: cannot be). */
  contextChecks: number;
  lower?: string | null;
}

/** After this many context checks in one segment (dense candidates), lower-case it once. */
const CONTEXT_CHECKS_BEFORE_LOWER = 256;

/**
 * The text to search for context words and whether it is lower-cased already. Sparse candidates
 * lower-case only their windows; dense ones share the whole text lower-cased once, when that is
 * the same character for character (no length change, no final sigma, no surrogate pair that a
 * window could cut).
 */
function contextText(state: ScanState): { text: string; lowered: boolean } {
  if (state.lower === undefined && ++state.contextChecks > CONTEXT_CHECKS_BEFORE_LOWER) {
    const t = state.norm.text;
    const lower = t.toLowerCase();
    state.lower = lower.length === t.length && !/[\u03a3\ud800-\udfff]/.test(t) ? lower : null;
  }
  return state.lower ? { text: state.lower, lowered: true } : { text: state.norm.text, lowered: false };
}

export function createEngine(rules: CompiledRule[], options: EngineOptions): DetectionEngine {
  const key = typeof options.fingerprintKey === 'string' ? Buffer.from(options.fingerprintKey, 'utf8') : options.fingerprintKey;
  if (key.length === 0) throw new Error('createEngine: fingerprintKey must not be empty');
  const rejectionBudget = options.maxRejectedInARow ?? 2_000;
  const useCombined = options.combinedPasses !== false;
  const useAlphabet = options.alphabetFilter !== false;
  const useLocators = options.locatorSearch !== false;
  const useFinders = options.spanFinders !== false;
  const all = [...rules, ...(options.extraRules ?? [])].filter((r) => r.spec.mode !== 'off');
  const byId = new Map(all.map((r) => [r.id, r]));
  // Two prefilters. Rules with keywords (and prose rules, through probes derived from their
  // terms) are picked by one case-insensitive multi-substring pass; the rules without keywords
  // share one RE2.Set pass. Only the candidates then run their positional pattern.
  const keywordList: string[] = [];
  // For prose probes, how many words before and after the probe's word its terms reach.
  const keywordOwner: Array<{ rule: number; prose: boolean; length: number; back: number; forward: number }> = [];
  // A rule's repeated keywords or probes ("sick" from five terms) are listed once: each listed
  // string costs a callback on every occurrence in the text.
  all.forEach((r, index) => {
    if (r.regex && r.keywords.length > 0) {
      for (const k of new Set(r.keywords)) {
        keywordList.push(k);
        keywordOwner.push({ rule: index, prose: false, length: k.length, back: 0, forward: 0 });
      }
    }
    for (const probe of new Set(r.prose?.probes ?? [])) {
      keywordList.push(probe);
      keywordOwner.push({ rule: index, prose: true, length: probe.length, ...probeReach(r.prose as CompiledProse, probe) });
    }
  });
  const keywordIndex = new KeywordIndex(keywordList);
  const setRules = all.map((r, index) => ({ r, index })).filter((x) => x.r.regex && x.r.setSource && x.r.keywords.length === 0);
  // RE2.Set sources: each rule's locator (combined-pass.ts), which matches wherever the rule does.
  // The exact patterns' wide counted repetitions ({1,40} nested in {0,4}) can make one set take
  // seconds per MB (RE2's DFA states multiply); the locators' open ones do not.
  const setSourceOf = (index: number): string => {
    const r = all[index];
    if (!r?.spec.pattern) return r?.setSource ?? '';
    return `${r.spec.case_sensitive ? '' : '(?i)'}${locatorOf(r.spec.pattern).source}`;
  };
  const sourcesOf = (indices: readonly number[]) => indices.map((index) => ({ index, source: setSourceOf(index) }));
  const prefilter = new Prefilter(sourcesOf(setRules.map((x) => x.index)));
  // Long text contains most keywords somewhere, so there the keyword rules that would run over
  // the whole text are first filtered by an RE2.Set pass over their patterns (keywordSets below).
  const keywordSetMark = new Uint8Array(all.length);
  // Long pure-ASCII text: rules that would each run over much of a segment share combined passes
  // (combined-pass.ts) that locate their matches. The keyword-less rules always do (their pass
  // replaces their RE2.Set pass); keyword rules whose windows cover much of a segment join a pass
  // built for that set of rules (cached).
  const combinableMark = new Uint8Array(all.length);
  // Patterns with `^`: a window's first position is tried on its own (see runAt).
  const startAnchored = new Uint8Array(all.length);
  all.forEach((r, i) => {
    if (!r.regex || !r.setSource || !r.spec.pattern) return;
    if (!hasNestedRepetition(r.spec.pattern)) combinableMark[i] = 1;
    if (locatorOf(r.spec.pattern).startAnchored) startAnchored[i] = 1;
  });
  const buildPass = (indices: number[]): CombinedPass | undefined => {
    try {
      return new CombinedPass(indices.map((index) => ({ index, pattern: all[index]?.spec.pattern ?? '', caseSensitive: all[index]?.spec.case_sensitive === true })));
    } catch {
      return undefined;
    }
  };
  const setPass = buildPass(setRules.filter((x) => combinableMark[x.index] === 1).map((x) => x.index));
  const setPassPlan = (setPass?.indices ?? []).map((idx) => ({ idx }));
  const feasibleRules = new FeasibleRules(
    all.map((r) => ({
      ...(r.regex && r.spec.pattern ? { pattern: r.spec.pattern } : {}),
      caseInsensitive: !r.spec.case_sensitive,
      ...(r.spec.context?.required ? { requiredWords: r.spec.context.words } : {}),
    })),
  );
  // The keyword-less rules' pass and RE2.Set, and the keyword rules' RE2.Set, for the rules that
  // can match in a text's alphabet (built when some cannot: hostile input, a few kept).
  const setPasses = new SubsetCache((indices) => buildPass([...indices]));
  const setPrefilters = new SubsetCache((indices) => new Prefilter(sourcesOf(indices)));
  const keywordSets = new SubsetCache((indices) => new Prefilter(sourcesOf(indices), 8), 8);
  const setRuleIndices = setRules.map((x) => x.index);
  const setOutsidePass = new Prefilter(sourcesOf(setRules.filter((x) => !setPass || combinableMark[x.index] === 0).map((x) => x.index)));
  const keywordPasses = new Map<string, CombinedPass | undefined>();
  const stickies = new WeakMap<CompiledRule, RE2>();
  const globals = new WeakMap<CompiledRule, RE2>();
  const finders = new WeakMap<CompiledRule, { finder: SpanFinder; starts: RE2 } | null>();
  const looseRegexes = new WeakMap<CompiledRule, RE2 | null>();
  const passWanted = new Uint8Array(all.length);
  /** Combined passes completed since creation (stats). */
  let combinedPasses = 0;
  const infos: RuleInfo[] = all.map((r) => r.info);
  const wantedStems = stemPrefixes(all.flatMap((r) => (r.prose ? [r.prose as CompiledProse] : [])));
  // Long text: a prose probe hit counts only where one of the rule's terms occurs (prose-gate.ts).
  const proseGate = all.map((r) => (r.prose ? termsOnly(r.prose as CompiledProse) : undefined));
  // Probes of one rule with the same reach ask the same question of a word ("brok" and "broke"
  // in "broken"): they share one gate group, so each word is checked once.
  const gateGroupKeys = new Map<string, number>();
  const gateGroup = keywordOwner.map((o) => {
    const key = `${o.rule}/${o.back}/${o.forward}`;
    let g = gateGroupKeys.get(key);
    if (g === undefined) {
      g = gateGroupKeys.size;
      gateGroupKeys.set(key, g);
    }
    return g;
  });
  const lastGated = new Int32Array(gateGroupKeys.size).fill(-1);
  const gatedOk = new Uint8Array(gateGroupKeys.size);
  // Scratch marks, reset after each scan (one scan at a time: scan is synchronous).
  const patternMark = new Uint8Array(all.length);
  const proseMark = new Uint8Array(all.length);
  // Per keyword or probe: its rule, whether it is a prose probe, its length.
  const ownerRule = Int32Array.from(keywordOwner, (o) => o.rule);
  const ownerProse = Uint8Array.from(keywordOwner, (o) => (o.prose ? 1 : 0));
  const ownerLength = Int32Array.from(keywordOwner, (o) => o.length);
  // Per rule, in long text: where its keywords (probes) occurred, and the last position kept
  // (valid while the rule is marked in this segment). Emptied after each segment.
  const keywordEnds: number[][] = all.map(() => []);
  const proseEnds: number[][] = all.map(() => []);
  const lastKeywordEnd = new Int32Array(all.length);
  const lastProseEnd = new Int32Array(all.length);

  function makeFinding(
    rule: CompiledRule,
    state: ScanState,
    nStart: number,
    nEnd: number,
    confidence: number,
    explanation: Explanation | undefined,
  ): Finding {
    const value = state.norm.text.slice(nStart, nEnd);
    const { start, end } = toOriginalSpan(state.norm, nStart, nEnd);
    const spec = rule.spec;
    return {
      ruleId: rule.id,
      ruleName: spec.name,
      category: spec.category,
      severity: spec.severity,
      confidence: Math.round(Math.min(1, confidence) * 1000) / 1000,
      start,
      end,
      preview: maskedPreview(value, spec.redaction, spec.name),
      fingerprint: fingerprint(key, fingerprintValue(rule, value)),
      ...(spec.marking ? { marking: spec.marking } : {}),
      ...(explanation ? { explanation } : {}),
    };
  }

  /**
   * Judges one match of `rule` (`m`, from an input starting at `base` in the normalised text):
   * allowlist, placeholders, validators, context, then a finding. Returns false once the rule has
   * seen `rejectionBudget` rejections in a row (it stops examining this text).
   */
  function examine(rule: CompiledRule, state: ScanState, explain: boolean, out: Ranked[], m: RegExpExecArray, base: number): boolean {
    const found = m.indices?.[0];
    if (!found) return true;
    // The rule's own regex names its groups; its span regex (span-regex.ts) captures only the
    // sensitive group, as group 1.
    const groups = m.indices?.groups;
    const span = rule.secretGroup ? (groups ? groups[rule.secretGroup] : m.indices?.[1]) : found;
    if (!span) return true;
    return examineSpans(rule, state, explain, out, found[0] + base, found[1] + base, span[0] + base, span[1] + base);
  }

  /** `examine` for a match found by a SpanFinder (offsets in the input starting at `base`). */
  function examineFound(rule: CompiledRule, state: ScanState, explain: boolean, out: Ranked[], f: Spans, base: number): boolean {
    return examineSpans(rule, state, explain, out, f.start + base, f.end + base, f.secretStart + base, f.secretEnd + base);
  }

  /** Judges a match [wholeStart, wholeEnd) whose sensitive part is [s, e) (normalised text). */
  function examineSpans(rule: CompiledRule, state: ScanState, explain: boolean, out: Ranked[], wholeStart: number, wholeEnd: number, s: number, e: number): boolean {
    const text = state.norm.text;
    const spec = rule.spec;
    const rejected = state.rejected;
    const whole: [number, number] = [wholeStart, wholeEnd];
    if (e <= s) return true;
    const value = text.slice(s, e);
    // Cheapest checks first: exact values, stopwords, placeholders, then validators (which
    // reject most near-misses), then allowlist patterns. Every rejection counts towards the
    // hostile-input guard; a finding resets it.
    const results: Explanation['validators'] = [];
    let ok = !rule.allowValues.has(value);
    if (ok && rule.stopwords.length > 0) {
      const lv = value.toLowerCase();
      ok = !rule.stopwords.some((w) => lv.includes(w));
    }
    if (ok && spec.category === 'secret') ok = !isPlaceholder(value);
    if (ok) {
      for (const v of rule.validators) {
        const r = runValidator(value, v);
        if (explain) results.push({ name: v.name, passed: r.ok, ...(r.detail ? { detail: r.detail } : {}) });
        if (!r.ok) {
          ok = false;
          break;
        }
      }
    }
    if (ok) ok = !(rule.allowSet ? rule.allowSet.test(value) : rule.allowPatterns.some((p) => p.test(value)));
    if (!ok) {
      const n = (rejected.get(rule.id) ?? 0) + 1;
      rejected.set(rule.id, n);
      return n < rejectionBudget;
    }
    let confidence = spec.confidence;
    let seen: string[] = [];
    if (spec.context) {
      const words = spec.context.words.map((w) => w.toLowerCase());
      const source = contextText(state);
      seen = contextWordsNear(source.text, whole[0] - spec.context.window, whole[1] + spec.context.window, words, source.lowered);
      if (seen.length === 0 && spec.context.required) return true;
      if (seen.length > 0) confidence += spec.context.boost;
    }
    const explanation: Explanation | undefined = explain
      ? {
          pattern: spec.pattern,
          validators: results,
          contextWords: seen,
          allowlistChecked: true,
          baseConfidence: spec.confidence,
          notes: [
            rule.secretGroup ? `sensitive part = group "${rule.secretGroup}"` : 'sensitive part = whole match',
            ...(spec.keywords.length > 0 ? ['keyword prefilter passed'] : []),
            ...(spec.context ? [seen.length > 0 ? `context word(s) within ${spec.context.window} chars: +${spec.context.boost}` : 'no context word nearby'] : []),
          ],
        }
      : undefined;
    if (rejected.size > 0) rejected.delete(rule.id);
    out.push({ finding: makeFinding(rule, state, s, e, confidence, explanation), generic: rule.generic });
    return true;
  }

  /** Runs a rule's positional pattern over the whole text, or only over `windows` of it. */
  function runPattern(rule: CompiledRule, state: ScanState, explain: boolean, out: Ranked[], windows?: readonly Window[]): void {
    const regex = globalOf(rule);
    const loose = useLocators && typeof state.input !== 'string' ? looseOf(rule) : undefined;
    for (const range of windows ?? [{ start: 0, end: state.norm.text.length }]) {
      const input = !windows ? state.input : typeof state.input === 'string' ? state.input.slice(range.start, range.end) : state.input.subarray(range.start, range.end);
      const base = windows ? range.start : 0;
      let from = 0;
      if (loose && input.length >= LOOSE_SEARCH_MIN) {
        from = runLoose(rule, loose, input as Buffer, base, state, explain, out);
        if (from === STOPPED) return;
        if (from === DONE) continue;
      }
      const found = finderOf(rule);
      if (found && (typeof input !== 'string' || !found.finder.asciiOnly)) {
        // Where each match starts (exec without captures or indices), then its spans by tests.
        const { finder, starts } = found;
        starts.lastIndex = from;
        for (let m = starts.exec(input as string); m !== null; m = starts.exec(input as string)) {
          const f = finder.find(input, m.index);
          if (!f) break; // cannot happen: the same pattern matches there
          starts.lastIndex = f.end === f.start ? f.end + 1 : f.end;
          if (!examineFound(rule, state, explain, out, f, base)) return;
        }
        continue;
      }
      regex.lastIndex = from;
      for (let m = regex.exec(input as string); m !== null; m = regex.exec(input as string)) {
        if (m[0].length === 0) regex.lastIndex++;
        if (!examine(rule, state, explain, out, m, base)) return;
      }
    }
  }

  /**
   * The rule's locator (combined-pass.ts), for rules with wide counted repetitions: on random
   * characters RE2's DFA for `[\w.-]{0,40}?…{12,200}` thrashes (80 ms per 256 KiB), the same
   * pattern with `{0,}` / `{12,}` does not (2 ms). Null when it would not differ.
   */
  function looseOf(rule: CompiledRule): RE2 | null {
    let loose = looseRegexes.get(rule);
    if (loose === undefined) {
      loose = null;
      const pattern = rule.spec.pattern ?? '';
      const source = locatorOf(pattern).source;
      const open = /\{\d+,\}/g;
      if ((source.match(open) ?? []).length > (pattern.match(open) ?? []).length) {
        try {
          loose = new RE2(source, (rule.regex as RE2).flags.replace(/[dy]/g, ''));
        } catch {
          loose = null;
        }
      }
      looseRegexes.set(rule, loose);
    }
    return loose;
  }

  /**
   * The rule's own scan of `input`, visiting only the positions where its locator matches (a
   * superset of where the rule does, in order): there the rule's own regex, sticky, takes the
   * match its scan would take. Returns DONE, STOPPED (the hostile-input guard), or a position
   * from which the plain scan takes over once the locator's work outgrows twice the input
   * (locator matches crowding a long token).
   */
  function runLoose(rule: CompiledRule, loose: RE2, input: Buffer, base: number, state: ScanState, explain: boolean, out: Ranked[]): number {
    const sticky = stickyOf(rule);
    const finder = finderOf(rule)?.finder; // the input is pure ASCII
    const budget = 2 * input.length + 64 * 1024;
    let work = 0;
    loose.lastIndex = 0;
    for (;;) {
      const searchFrom = loose.lastIndex;
      const m = loose.exec(input as unknown as string);
      if (m === null) return DONE;
      const p = m.index;
      work += p - searchFrom + m[0].length + 256;
      let next = p + 1;
      if (finder) {
        const f = finder.find(input, p);
        if (f) {
          if (!examineFound(rule, state, explain, out, f, base)) return STOPPED;
          if (f.end > p) next = f.end;
        }
      } else {
        sticky.lastIndex = p;
        const real = sticky.exec(input as unknown as string);
        if (real !== null) {
          if (!examine(rule, state, explain, out, real, base)) return STOPPED;
          if (real[0].length > 0) next = p + real[0].length;
        }
      }
      if (next > input.length) return DONE;
      if (work > budget) return next;
      loose.lastIndex = next;
    }
  }

  /**
   * The matches of `rule` that its own scan of each window (or of the whole text) would find,
   * given every position where it matches in the whole text (ascending, from a combined pass):
   * the rule's own regex, sticky at each position its scan would reach, on the same input.
   * Window edges sit at whitespace, so a position matching inside a window also matches in the
   * whole text (patterns with `^` also try each window's first position: see `startAnchored`).
   */
  function runAt(idx: number, state: ScanState, explain: boolean, out: Ranked[], positions: readonly number[], windows?: readonly Window[]): void {
    const rule = all[idx] as CompiledRule;
    const sticky = stickyOf(rule);
    const finder = finderOf(rule)?.finder;
    const bytes = state.input as Buffer;
    const anchored = windows !== undefined && startAnchored[idx] === 1;
    let from = 0;
    for (const range of windows ?? [{ start: 0, end: bytes.length }]) {
      const base = windows ? range.start : 0;
      const input = windows ? bytes.subarray(range.start, range.end) : bytes;
      while (from > 0 && (positions[from - 1] ?? -1) >= range.start) from--;
      while (from < positions.length && (positions[from] ?? 0) < range.start) from++;
      let next = range.start;
      // With `^` the window's first position may match for the window alone.
      for (let k = anchored && positions[from] !== range.start ? from - 1 : from; k < positions.length; k++) {
        const p = k < from ? range.start : (positions[k] as number);
        if (p >= range.end) break;
        if (p < next) continue;
        if (finder) {
          const f = finder.find(input, p - base);
          if (!f) continue;
          next = f.end === f.start ? p + 1 : base + f.end;
          if (!examineFound(rule, state, explain, out, f, base)) return;
          continue;
        }
        sticky.lastIndex = p - base;
        const m = sticky.exec(input as unknown as string);
        if (m === null) continue;
        next = m[0].length === 0 ? p + 1 : p + m[0].length;
        if (!examine(rule, state, explain, out, m, base)) return;
      }
    }
  }

  /**
   * Prose rules tokenise the whole text when it is short; in long text only windows around
   * the places where one of the rule's probes occurred (so bulk text is not stemmed word by word).
   */
  function runProse(rule: CompiledRule, state: ScanState, explain: boolean, out: Ranked[], probeEnds: number[] | undefined): void {
    const prose = rule.prose;
    if (!prose) return;
    const text = state.norm.text;
    const windows: Window[] = [];
    if (!probeEnds || text.length <= PROSE_WHOLE_TEXT) {
      windows.push({ start: 0, end: text.length });
    } else {
      // `within` tokens either side, at a generous 16 characters per token.
      const reach = (prose.within + 2) * 16;
      for (const at of probeEnds.sort((a, b) => a - b)) {
        const start = Math.max(0, at - reach);
        const end = Math.min(text.length, at + reach);
        const last = windows[windows.length - 1];
        if (last && start <= last.end) last.end = Math.max(last.end, end);
        else windows.push({ start, end });
      }
    }
    for (const w of windows) {
      let tokens: Token[];
      if (w.start === 0 && w.end === text.length) {
        if (state.tokens === undefined) state.tokens = tokenize(text, 0, text.length, wantedStems);
        tokens = state.tokens;
      } else {
        // Widen to word boundaries so no token is cut in half.
        state.runs ??= new TokenRuns(text);
        tokens = tokenize(text, state.runs.startBefore(w.start), state.runs.endAfter(w.end), wantedStems);
      }
      for (const hit of findProse(tokens, prose)) {
        const explanation: Explanation | undefined = explain
          ? {
              validators: [],
              contextWords: hit.near,
              allowlistChecked: false,
              baseConfidence: rule.spec.confidence,
              notes: [`prose terms: ${hit.terms.join(', ')}`, ...(hit.near.length > 0 ? [`near: ${hit.near.join(', ')}`] : [])],
            }
          : undefined;
        out.push({ finding: makeFinding(rule, state, hit.start, hit.end, rule.spec.confidence, explanation), generic: rule.generic });
      }
    }
  }

  /** The rule's regex with only its sensitive group captured (span-regex.ts; else its own). */
  function globalOf(rule: CompiledRule): RE2 {
    let regex = globals.get(rule);
    if (!regex) {
      const own = rule.regex as RE2;
      regex = spanRegex(rule.spec.pattern ?? '', rule.secretGroup, own.flags) ?? own;
      globals.set(rule, regex);
    }
    return regex;
  }

  /** The rule's SpanFinder and its pattern without captures (global), or null when its shape has none. */
  function finderOf(rule: CompiledRule): { finder: SpanFinder; starts: RE2 } | null {
    if (!useFinders) return null;
    let found = finders.get(rule);
    if (found === undefined) {
      const flags = (rule.regex as RE2).flags;
      const finder = SpanFinder.of(rule.spec.pattern ?? '', rule.secretGroup, flags);
      const starts = finder ? spanRegex(rule.spec.pattern ?? '', undefined, flags.replace('d', '')) : undefined;
      found = finder && starts ? { finder, starts } : null;
      finders.set(rule, found);
    }
    return found;
  }

  /** The rule's regex, sticky: its match at exactly `lastIndex`, with the input's context. */
  function stickyOf(rule: CompiledRule): RE2 {
    let sticky = stickies.get(rule);
    if (!sticky) {
      const flags = `${(rule.regex as RE2).flags.replace(/[gy]/g, '')}y`;
      sticky = spanRegex(rule.spec.pattern ?? '', rule.secretGroup, flags) ?? new RE2(rule.spec.pattern ?? '', flags);
      stickies.set(rule, sticky);
    }
    return sticky;
  }

  /**
   * The pass of the keyword-less rules that may match in this alphabet: the full pass when
   * nearly all may, else one built for the few (kept per set of rules).
   */
  function setPassFor(feasible: Uint8Array): [CombinedPass | undefined, Array<{ idx: number }>] {
    const members = setPassPlan.filter(({ idx }) => feasible[idx] === 1);
    // Nearly all: the full pass (its DFA is warm; text whose alphabet varies from segment to
    // segment would otherwise build a new pass, slow on its first runs, again and again).
    if (members.length * 4 >= setPassPlan.length * 3) return [setPass, setPassPlan];
    if (members.length === 0) return [undefined, members];
    return [setPasses.get(members.map((m) => m.idx)), members];
  }

  /** The keyword-less rules whose pattern matches somewhere in `input` (and in its alphabet). */
  function setCandidates(input: string | Buffer, feasible: Uint8Array | undefined): number[] {
    if (setRules.length === 0) return [];
    if (!feasible) return prefilter.candidates(input);
    const indices = setRuleIndices.filter((i) => feasible[i] === 1);
    if (indices.length * 4 >= setRuleIndices.length * 3) return prefilter.candidates(input).filter((i) => feasible[i] === 1);
    return indices.length === 0 ? [] : setPrefilters.get(indices).candidates(input);
  }

  /** The combined pass for this set of keyword rules (built on first need, a few kept). */
  function keywordPass(indices: number[]): CombinedPass | undefined {
    const key = indices.join(',');
    if (keywordPasses.has(key)) return keywordPasses.get(key);
    const pass = buildPass(indices);
    if (keywordPasses.size >= KEYWORD_PASSES_KEPT) keywordPasses.delete(keywordPasses.keys().next().value as string);
    keywordPasses.set(key, pass);
    return pass;
  }

  /**
   * Runs the rules of `plan` (each over its windows, or the whole text) through one combined
   * pass. Returns false, having reported nothing, when the pass gave up or is known to be slow:
   * the caller then runs those rules one by one.
   */
  function runCombined(pass: CombinedPass | undefined, plan: ReadonlyArray<{ idx: number; windows?: Window[] }>, state: ScanState, explain: boolean, out: Ranked[]): boolean {
    if (!pass || pass.slow) return false;
    const bytes = state.input as Buffer;
    const positions = new Map<number, number[]>();
    for (const { idx } of plan) {
      passWanted[idx] = 1;
      positions.set(idx, []);
    }
    // CPU time: on a shared machine, wall time would call passes slow that were only preempted.
    const before = process.cpuUsage();
    let ok = false;
    let used = Infinity;
    try {
      ok = pass.locate(bytes, passWanted, (idx, at) => positions.get(idx)?.push(at));
      const spent = process.cpuUsage(before);
      used = (spent.user + spent.system) / 1000;
    } catch {
      // RE2.Set out of memory at match time: like a slow pass, it will not be used for long.
    }
    for (const { idx } of plan) passWanted[idx] = 0;
    if (bytes.length >= 64 * 1024) pass.reportSpeed((used * 1e6) / bytes.length);
    if (!ok) return false;
    combinedPasses++;
    for (const { idx, windows } of plan) {
      const at = positions.get(idx);
      if (at && (at.length > 0 || (windows && startAnchored[idx] === 1))) runAt(idx, state, explain, out, at, windows);
    }
    return true;
  }

  function scanSegment(text: string, explain: boolean, ranked: Ranked[], rejected: Map<string, number>): void {
    const norm = normalize(text);
    const t = norm.text;
    const state: ScanState = { original: text, norm, input: norm.ascii && t.length > 512 ? Buffer.from(t, 'latin1') : t, rejected, contextChecks: 0 };
    const hitRules: number[] = [];
    const proseRules: number[] = [];
    const longText = t.length > PROSE_WHOLE_TEXT;
    const bytesIn = typeof state.input === 'string' ? undefined : state.input;
    // Called on every keyword and probe occurrence (hundreds of thousands in 10 MB): typed
    // arrays and reused lists, no Map.
    const onKeyword = (id: number, end: number): void => {
      const rule = ownerRule[id] as number;
      if (ownerProse[id] === 1) {
        // Probes are prefixes of whole words: "sign" in "design" is not a hit.
        const wordStart = end - (ownerLength[id] as number);
        if (isWordChar(bytesIn ? (bytesIn[wordStart - 1] ?? 32) : t.charCodeAt(wordStart - 1))) return;
        if (longText) {
          // In long text only hits where a term really occurs open a window (and run the rule).
          const group = gateGroup[id] as number;
          if (lastGated[group] !== wordStart) {
            lastGated[group] = wordStart;
            const gate = proseGate[rule];
            const owner = keywordOwner[id] as { back: number; forward: number };
            gatedOk[group] = !gate || termNear(t, wordStart, gate, owner.back, owner.forward, wantedStems) ? 1 : 0;
          }
          if (gatedOk[group] === 0) return;
        }
        if (proseMark[rule] === 0) {
          proseMark[rule] = 1;
          proseRules.push(rule);
        } else if (!longText || end - (lastProseEnd[rule] as number) <= 64) return;
        if (longText) {
          (proseEnds[rule] as number[]).push(end);
          lastProseEnd[rule] = end;
        }
      } else {
        // Nearby occurrences share a window: keep one position per 256 characters.
        if (patternMark[rule] === 0) {
          patternMark[rule] = 1;
          hitRules.push(rule);
        } else if (!longText || end - (lastKeywordEnd[rule] as number) <= 256) return;
        if (longText) {
          (keywordEnds[rule] as number[]).push(end);
          lastKeywordEnd[rule] = end;
        }
      }
    };
    // Pure-ASCII long text: walk the Buffer RE2 also uses (typed-array reads beat charCodeAt).
    if (bytesIn) keywordIndex.scanBytes(bytesIn, onKeyword);
    else keywordIndex.scan(t, onKeyword);
    for (const i of hitRules) patternMark[i] = 0;
    for (const i of proseRules) proseMark[i] = 0;
    if (longText) lastGated.fill(-1);
    // Rules that cannot match in this text's alphabet are left out (1 = may match).
    const feasible = useAlphabet && longText ? feasibleRules.of(state.input) : undefined;
    // Only when it drops many: in real text the rules that could match vary a little from segment
    // to segment with its alphabet, and each new set of rules would build a new combined pass.
    if (feasible && hitRules.reduce((n, i) => n + (feasible[i] as number), 0) * 4 < hitRules.length * 3) {
      let kept = 0;
      for (const i of hitRules) {
        if (feasible[i] === 1) hitRules[kept++] = i;
        else (keywordEnds[i] as number[]).length = 0;
      }
      hitRules.length = kept;
    }
    // Long pure-ASCII text runs through combined passes where they pay (see combined-pass.ts).
    const bytes = useCombined && longText && typeof state.input !== 'string' ? state.input : undefined;
    const [pass, plan] = feasible ? setPassFor(feasible) : [setPass, setPassPlan];
    if (bytes && setPass && !setPass.slow) {
      for (const i of setOutsidePass.candidates(bytes)) {
        const rule = all[i];
        if (rule && (!feasible || feasible[i] === 1)) runPattern(rule, state, explain, ranked);
      }
      if (plan.length > 0 && !runCombined(pass, plan, state, explain, ranked)) {
        for (const i of setCandidates(bytes, feasible)) {
          const rule = all[i];
          if (rule && combinableMark[i] === 1) runPattern(rule, state, explain, ranked);
        }
      }
    } else {
      for (const i of setCandidates(state.input, feasible)) {
        const rule = all[i];
        if (rule) runPattern(rule, state, explain, ranked);
      }
    }
    // Keyword rules: in long text, only around their keywords; where keywords are everywhere
    // (the windows would cover most of the text) an RE2.Set pass over those rules' patterns
    // first drops the ones that match nowhere.
    hitRules.sort((a, b) => a - b);
    const planned: Array<{ idx: number; windows?: Window[] }> = [];
    let covered = 0;
    const single: Array<{ idx: number; windows?: Window[] }> = [];
    for (const idx of hitRules) {
      const at = longText ? keywordEnds[idx] : undefined;
      const windows = at ? keywordWindows(t, at, (state.runs ??= new TokenRuns(t))) : undefined;
      const cover = windows ? windows.reduce((n, w) => n + w.end - w.start, 0) : t.length;
      if (bytes && combinableMark[idx] === 1 && cover * 16 >= t.length) {
        planned.push(windows ? { idx, windows } : { idx });
        covered += cover;
      } else single.push(windows ? { idx, windows } : { idx });
    }
    // A combined pass costs about two single passes over the text; on random characters, far more.
    if (planned.length > 1 && covered >= 2 * t.length && !looksRandom(bytes as Buffer)) {
      // Passes of even size: each costs a scan of the text whatever its number of rules.
      const size = Math.ceil(planned.length / Math.ceil(planned.length / MAX_PASS_RULES));
      for (let k = 0; k < planned.length; k += size) {
        const part = planned.slice(k, k + size);
        if (!runCombined(keywordPass(part.map((p) => p.idx)), part, state, explain, ranked)) single.push(...part);
      }
    } else single.push(...planned);
    single.sort((a, b) => a.idx - b.idx);
    const whole: number[] = [];
    for (const { idx, windows } of single) {
      const rule = all[idx];
      if (!rule) continue;
      if (windows) runPattern(rule, state, explain, ranked, windows);
      else whole.push(idx);
    }
    let confirmed = whole;
    if (longText && whole.length > 8) {
      // An RE2.Set of just these rules, in small chunks: sets of many loose patterns thrash
      // RE2's DFA on random characters (48 rules: 170 ms per 256 KiB; 8: 2-5 ms).
      const matched = keywordSets.get(whole).candidates(state.input);
      for (const i of matched) keywordSetMark[i] = 1;
      confirmed = whole.filter((i) => keywordSetMark[i] === 1);
      for (const i of matched) keywordSetMark[i] = 0;
    }
    for (const idx of confirmed) {
      const rule = all[idx];
      if (rule) runPattern(rule, state, explain, ranked);
    }
    proseRules.sort((a, b) => a - b);
    for (const idx of proseRules) {
      const rule = all[idx];
      if (rule) runProse(rule, state, explain, ranked, longText ? proseEnds[idx] : undefined);
    }
    for (const i of hitRules) (keywordEnds[i] as number[]).length = 0;
    for (const i of proseRules) (proseEnds[i] as number[]).length = 0;
  }

  function scan(text: string, opts: ScanOptions = {}): Finding[] {
    if (text.length === 0) return [];
    const explain = opts.explain === true;
    let ranked: Ranked[] = [];
    const size = text.length > SEGMENT_OTHER && ASCII.test(text) ? SEGMENT_ASCII : SEGMENT_OTHER;
    if (text.length <= size) {
      scanSegment(text, explain, ranked, new Map());
    } else {
      // Long input is scanned in overlapping segments: it bounds the work per match (RE2 maps
      // byte offsets back to UTF-16 from the start of its input) and the memory of each pass.
      // Findings found twice in an overlap collapse into one below.
      const rejected = new Map<string, number>();
      for (const seg of segments(text, size)) {
        const part: Ranked[] = [];
        scanSegment(text.slice(seg.start, seg.end), explain, part, rejected);
        for (const r of part) {
          r.finding.start += seg.start;
          r.finding.end += seg.start;
        }
        ranked = ranked.concat(part);
      }
    }
    const min = opts.minSeverity ? severityRank(opts.minSeverity) : -1;
    const kept = min < 0 ? ranked : ranked.filter((r) => severityRank(r.finding.severity) >= min);
    return collapseOverlaps(kept);
  }

  function redact(text: string, findings: Finding[]): string {
    // Merge overlapping spans so every character of every finding is replaced exactly once.
    const spans = findings
      .filter((f) => f.end > f.start && f.start >= 0 && f.end <= text.length)
      .map((f) => ({ start: f.start, end: f.end, f }))
      .sort((a, b) => a.start - b.start || b.end - a.end);
    let out = '';
    let pos = 0;
    for (let i = 0; i < spans.length; ) {
      const first = spans[i];
      if (!first) break;
      let end = first.end;
      let j = i + 1;
      while (j < spans.length && (spans[j]?.start ?? Infinity) < end) {
        end = Math.max(end, spans[j]?.end ?? end);
        j++;
      }
      const rule = byId.get(first.f.ruleId);
      const style = rule?.spec.redaction ?? { style: 'mask' as const, keep_last: 4 };
      out += text.slice(pos, first.start) + redactionText(text.slice(first.start, end), style, first.f.ruleName);
      pos = end;
      i = j;
    }
    return out + text.slice(pos);
  }

  return {
    ruleCount: all.length,
    rules: infos,
    compiled: all,
    scan,
    redact,
    rule: (id: string) => byId.get(id),
    prefilterStats: () => ({ ...prefilter.stats(), keywords: keywordIndex.size, combinedPasses }),
  };
}
