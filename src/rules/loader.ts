// Loads rule packs from YAML: every problem becomes a RuleLoadError with file:line:column, rule id,
// field and a hint; nothing here throws for bad content. Packs may `extends` other packs and
// `disable` or `override` their rules by id.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ZodIssue } from 'zod';
import { compileRule, qualifiedId, type CompiledRule } from './compile.js';
import type { RuleLoadError } from './errors.js';
import { packSchema, ruleOverrideSchema, ruleSchema, validatorSchema, type RuleSpec } from './schema.js';
import { testRules } from './test-rules.js';
import { positionOf, positionOfKey } from './yaml-locate.js';

export interface RuleSet {
  rules: CompiledRule[];
  errors: RuleLoadError[];
  files: string[];
}

export interface LoadOptions {
  /** Run every rule's examples and report those that do not hold (default true). */
  checkExamples?: boolean;
}

/** Files in a rules directory that are not rule packs. */
const NOT_PACKS = new Set(['policy.yaml', 'policy.yml']);

function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

const RULE_FIELDS = Object.keys(ruleSchema.innerType().shape);
const PACK_FIELDS = Object.keys(packSchema.shape);

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] ?? 0;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] ?? 0;
      dp[j] = Math.min((dp[j] ?? 0) + 1, (dp[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] ?? 0;
}

function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

interface Ctx {
  file: string;
  doc: Document;
  counter: LineCounter;
}

function issueToErrors(ctx: Ctx, base: Array<string | number>, issue: ZodIssue, ruleId: string | undefined, fields: readonly string[]): RuleLoadError[] {
  const fullPath = [...base, ...issue.path];
  const field = issue.path.map(String).join('.') || undefined;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => {
      const pos = positionOfKey(ctx.doc, ctx.counter, fullPath, k);
      const guess = didYouMean(k, fields);
      return {
        code: 'unknown-field',
        file: ctx.file,
        ...(pos ? { line: pos.line, column: pos.column } : {}),
        ...(ruleId ? { ruleId } : {}),
        field: field ? `${field}.${k}` : k,
        message: `unknown field "${k}"`,
        hint: guess ? `did you mean "${guess}"?` : `allowed here: ${issue.path.length === 0 ? fields.join(', ') : 'see rules/README.md'}`,
      };
    });
  }
  const pos = positionOf(ctx.doc, ctx.counter, fullPath);
  let code = 'invalid-value';
  let hint: string | undefined;
  if (issue.code === 'invalid_type') {
    code = issue.received === 'undefined' ? 'missing-field' : 'wrong-type';
    hint = issue.received === 'undefined' ? `add "${field}"` : `expected ${issue.expected}, got ${issue.received}`;
  } else if (issue.code === 'invalid_union_discriminator' || (issue.code === 'invalid_literal' && field?.endsWith('name'))) {
    code = 'unknown-validator';
    hint = `known validators: ${validatorSchema.options.map((o) => o.shape.name.value).join(', ')}`;
  } else if (issue.code === 'invalid_enum_value') {
    hint = `one of: ${issue.options.join(', ')}`;
  }
  return [
    {
      code,
      file: ctx.file,
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      ...(ruleId ? { ruleId } : {}),
      ...(field ? { field } : {}),
      message: issue.code === 'invalid_union_discriminator' ? 'unknown validator name' : issue.message,
      ...(hint ? { hint } : {}),
    },
  ];
}

interface PackResult {
  rules: CompiledRule[];
  errors: RuleLoadError[];
  files: string[];
  /** Absolute paths of packs this one extends (directly or not). */
  extended: string[];
}

function applyOverride(spec: RuleSpec, o: Record<string, unknown>): RuleSpec {
  const next: RuleSpec = { ...spec };
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (k === 'allowlist') next.allowlist = { ...spec.allowlist, ...(v as object) };
    else (next as Record<string, unknown>)[k] = v;
  }
  return next;
}

async function loadPack(abs: string, stack: string[], cache: Map<string, PackResult>): Promise<PackResult> {
  const cached = cache.get(abs);
  if (cached) return cached;
  const file = displayPath(abs);
  const result: PackResult = { rules: [], errors: [], files: [file], extended: [] };
  let source: string;
  try {
    source = await readFile(abs, 'utf8');
  } catch (e) {
    result.errors.push({ code: 'file-unreadable', file, message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    return result;
  }
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const p = counter.linePos(err.pos[0]);
      result.errors.push({ code: 'yaml-syntax', file, line: p.line, column: p.col, message: err.message.split('\n')[0] ?? 'YAML syntax error', hint: 'check indentation, quotes and colons' });
    }
    cache.set(abs, result);
    return result;
  }
  const ctx: Ctx = { file, doc, counter };
  const raw: unknown = doc.toJS() ?? {};
  const parsed = packSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) result.errors.push(...issueToErrors(ctx, [], issue, undefined, PACK_FIELDS));
    cache.set(abs, result);
    return result;
  }
  const pack = parsed.data;

  // Rules inherited from extended packs.
  let inherited: CompiledRule[] = [];
  for (let i = 0; i < pack.extends.length; i++) {
    const rel = pack.extends[i] ?? '';
    const target = path.resolve(path.dirname(abs), rel);
    const pos = positionOf(doc, counter, ['extends', i]);
    const at = { file, ...(pos ? { line: pos.line, column: pos.column } : {}), field: `extends.${i}` };
    if (target === abs || stack.includes(target)) {
      result.errors.push({ ...at, code: 'extends-cycle', message: `extends cycle: ${[...stack, abs, target].map(displayPath).join(' -> ')}`, hint: 'remove one of the extends entries' });
      continue;
    }
    try {
      await readFile(target);
    } catch {
      result.errors.push({ ...at, code: 'extends-missing', message: `extended pack "${rel}" not found`, hint: 'paths are relative to this file' });
      continue;
    }
    const base = await loadPack(target, [...stack, abs], cache);
    result.errors.push(...base.errors);
    result.files.push(...base.files.filter((f) => !result.files.includes(f)));
    result.extended.push(target, ...base.extended);
    inherited = [...inherited, ...base.rules];
  }
  const inheritedIds = new Set(inherited.map((r) => r.id));

  pack.disable.forEach((id, i) => {
    if (!inheritedIds.has(id)) {
      const pos = positionOf(doc, counter, ['disable', i]);
      result.errors.push({ code: 'unknown-rule-id', file, ...(pos ? { line: pos.line, column: pos.column } : {}), ruleId: id, field: `disable.${i}`, message: `cannot disable "${id}": no extended pack defines it`, hint: 'check the id and the extends list' });
    }
  });
  const disabled = new Set(pack.disable);
  inherited = inherited.filter((r) => !disabled.has(r.id));

  // Own rules.
  const own: CompiledRule[] = [];
  pack.rules.forEach((rawRule, i) => {
    const rulePos = positionOf(doc, counter, ['rules', i]);
    const line = rulePos?.line ?? 1;
    const rawObj = (typeof rawRule === 'object' && rawRule !== null ? rawRule : {}) as Record<string, unknown>;
    const rawId = typeof rawObj.id === 'string' ? rawObj.id : undefined;
    const rawCategory = typeof rawObj.category === 'string' ? rawObj.category : undefined;
    const displayId = rawId ? qualifiedId({ id: rawId, ...(rawCategory ? { category: rawCategory } : {}) }) : `rules[${i}]`;
    const ruleParsed = ruleSchema.safeParse(rawRule);
    if (!ruleParsed.success) {
      for (const issue of ruleParsed.error.issues) result.errors.push(...issueToErrors(ctx, ['rules', i], issue, displayId, RULE_FIELDS));
      return;
    }
    const lines = (kind: 'match' | 'no_match', n: number) =>
      Array.from({ length: n }, (_, k) => positionOf(doc, counter, ['rules', i, 'examples', kind, k])?.line ?? line);
    const compiled = compileRule(ruleParsed.data, {
      file,
      line,
      explicitSecretGroup: 'secret_group' in rawObj,
      exampleLines: { match: lines('match', ruleParsed.data.examples.match.length), no_match: lines('no_match', ruleParsed.data.examples.no_match.length) },
    });
    // Point pattern errors at the pattern's own line.
    for (const err of compiled.errors) {
      const fieldPath = (err.field ?? '').split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const pos = err.field ? positionOf(doc, counter, ['rules', i, ...fieldPath]) : undefined;
      result.errors.push(pos ? { ...err, line: pos.line, column: pos.column } : err);
    }
    if (compiled.rule) own.push(compiled.rule);
  });

  // Overrides apply to inherited (and own) rules by id.
  const overridden = new Map<string, CompiledRule>();
  for (const [id, o] of Object.entries(pack.override)) {
    const pos = positionOfKey(doc, counter, ['override'], id);
    const at = { file, ...(pos ? { line: pos.line, column: pos.column } : {}), ruleId: id, field: `override.${id}` };
    const target = inherited.find((r) => r.id === id) ?? own.find((r) => r.id === id);
    if (!target) {
      result.errors.push({ ...at, code: 'unknown-rule-id', message: `cannot override "${id}": no such rule`, hint: 'check the id and the extends list' });
      continue;
    }
    const check = ruleOverrideSchema.safeParse(o);
    if (!check.success) continue;
    const spec = applyOverride(target.spec, check.data as Record<string, unknown>);
    const recompiled = compileRule(spec, { file: target.info.file, line: target.info.line, exampleLines: target.exampleLines, explicitSecretGroup: false });
    result.errors.push(...recompiled.errors.map((e) => ({ ...e, ...at })));
    if (recompiled.rule) overridden.set(id, recompiled.rule);
  }
  result.rules = [...inherited, ...own].map((r) => overridden.get(r.id) ?? r);
  cache.set(abs, result);
  return result;
}

function dedupe(rules: CompiledRule[]): { rules: CompiledRule[]; errors: RuleLoadError[] } {
  const seen = new Map<string, CompiledRule>();
  const errors: RuleLoadError[] = [];
  const out: CompiledRule[] = [];
  for (const r of rules) {
    const prev = seen.get(r.id);
    if (!prev) {
      seen.set(r.id, r);
      out.push(r);
      continue;
    }
    if (prev.info.file === r.info.file && prev.info.line === r.info.line) continue; // same rule reached twice
    errors.push({
      code: 'duplicate-id',
      file: r.info.file,
      line: r.info.line,
      ruleId: qualifiedId(r.spec),
      field: 'id',
      message: `duplicate rule id "${r.id}"`,
      hint: `first defined at ${prev.info.file}:${prev.info.line}; ids must be unique across all packs`,
    });
  }
  return { rules: out, errors };
}

/** Loads the packs of one file (with what it extends). */
export async function loadRuleFile(file: string, options: LoadOptions = {}): Promise<RuleSet> {
  const abs = path.resolve(file);
  const pack = await loadPack(abs, [], new Map());
  const { rules, errors } = dedupe(pack.rules);
  const all = { rules, errors: [...pack.errors, ...errors], files: pack.files };
  if (options.checkExamples !== false) all.errors.push(...testRules(all).errors);
  return all;
}

/** Loads every *.yaml / *.yml in `dir` except policy.yaml. Never throws for bad rule content. */
export async function loadRules(dir: string, options: LoadOptions = {}): Promise<RuleSet> {
  const absDir = path.resolve(dir);
  let names: string[];
  try {
    names = (await readdir(absDir)).filter((n) => /\.ya?ml$/i.test(n) && !NOT_PACKS.has(n.toLowerCase())).sort();
  } catch (e) {
    return { rules: [], files: [], errors: [{ code: 'dir-unreadable', file: displayPath(absDir), message: `cannot read the rules directory: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, hint: 'pass --rules DIR with a directory of *.yaml packs' }] };
  }
  const cache = new Map<string, PackResult>();
  const packs: Array<{ abs: string; result: PackResult }> = [];
  for (const n of names) {
    const abs = path.join(absDir, n);
    packs.push({ abs, result: await loadPack(abs, [], cache) });
  }
  // A pack extended by another pack of this directory arrives through the extender only,
  // so its disabled/overridden rules are not loaded twice.
  const extended = new Set(packs.flatMap((p) => p.result.extended));
  const errors: RuleLoadError[] = [];
  const seenErr = new Set<string>();
  const rules: CompiledRule[] = [];
  for (const p of packs) {
    for (const e of p.result.errors) {
      const k = JSON.stringify(e);
      if (!seenErr.has(k)) {
        seenErr.add(k);
        errors.push(e);
      }
    }
    if (!extended.has(p.abs)) rules.push(...p.result.rules);
  }
  const d = dedupe(rules);
  const set: RuleSet = { rules: d.rules, errors: [...errors, ...d.errors], files: names.map((n) => displayPath(path.join(absDir, n))) };
  if (options.checkExamples !== false) set.errors.push(...testRules(set).errors);
  return set;
}
