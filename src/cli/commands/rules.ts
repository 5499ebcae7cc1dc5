// `dlp rules lint|test|list|explain`: for people who write and review rule packs.
import type { Command } from 'commander';
import { createEngine, formatLoadError, qualifiedId, testRules, type CompiledRule, type RuleSet } from '../../rules/index.js';
import { paint } from '../format/text.js';
import { Output } from '../output.js';
import { cliFingerprintKey, loadRuleSet, UsageError } from '../setup.js';

function dirOf(arg: string | undefined, flags: { rules?: string }): string | undefined {
  return arg ?? flags.rules;
}

function unreadable(set: RuleSet): boolean {
  return set.errors.some((e) => e.code === 'dir-unreadable');
}

export async function runLint(dir: string | undefined, flags: { rules?: string; format?: string }): Promise<number> {
  const set = await loadRuleSet(dirOf(dir, flags), true);
  if (unreadable(set)) throw new UsageError(set.errors.map(formatLoadError).join('\n'));
  const out = new Output();
  if (flags.format === 'json') {
    await out.line(JSON.stringify({ files: set.files, rules: set.rules.length, errors: set.errors }, null, 2));
  } else {
    for (const e of set.errors) await out.line(formatLoadError(e));
    await out.line(
      set.errors.length === 0
        ? `✔ ${set.rules.length} rules in ${set.files.length} file${set.files.length === 1 ? '' : 's'}: no problems`
        : `✖ ${set.errors.length} problem${set.errors.length === 1 ? '' : 's'} in ${set.files.length} file${set.files.length === 1 ? '' : 's'}`,
    );
  }
  return set.errors.length > 0 ? 1 : 0;
}

export async function runTest(dir: string | undefined, flags: { rules?: string }): Promise<number> {
  const set = await loadRuleSet(dirOf(dir, flags), false);
  if (unreadable(set)) throw new UsageError(set.errors.map(formatLoadError).join('\n'));
  const out = new Output();
  const colour = out.isTTY;
  const report = testRules(set);
  const problems = [...set.errors, ...report.errors];
  await out.line(paint(colour, '32', `✔ ${report.rules.toLocaleString('en-GB')} rules, ${report.examples.toLocaleString('en-GB')} examples`));
  for (const e of problems) {
    const where = `${e.file}${e.line !== undefined ? `:${e.line}` : ''}`;
    await out.line(paint(colour, '31', `✖ ${e.ruleId ?? e.file}: ${e.message} (${where})`));
  }
  return problems.length > 0 ? 1 : 0;
}

export async function runList(flags: { rules?: string; format?: string }): Promise<number> {
  const set = await loadRuleSet(flags.rules, false);
  if (unreadable(set)) throw new UsageError(set.errors.map(formatLoadError).join('\n'));
  const out = new Output();
  if (flags.format === 'json') {
    await out.line(JSON.stringify(set.rules.map((r) => r.info), null, 2));
    return 0;
  }
  const rows = set.rules.map((r) => [qualifiedId(r.spec), r.spec.severity, r.spec.mode, r.spec.name, `${r.info.file}:${r.info.line}`]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length), 4));
  for (const row of rows) await out.line(row.map((c, i) => (i < 4 ? c.padEnd(widths[i] ?? 0) : c)).join('  '));
  await out.line(`${rows.length} rules`);
  if (set.errors.length > 0) process.stderr.write(`${set.errors.length} load problem(s); run \`dlp rules lint\`\n`);
  return 0;
}

function describe(r: CompiledRule): string[] {
  const s = r.spec;
  const lines = [
    `${qualifiedId(s)}  (${r.info.file}:${r.info.line})`,
    `  name:        ${s.name}`,
    `  severity:    ${s.severity}    mode: ${s.mode}    confidence: ${s.confidence}`,
    `  why:         ${s.description}`,
  ];
  if (s.pattern) lines.push(`  pattern:     ${s.pattern}${s.case_sensitive ? '' : '   (case-insensitive)'}`);
  if (r.secretGroup) lines.push(`  sensitive:   group "${r.secretGroup}"`);
  else if (s.pattern) lines.push('  sensitive:   the whole match');
  if (s.prose) lines.push(`  prose:       terms ${s.prose.terms.join(', ')}${s.prose.near.length ? `; near ${s.prose.near.join(', ')} within ${s.prose.within} words` : ''}; at least ${s.prose.min_terms}`);
  if (s.keywords.length) lines.push(`  keywords:    ${s.keywords.join(', ')}  (runs only when one occurs)`);
  for (const v of s.validators) lines.push(`  validator:   ${JSON.stringify(v)}`);
  if (s.context) lines.push(`  context:     ${s.context.words.join(', ')} within ${s.context.window} chars${s.context.required ? ' (required)' : ` (+${s.context.boost})`}`);
  const a = s.allowlist;
  if (a.values.length + a.patterns.length + a.stopwords.length > 0) lines.push(`  allowlist:   ${a.values.length} values, ${a.patterns.length} patterns, stopwords ${a.stopwords.join(', ') || '-'}`);
  lines.push(`  redaction:   ${s.redaction.style}${s.redaction.style === 'keep-last' ? ` ${s.redaction.keep_last}` : ''}${s.redaction.label ? ` "${s.redaction.label}"` : ''}`);
  if (s.marking) lines.push(`  marking:     ${s.marking.scheme} ${s.marking.level}`);
  if (s.source) lines.push(`  source:      ${s.source}`);
  for (const e of r.info.examples.match) lines.push(`  match:       ${e}`);
  for (const e of r.info.examples.no_match) lines.push(`  no_match:    ${e}`);
  return lines;
}

export async function runExplain(id: string, flags: { rules?: string; text?: string }): Promise<number> {
  const set = await loadRuleSet(flags.rules, false);
  const bare = id.includes('/') ? id.slice(id.indexOf('/') + 1) : id;
  const rule = set.rules.find((r) => r.id === bare);
  if (!rule) throw new UsageError(`no rule "${id}" (try \`dlp rules list\`)`);
  const out = new Output();
  for (const l of describe(rule)) await out.line(l);
  if (flags.text !== undefined) {
    const engine = createEngine([rule], { fingerprintKey: cliFingerprintKey() });
    const findings = engine.scan(flags.text, { explain: true });
    await out.line(findings.length === 0 ? '  on --text:   no finding' : `  on --text:   ${findings.length} finding(s)`);
    for (const f of findings) {
      const x = f.explanation;
      await out.line(`    ${f.start}-${f.end} ${f.preview}  confidence ${f.confidence}`);
      for (const v of x?.validators ?? []) await out.line(`      validator ${v.name}: ${v.passed ? 'pass' : 'fail'}${v.detail ? ` (${v.detail})` : ''}`);
      if (x?.contextWords.length) await out.line(`      context words: ${x.contextWords.join(', ')}`);
      for (const n of x?.notes ?? []) await out.line(`      ${n}`);
    }
  }
  return 0;
}

export function registerRulesCommands(program: Command, run: (p: Promise<number>) => Promise<void>): void {
  const rules = program.command('rules').description('lint, test, list and explain rule packs');
  rules
    .command('lint')
    .description('load every pack and report each problem as file:line rule field (exit 1 when any)')
    .argument('[dir]', 'rules directory (default: --rules or the shipped packs)')
    .option('--rules <dir>', 'rules directory')
    .option('--format <fmt>', 'text or json', 'text')
    .action((dir: string | undefined, flags: { rules?: string; format?: string }) => run(runLint(dir, flags)));
  rules
    .command('test')
    .description("run every rule's match / no_match examples (exit 1 when any fails)")
    .argument('[dir]', 'rules directory')
    .option('--rules <dir>', 'rules directory')
    .action((dir: string | undefined, flags: { rules?: string }) => run(runTest(dir, flags)));
  rules
    .command('list')
    .description('list the loaded rules')
    .option('--rules <dir>', 'rules directory')
    .option('--format <fmt>', 'text or json', 'text')
    .action((flags: { rules?: string; format?: string }) => run(runList(flags)));
  rules
    .command('explain')
    .description('show what a rule detects and how; with --text, why it fires on that text')
    .argument('<rule-id>', 'rule id (with or without the category/ prefix)')
    .option('--rules <dir>', 'rules directory')
    .option('--text <text>', 'explain the findings of this rule on this text')
    .action((id: string, flags: { rules?: string; text?: string }) => run(runExplain(id, flags)));
}
