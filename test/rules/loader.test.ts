import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLoadError, loadRules, type RuleLoadError } from '../../src/rules/index.js';
import { packDir, ruleYaml } from './helpers.js';

async function errorsOf(files: Record<string, string>): Promise<RuleLoadError[]> {
  return (await loadRules(packDir(files))).errors;
}

function only(errors: RuleLoadError[], code: string): RuleLoadError {
  const found = errors.filter((e) => e.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(errors, null, 1)}`);
  return found[0] as RuleLoadError;
}

describe('loadRules', () => {
  it('loads a valid pack, and ignores policy.yaml', async () => {
    const set = await loadRules(packDir({ 'a.yaml': `rules:\n${ruleYaml()}\n`, 'policy.yaml': 'not: [a pack' }));
    assert.deepEqual(set.errors, []);
    assert.deepEqual(set.rules.map((r) => r.id), ['demo-token']);
    assert.equal(set.files.length, 1);
    assert.equal(set.rules[0]?.info.line, 2);
  });

  it('reports YAML syntax errors with line and column', async () => {
    const e = only(await errorsOf({ 'bad.yaml': 'rules:\n  - id: x\n    name: [unclosed\n' }), 'yaml-syntax');
    assert.match(e.file, /bad\.yaml$/);
    assert.ok(e.line !== undefined && e.line >= 3);
  });

  it('reports an unknown field at its own line, with the rule id and a suggestion', async () => {
    const e = only(await errorsOf({ 'a.yaml': `rules:\n${ruleYaml({ severty: 'high' })}\n` }), 'unknown-field');
    assert.equal(e.line, 12);
    assert.equal(e.ruleId, 'secret/demo-token');
    assert.equal(e.field, 'severty');
    assert.match(e.hint ?? '', /severity/);
    assert.match(formatLoadError(e), /^.*a\.yaml:12:5 secret\/demo-token field "severty": unknown field "severty" \(hint: did you mean "severity"\?\)$/);
  });

  it('reports a wrong type at the value', async () => {
    const e = only(await errorsOf({ 'a.yaml': `rules:\n${ruleYaml({ keywords: 'dmo_' })}\n` }), 'wrong-type');
    assert.equal(e.field, 'keywords');
    assert.equal(e.line, 8);
  });

  it('refuses patterns RE2 rejects, naming the rule, with a hint', async () => {
    const back = only(await errorsOf({ 'a.yaml': `rules:\n${ruleYaml({ pattern: "'(?<secret>a+)\\1'" })}\n` }), 'invalid-pattern');
    assert.equal(back.ruleId, 'secret/demo-token');
    assert.equal(back.field, 'pattern');
    assert.equal(back.line, 7);
    assert.match(back.hint ?? '', /backreference/);
    const look = only(await errorsOf({ 'a.yaml': `rules:\n${ruleYaml({ pattern: "'dmo_(?=x)(?<secret>\\w+)'" })}\n` }), 'invalid-pattern');
    assert.match(look.hint ?? '', /look-around/);
  });

  it('refuses an unknown validator', async () => {
    const e = only(await errorsOf({ 'a.yaml': `rules:\n${ruleYaml({ validators: '[{ name: crc99 }]' })}\n` }), 'unknown-validator');
    assert.equal(e.ruleId, 'secret/demo-token');
    assert.match(e.hint ?? '', /luhn/);
  });

  it('refuses a secret_group that is not in the pattern', async () => {
    const e = only(await errorsOf({ 'a.yaml': `rules:\n${ruleYaml({ secret_group: 'token' })}\n` }), 'missing-secret-group');
    assert.equal(e.field, 'secret_group');
  });

  it('reports duplicate ids across files with both places', async () => {
    const e = only(await errorsOf({ 'a.yaml': `rules:\n${ruleYaml()}\n`, 'b.yaml': `rules:\n${ruleYaml()}\n` }), 'duplicate-id');
    assert.match(e.file, /b\.yaml$/);
    assert.match(e.hint ?? '', /a\.yaml:2/);
  });

  it('refuses examples that do not hold, at the example line', async () => {
    const errors = await errorsOf({
      'a.yaml': `rules:\n${ruleYaml({ examples: "\n      match:\n        - 'no token here'\n      no_match:\n        - 'dmo_Ab3De5Gh7Jk9Mn2P'" })}\n`,
    });
    const failed = errors.filter((e) => e.code === 'example-failed');
    assert.equal(failed.length, 2);
    assert.deepEqual(failed.map((e) => e.line), [11, 13]);
    assert.ok(failed.every((e) => e.ruleId === 'secret/demo-token'));
    assert.match(failed[0]?.message ?? '', /match example "no token here" did not match/);
  });

  it('checks `expect` spans exactly', async () => {
    const errors = await errorsOf({
      'a.yaml': `rules:\n${ruleYaml({ examples: "\n      match:\n        - text: 'x dmo_Ab3De5Gh7Jk9Mn2P'\n          expect: 'x dmo_Ab3De5Gh7Jk9Mn2P'\n      no_match: ['nothing']" })}\n`,
    });
    assert.match(only(errors, 'example-failed').message, /not exactly/);
  });

  it('extends, disables and overrides by id; the base is loaded once', async () => {
    const base = `rules:\n${ruleYaml()}\n${ruleYaml({ id: 'other-token', pattern: "'\\b(?<secret>oth_[a-z0-9]{12})\\b'", keywords: '[oth_]', examples: "\n      match: ['oth_abcdef123456']\n      no_match: ['oth_']" })}\n`;
    const custom = 'extends: [base.yaml]\ndisable: [other-token]\noverride:\n  demo-token:\n    severity: critical\n    mode: monitor\n';
    const set = await loadRules(packDir({ 'base.yaml': base, 'custom.yaml': custom }));
    assert.deepEqual(set.errors, []);
    assert.deepEqual(set.rules.map((r) => [r.id, r.spec.severity, r.spec.mode]), [['demo-token', 'critical', 'monitor']]);
  });

  it('reports extends cycles, missing extends and unknown ids in disable/override', async () => {
    const cyc = await errorsOf({ 'a.yaml': 'extends: [b.yaml]\n', 'b.yaml': 'extends: [a.yaml]\n' });
    assert.ok(cyc.some((e) => e.code === 'extends-cycle' && e.line === 1 && /a\.yaml -> .*b\.yaml -> .*a\.yaml/.test(e.message)));
    const missing = only(await errorsOf({ 'a.yaml': 'extends: [nope.yaml]\n' }), 'extends-missing');
    assert.equal(missing.field, 'extends.0');
    const unknown = await errorsOf({ 'base.yaml': `rules:\n${ruleYaml()}\n`, 'c.yaml': 'extends: [base.yaml]\ndisable: [ghost]\noverride:\n  phantom: { severity: low }\n' });
    const ids = unknown.filter((e) => e.code === 'unknown-rule-id').map((e) => [e.ruleId, e.line]);
    assert.deepEqual(ids, [['ghost', 2], ['phantom', 4]]);
  });

  it('never throws for a missing directory', async () => {
    const set = await loadRules('/nonexistent/rules-dir');
    assert.equal(set.errors[0]?.code, 'dir-unreadable');
  });

  it('loads the test fixtures without problems', async () => {
    const set = await loadRules('test/rules/fixtures/basic');
    assert.deepEqual(set.errors.map(formatLoadError), []);
    assert.ok(set.rules.length >= 7);
  });
});
