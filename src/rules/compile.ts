// Raw rule (as written and validated by zod) -> compiled rule (RE2 objects, lower-cased keywords,
// compiled allowlist). Compilation problems are returned as load errors naming the rule and field.
import RE2 from 're2';
import type { RuleLoadError } from './errors.js';
import type { RuleSpec, ValidatorSpec } from './schema.js';
import type { RuleInfo } from './types.js';
import { compileProse, type CompiledProse } from './prose.js';

export interface CompiledRule {
  readonly id: string;
  readonly spec: RuleSpec;
  readonly info: RuleInfo;
  /** Positional pattern (flags g, d, u and i unless case-sensitive); absent for prose-only rules. */
  readonly regex?: RE2;
  /** Source for the RE2.Set prefilter (case-insensitivity inlined as `(?i)`). */
  readonly setSource?: string;
  /** Named group holding the sensitive part; undefined = the whole match. */
  readonly secretGroup?: string;
  readonly keywords: readonly string[];
  readonly validators: readonly ValidatorSpec[];
  readonly allowValues: ReadonlySet<string>;
  readonly allowPatterns: readonly RE2[];
  /** The allowlist patterns as one RE2.Set (one call instead of one per pattern), when it builds. */
  readonly allowSet?: InstanceType<typeof RE2.Set>;
  readonly stopwords: readonly string[];
  readonly prose?: CompiledProse;
  /** Line of each example, for error messages. */
  readonly exampleLines: { match: number[]; no_match: number[] };
  /** Generic rules (id starting `generic-`) lose to specific rules at the same place. */
  readonly generic: boolean;
}

export interface RuleOrigin {
  file: string;
  line: number;
  exampleLines?: { match: number[]; no_match: number[] };
  /** Whether the author wrote `secret_group` explicitly. */
  explicitSecretGroup: boolean;
}

export function qualifiedId(spec: { id: string; category?: string }): string {
  return spec.category ? `${spec.category}/${spec.id}` : spec.id;
}

/** Human-friendly text of an RE2 rejection, with a hint for the common causes. */
export function re2Hint(message: string): string {
  if (/\\[1-9]|backreference|invalid escape/.test(message)) return 'RE2 has no backreferences; repeat the group or check the value in a validator';
  if (/perl operator|\(\?[=!<]/.test(message)) return 'RE2 has no look-around; match the surrounding text and mark the sensitive part with (?<secret>...)';
  return 'see https://github.com/google/re2/wiki/Syntax';
}

function hasNamedGroup(pattern: string, name: string): boolean {
  return pattern.includes(`(?<${name}>`) || pattern.includes(`(?P<${name}>`);
}

export function compileRule(spec: RuleSpec, origin: RuleOrigin): { rule?: CompiledRule; errors: RuleLoadError[] } {
  const errors: RuleLoadError[] = [];
  const where = { file: origin.file, line: origin.line, ruleId: qualifiedId(spec) };
  let regex: RE2 | undefined;
  let setSource: string | undefined;
  let secretGroup: string | undefined;

  if (spec.pattern) {
    const flags = spec.case_sensitive ? 'gdu' : 'gdiu';
    try {
      regex = new RE2(spec.pattern, flags);
      setSource = spec.case_sensitive ? spec.pattern : `(?i)${spec.pattern}`;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      errors.push({ ...where, code: 'invalid-pattern', field: 'pattern', message: `RE2 rejects the pattern: ${message}`, hint: re2Hint(message) });
    }
    if (hasNamedGroup(spec.pattern, spec.secret_group)) secretGroup = spec.secret_group;
    else if (origin.explicitSecretGroup) {
      errors.push({
        ...where,
        code: 'missing-secret-group',
        field: 'secret_group',
        message: `the pattern has no group named "${spec.secret_group}"`,
        hint: `wrap the sensitive part in (?<${spec.secret_group}>...)`,
      });
    }
  }

  const allowPatterns: RE2[] = [];
  spec.allowlist.patterns.forEach((p, i) => {
    try {
      // Case-sensitive regardless of the rule: authors write (?i) where they mean it.
      allowPatterns.push(new RE2(p, 'u'));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      errors.push({ ...where, code: 'invalid-pattern', field: `allowlist.patterns.${i}`, message: `RE2 rejects the allowlist pattern: ${message}`, hint: re2Hint(message) });
    }
  });

  let allowSet: InstanceType<typeof RE2.Set> | undefined;
  if (allowPatterns.length > 1 && errors.length === 0) {
    try {
      allowSet = new RE2.Set(spec.allowlist.patterns, 'u');
    } catch {
      allowSet = undefined;
    }
  }

  let prose: CompiledProse | undefined;
  if (spec.prose) prose = compileProse(spec.prose);

  if (errors.length > 0) return { errors };
  const info: RuleInfo = {
    id: spec.id,
    name: spec.name,
    category: spec.category,
    severity: spec.severity,
    description: spec.description,
    mode: spec.mode,
    ...(spec.marking ? { marking: spec.marking } : {}),
    ...(spec.source ? { source: spec.source } : {}),
    examples: {
      match: spec.examples.match.map((e) => (typeof e === 'string' ? e : e.text)),
      no_match: spec.examples.no_match.map((e) => (typeof e === 'string' ? e : e.text)),
    },
    file: origin.file,
    line: origin.line,
  };
  return {
    errors,
    rule: {
      id: spec.id,
      spec,
      info,
      ...(regex ? { regex } : {}),
      ...(setSource ? { setSource } : {}),
      ...(secretGroup ? { secretGroup } : {}),
      keywords: spec.keywords.map((k) => k.toLowerCase()),
      validators: spec.validators,
      allowValues: new Set(spec.allowlist.values),
      allowPatterns,
      ...(allowSet ? { allowSet } : {}),
      stopwords: spec.allowlist.stopwords.map((s) => s.toLowerCase()),
      ...(prose ? { prose } : {}),
      exampleLines: origin.exampleLines ?? { match: [], no_match: [] },
      generic: spec.id.startsWith('generic-') || spec.tags.includes('generic'),
    },
  };
}
