// The detection engine: normalise -> prefilter (RE2.Set + keywords) -> positional patterns of the
// candidates only -> allowlist, validators, context -> confidence -> collapse overlaps.
// Findings carry masked previews and keyed fingerprints, never the raw value.
import type RE2 from 're2';
import { collapseOverlaps, type Ranked } from './collapse.js';
import type { CompiledRule } from './compile.js';
import { contextWordsNear } from './context.js';
import { fingerprint, maskedPreview, redactionText } from './mask.js';
import { normalize, toOriginalSpan, type Normalized } from './normalize.js';
import { Prefilter } from './prefilter.js';
import { findProse, proseMightMatch, tokenize, type Token } from './prose.js';
import { severityRank, type Engine, type Explanation, type Finding, type RuleInfo, type ScanOptions } from './types.js';
import { runValidator } from './validators/index.js';

export interface EngineOptions {
  /** HMAC key for fingerprints (see src/shared/fingerprint-key.ts). */
  fingerprintKey: string | Buffer;
  /** More compiled rules (e.g. a tenant's own pack) added after `rules`. */
  extraRules?: CompiledRule[];
  /**
   * Upper bound on pattern matches examined per rule and scan, so hostile input (1 MB of
   * near-matches) cannot take unbounded time. Matches past the bound are not reported.
   */
  maxMatchesPerRule?: number;
}

/** The engine plus internals the CLI and tests use (rule lookup, prefilter stats). */
export interface DetectionEngine extends Engine {
  readonly compiled: readonly CompiledRule[];
  rule(id: string): CompiledRule | undefined;
  prefilterStats(): ReturnType<Prefilter['stats']>;
}

// Checksum-validated identifiers are fingerprinted without separators so `4111 1111…` and
// `4111-1111…` are the same value.
const STRUCTURED = new Set(['luhn', 'payment-card', 'iban', 'nhs', 'uk-nino', 'uk-utr', 'us-ssn', 'uk-driving-licence']);

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

/** Lower-case with the same UTF-16 length, so offsets stay valid. */
function lowerSameLength(text: string): string {
  const l = text.toLowerCase();
  if (l.length === text.length) return l;
  let out = '';
  for (const ch of text) {
    const lc = ch.toLowerCase();
    out += lc.length === ch.length ? lc : ch;
  }
  return out;
}

interface ScanState {
  original: string;
  norm: Normalized;
  lower?: string;
  tokens?: Token[];
}

function lowerOf(s: ScanState): string {
  if (s.lower === undefined) s.lower = lowerSameLength(s.norm.text);
  return s.lower;
}

export function createEngine(rules: CompiledRule[], options: EngineOptions): DetectionEngine {
  const key = typeof options.fingerprintKey === 'string' ? Buffer.from(options.fingerprintKey, 'utf8') : options.fingerprintKey;
  if (key.length === 0) throw new Error('createEngine: fingerprintKey must not be empty');
  const maxMatches = options.maxMatchesPerRule ?? 10_000;
  const all = [...rules, ...(options.extraRules ?? [])].filter((r) => r.spec.mode !== 'off');
  const byId = new Map(all.map((r) => [r.id, r]));
  const patternRules = all.map((r, index) => ({ r, index })).filter((x) => x.r.regex && x.r.setSource);
  const prefilter = new Prefilter(patternRules.map(({ r, index }) => ({ index, source: r.setSource ?? '' })));
  const proseRules = all.filter((r) => r.prose);
  const infos: RuleInfo[] = all.map((r) => r.info);

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

  function runPattern(rule: CompiledRule, state: ScanState, explain: boolean, out: Ranked[]): void {
    const regex = rule.regex as RE2;
    const text = state.norm.text;
    const spec = rule.spec;
    regex.lastIndex = 0;
    let examined = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      if (m[0].length === 0) regex.lastIndex++;
      if (++examined > maxMatches) break;
      const whole = m.indices?.[0];
      if (!whole) continue;
      const span = rule.secretGroup ? m.indices?.groups?.[rule.secretGroup] : whole;
      if (!span) continue;
      const [s, e] = span;
      if (e <= s) continue;
      const value = text.slice(s, e);
      // Allowlist first: cheapest and most decisive.
      if (rule.allowValues.has(value)) continue;
      if (rule.stopwords.length > 0) {
        const lv = value.toLowerCase();
        if (rule.stopwords.some((w) => lv.includes(w))) continue;
      }
      if (rule.allowPatterns.some((p) => p.test(value))) continue;
      if (spec.category === 'secret' && isPlaceholder(value)) continue;
      const results: Explanation['validators'] = [];
      let ok = true;
      for (const v of rule.validators) {
        const r = runValidator(value, v);
        if (explain) results.push({ name: v.name, passed: r.ok, ...(r.detail ? { detail: r.detail } : {}) });
        if (!r.ok) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      let confidence = spec.confidence;
      let seen: string[] = [];
      if (spec.context) {
        const words = spec.context.words.map((w) => w.toLowerCase());
        seen = contextWordsNear(lowerOf(state), whole[0] - spec.context.window, whole[1] + spec.context.window, words);
        if (seen.length === 0 && spec.context.required) continue;
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
      out.push({ finding: makeFinding(rule, state, s, e, confidence, explanation), generic: rule.generic });
    }
  }

  function runProse(rule: CompiledRule, state: ScanState, explain: boolean, out: Ranked[]): void {
    const prose = rule.prose;
    if (!prose || !proseMightMatch(prose, lowerOf(state))) return;
    if (state.tokens === undefined) state.tokens = tokenize(state.norm.text);
    for (const hit of findProse(state.tokens, prose)) {
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

  function keywordsPresent(rule: CompiledRule, state: ScanState): boolean {
    if (rule.keywords.length === 0) return true;
    const lower = lowerOf(state);
    for (const k of rule.keywords) if (lower.includes(k)) return true;
    return false;
  }

  function scan(text: string, opts: ScanOptions = {}): Finding[] {
    if (text.length === 0) return [];
    const state: ScanState = { original: text, norm: normalize(text) };
    const explain = opts.explain === true;
    const ranked: Ranked[] = [];
    // Pure-ASCII bulk text goes to RE2 as a latin1 Buffer once (byte offsets = UTF-16 offsets),
    // saving a UTF-8 conversion per candidate rule.
    const input = state.norm.identity && text.length > 65_536 ? Buffer.from(text, 'latin1') : state.norm.text;
    for (const idx of prefilter.candidates(input)) {
      const rule = all[idx];
      if (!rule || !keywordsPresent(rule, state)) continue;
      runPattern(rule, state, explain, ranked);
    }
    for (const rule of proseRules) runProse(rule, state, explain, ranked);
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
    prefilterStats: () => prefilter.stats(),
  };
}
