// Every rule carries examples that must hold: each `match` example yields a finding of that rule
// (covering `expect` exactly when given), each `no_match` example yields none. Each rule is run
// on its own, so a more specific rule elsewhere cannot hide it.
import type { CompiledRule } from './compile.js';
import { qualifiedId } from './compile.js';
import { createEngine } from './engine.js';
import type { RuleLoadError } from './errors.js';

export interface RuleTestReport {
  rules: number;
  examples: number;
  errors: RuleLoadError[];
}

const EXAMPLE_KEY = Buffer.from('rule-examples-only');

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

export function testRule(rule: CompiledRule): { examples: number; errors: RuleLoadError[] } {
  const errors: RuleLoadError[] = [];
  if (rule.spec.mode === 'off') return { examples: 0, errors };
  const engine = createEngine([rule], { fingerprintKey: EXAMPLE_KEY });
  let examples = 0;
  const at = (kind: 'match' | 'no_match', i: number) => ({
    file: rule.info.file,
    line: rule.exampleLines[kind][i] ?? rule.info.line,
    ruleId: qualifiedId(rule.spec),
    field: `examples.${kind}.${i}`,
  });
  rule.spec.examples.match.forEach((ex, i) => {
    examples++;
    const text = typeof ex === 'string' ? ex : ex.text;
    const expect = typeof ex === 'string' ? undefined : ex.expect;
    const found = engine.scan(text).filter((f) => f.ruleId === rule.id);
    if (found.length === 0) {
      errors.push({ ...at('match', i), code: 'example-failed', message: `match example "${short(text)}" did not match`, hint: 'fix the pattern, validators, context or allowlist, or the example' });
    } else if (expect !== undefined && !found.some((f) => text.slice(f.start, f.end) === expect)) {
      errors.push({ ...at('match', i), code: 'example-failed', message: `match example "${short(text)}" matched, but not exactly "${short(expect)}"`, hint: 'the (?<secret>...) group decides the span' });
    }
  });
  rule.spec.examples.no_match.forEach((ex, i) => {
    examples++;
    const text = typeof ex === 'string' ? ex : ex.text;
    if (engine.scan(text).some((f) => f.ruleId === rule.id)) {
      errors.push({ ...at('no_match', i), code: 'example-failed', message: `no_match example "${short(text)}" matched`, hint: 'tighten the pattern or add an allowlist entry' });
    }
  });
  return { examples, errors };
}

export function testRules(set: { rules: readonly CompiledRule[] }): RuleTestReport {
  const report: RuleTestReport = { rules: 0, examples: 0, errors: [] };
  for (const rule of set.rules) {
    const r = testRule(rule);
    report.rules++;
    report.examples += r.examples;
    report.errors.push(...r.errors);
  }
  return report;
}
