import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { corporateMarkingRules, formatPolicyError, globMatch, loadPolicy, parsePolicy } from '../../src/bot/policy.js';
import { ruleSchema } from '../../src/rules/schema.js';
import { compileRule, createEngine, testRule } from '../../src/rules/index.js';

const shipped = fileURLToPath(new URL('../../rules/policy.yaml', import.meta.url));

test('the shipped policy loads without errors', () => {
  const { policy, errors } = loadPolicy(shipped);
  assert.deepEqual(errors, []);
  assert.equal(policy?.version, 1);
  assert.deepEqual(policy?.defaults.secret.high, ['redact', 'escalate']);
  assert.equal(policy?.store_text, false);
});

test('a bad value is reported with file:line and the field path', () => {
  const text = ['version: 1', 'defaults:', '  secret: { low: [warn], medium: [warn], high: [explode], critical: [block] }', '  personal: { low: [], medium: [], high: [], critical: [] }', '  legal: { low: [], medium: [], high: [], critical: [] }', '  classification: { low: [], medium: [], high: [], critical: [] }', ''].join('\n');
  const { policy, errors } = parsePolicy(text, 'p.yaml');
  assert.equal(policy, undefined);
  assert.equal(errors.length, 1);
  const e = errors[0];
  assert.equal(e?.line, 3);
  assert.equal(e?.field, 'defaults.secret.high.0');
  assert.match(formatPolicyError(e!), /^p\.yaml:3:\d+ defaults\.secret\.high\.0: /);
});

test('a missing section points at its parent; unknown keys are rejected', () => {
  const { errors } = parsePolicy('version: 1\nmode: enforce\nsurprise: true\n', 'q.yaml');
  const fields = errors.map((e) => e.field);
  assert.ok(fields.includes('defaults'), 'missing defaults reported');
  assert.ok(errors.some((e) => /surprise/.test(e.message)), 'unknown key named');
});

test('YAML syntax errors carry a line', () => {
  const { errors } = parsePolicy('version: 1\ndefaults: [\n', 'r.yaml');
  assert.ok(errors.length > 0);
  assert.ok((errors[0]?.line ?? 0) >= 2);
});

test('conversation globs', () => {
  assert.ok(globMatch('#dlp-*', 'dlp-alerts'));
  assert.ok(globMatch('dlp-*', '#DLP-alerts'));
  assert.ok(!globMatch('#dlp-*', 'general'));
  assert.ok(globMatch('*-ext?', 'sales-ext1'));
});

test('corporate markings become valid classification rules', () => {
  const { policy } = loadPolicy(shipped);
  const rules = corporateMarkingRules(policy!);
  assert.equal(rules.length, 2);
  for (const r of rules) assert.ok(ruleSchema.safeParse(r).success, `${r.id} passes the rule schema`);
  assert.equal(rules[0]?.id, 'corporate-acme-confidential');
  assert.equal(rules[1]?.marking?.level, 'secret');
});

test('corporate markings fire on the label as written, not on the words in prose', () => {
  const { policy } = loadPolicy(shipped);
  const compiled = corporateMarkingRules(policy!).map((spec) => {
    const r = compileRule(spec, { file: shipped, line: 0, explicitSecretGroup: false });
    assert.deepEqual(r.errors, []);
    return r.rule!;
  });
  for (const rule of compiled) assert.deepEqual(testRule(rule).errors, [], `${rule.spec.id} examples hold`);
  const engine = createEngine(compiled, { fingerprintKey: 'corporate-marking-test-key' });
  const marked = engine.scan('ACME CONFIDENTIAL - Q3 forecast attached');
  assert.equal(marked.length, 1);
  assert.equal(marked[0]?.marking?.level, 'official-sensitive');
  assert.equal(marked[0]?.start, 0);
  assert.deepEqual(engine.scan('acme confidential matters are for the board'), []);
  // Obfuscation (fullwidth letters) is folded by the normaliser before matching.
  assert.equal(engine.scan('ＡＣＭＥ RESTRICTED').length, 1);
});
