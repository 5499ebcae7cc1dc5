// decide() is pure: same inputs, same actions, each with the rule and the policy clause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decide } from '../../src/bot/decide.js';
import { defaultPolicy, policySchema, type Policy } from '../../src/bot/policy.js';
import type { Finding, Severity, Category, ClassificationLevel } from '../../src/rules/types.js';
import { CATEGORIES, CLASSIFICATION_LEVELS, SEVERITIES } from '../../src/rules/types.js';
import { message } from './helpers.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'aws-access-key-id',
  ruleName: 'AWS access key',
  category: 'secret',
  severity: 'high',
  confidence: 0.9,
  start: 0,
  end: 20,
  preview: 'AKIA••••MXEQ',
  fingerprint: 'f'.repeat(64),
  ...over,
});
const marking = (level: ClassificationLevel): Finding =>
  finding({ ruleId: `uk-${level}`, ruleName: `${level} marking`, category: 'classification', severity: 'medium', marking: { scheme: 'uk', level } });
const policy = (over: Record<string, unknown> = {}): Policy => policySchema.parse({ ...defaultPolicy(), ...over });
const kinds = (d: ReturnType<typeof decide>) => d.actions.map((a) => a.kind);

test('defaults: a high secret is redacted, the author warned, and it is escalated, with reasons', () => {
  const d = decide(message({ text: 'x' }), [finding()], defaultPolicy());
  assert.equal(d.mode, 'enforce');
  assert.deepEqual(kinds(d), ['redact', 'warn', 'escalate']);
  assert.deepEqual(d.actions[0]?.reasons.map((r) => r.clause), ['defaults.secret.high']);
  assert.equal(d.actions[0]?.reasons[0]?.text, 'aws-access-key-id (high) → defaults.secret.high');
});

test('block wins over redact, warn over notify, and the findings of both are kept', () => {
  const d = decide(message({ text: 'x' }), [finding({ severity: 'critical' }), finding({ ruleId: 'github-pat', severity: 'high' }), finding({ ruleId: 'nino', category: 'personal', severity: 'low' })], defaultPolicy());
  assert.deepEqual(kinds(d), ['block', 'warn', 'escalate']);
  assert.deepEqual(d.actions[0]?.ruleIds.sort(), ['aws-access-key-id', 'github-pat']);
  assert.ok(d.actions[1]?.ruleIds.includes('nino'), 'notify folded into warn');
});

test('a conversation override by name glob names its clause', () => {
  const p = policy({ conversations: [{ match: { id: 'CX' } }, { match: { name: '#deploy*' }, actions: { secret: { high: ['warn'] } } }] });
  const d = decide(message({ text: 'x', conversation: { id: 'C9', name: 'deployments', kind: 'public-channel' } }), [finding()], p);
  assert.deepEqual(kinds(d), ['warn']);
  assert.equal(d.actions[0]?.reasons[0]?.clause, 'conversations[1] "#deploy*".actions.secret.high');
});

test('classification ceiling: at the ceiling nothing, one above warns, two above blocks and escalates', () => {
  const m = message({ text: 'x', conversation: { id: 'C1', name: 'ops', kind: 'private-channel', ceiling: 'official' } });
  assert.deepEqual(kinds(decide(m, [marking('official')], defaultPolicy())), []);
  const one = decide(m, [marking('official-sensitive')], defaultPolicy());
  assert.deepEqual(kinds(one), ['warn']);
  assert.match(one.actions[0]?.reasons[0]?.clause ?? '', /^classification\.one_above \(official-sensitive vs official from conversation ceiling\)/);
  assert.deepEqual(kinds(decide(m, [marking('secret')], defaultPolicy())), ['block', 'warn', 'escalate']);
  assert.deepEqual(kinds(decide(m, [marking('top-secret')], defaultPolicy())), ['block', 'warn', 'escalate']);
  // A policy entry's ceiling wins over the platform's.
  const p = policy({ conversations: [{ match: { id: 'C1' }, ceiling: 'secret' }] });
  assert.deepEqual(kinds(decide(m, [marking('secret')], p)), []);
  // Configurable cells.
  const q = policy({ classification: { default_ceiling: 'official', at_or_below: [], one_above: ['notify'], two_or_more_above: ['warn', 'escalate'] } });
  assert.deepEqual(kinds(decide(m, [marking('secret')], q)), ['warn', 'escalate']);
});

test('external or guest presence raises severity and adds actions', () => {
  const p = policy({ external: { raise_severity: 1, add: ['escalate'] } });
  const low = finding({ severity: 'medium' });
  const internal = decide(message({ text: 'x' }), [low], p);
  assert.deepEqual(kinds(internal), ['warn']);
  for (const m of [
    message({ text: 'x', conversation: { id: 'C', kind: 'shared-external' } }),
    message({ text: 'x', conversation: { id: 'C', kind: 'public-channel', hasGuests: true } }),
    message({ text: 'x', author: { id: 'U', isGuest: false, isExternal: true, isBot: false } }),
  ]) {
    const d = decide(m, [low], p);
    assert.equal(d.external, true);
    assert.deepEqual(kinds(d), ['redact', 'warn', 'escalate']);
    assert.match(d.actions[0]?.reasons[0]?.clause ?? '', /defaults\.secret\.high \(raised from medium by external\.raise_severity\) \+ external\.add/);
  }
});

test('exemptions: bots, service accounts, the security channel', () => {
  const p = policy({ exemptions: { conversations: ['#security-*'], authors: ['USVC'], bots: true } });
  assert.equal(decide(message({ text: 'x', author: { id: 'B', isBot: true, isGuest: false, isExternal: false } }), [finding()], p).exemption, 'exemptions.bots');
  assert.equal(decide(message({ text: 'x', author: { id: 'USVC', isBot: false, isGuest: false, isExternal: false } }), [finding()], p).exemption, 'exemptions.authors[0]');
  const d = decide(message({ text: 'x', conversation: { id: 'C', name: 'security-incidents', kind: 'private-channel' } }), [finding()], p);
  assert.equal(d.mode, 'exempt');
  assert.deepEqual(d.actions, []);
});

test('modes: monitor records what would happen, off ignores; strictest of global, conversation and rule', () => {
  const m = message({ text: 'x' });
  const byRule = decide(m, [finding()], policy({ rules: { 'aws-access-key-id': { mode: 'monitor' } } }));
  assert.equal(byRule.mode, 'monitor');
  assert.deepEqual(byRule.actions, []);
  assert.deepEqual(byRule.monitored.map((a) => a.kind), ['redact', 'warn', 'escalate']);
  const fromEngine = decide(m, [finding()], defaultPolicy(), { 'aws-access-key-id': 'off' });
  assert.equal(fromEngine.mode, 'off');
  assert.deepEqual([...fromEngine.actions, ...fromEngine.monitored], []);
  const policyWins = decide(m, [finding()], policy({ rules: { 'aws-access-key-id': { mode: 'enforce' } } }), { 'aws-access-key-id': 'monitor' });
  assert.equal(policyWins.mode, 'enforce', 'the policy file can switch a monitored rule on');
  const conv = decide(m, [finding()], policy({ conversations: [{ match: { id: 'C1' }, mode: 'monitor' }] }));
  assert.equal(conv.mode, 'monitor');
  const mixed = decide(m, [finding(), finding({ ruleId: 'new-rule' })], policy({ rules: { 'new-rule': { mode: 'monitor' } } }));
  assert.equal(mixed.mode, 'enforce');
  assert.deepEqual(mixed.actions[0]?.ruleIds, ['aws-access-key-id']);
  assert.deepEqual(mixed.monitored[0]?.ruleIds, ['new-rule']);
});

test('an edit without findings is marked as clearing its incident', () => {
  assert.equal(decide(message({ text: 'x', isEdit: true }), [], defaultPolicy()).editCleared, true);
  assert.equal(decide(message({ text: 'x', isEdit: true }), [finding()], defaultPolicy()).editCleared, false);
  assert.equal(decide(message({ text: 'x' }), [], defaultPolicy()).editCleared, false);
});

test('property: decide is deterministic, orders actions, and every action has a reason naming a finding\'s rule', () => {
  const f = fc.record({
    ruleId: fc.constantFrom('r-a', 'r-b', 'r-c'),
    category: fc.constantFrom<Category>(...CATEGORIES),
    severity: fc.constantFrom<Severity>(...SEVERITIES),
    level: fc.option(fc.constantFrom<ClassificationLevel>(...CLASSIFICATION_LEVELS), { nil: undefined }),
  });
  fc.assert(
    fc.property(fc.array(f, { maxLength: 6 }), fc.boolean(), fc.boolean(), (items, external, edit) => {
      const findings = items.map((i) => finding({ ruleId: i.ruleId, category: i.category, severity: i.severity, ...(i.category === 'classification' && i.level ? { marking: { scheme: 'uk' as const, level: i.level } } : {}) }));
      const m = message({ text: 'x', isEdit: edit, author: { id: 'U', isBot: false, isGuest: false, isExternal: external } });
      const a = decide(m, findings, defaultPolicy());
      const b = decide(m, findings, defaultPolicy());
      assert.deepEqual(a, b);
      const order = ['block', 'redact', 'warn', 'notify', 'escalate'];
      const idx = a.actions.map((x) => order.indexOf(x.kind));
      assert.deepEqual(idx, [...idx].sort((x, y) => x - y));
      assert.ok(!(kinds(a).includes('block') && kinds(a).includes('redact')));
      if (kinds(a).includes('block') || kinds(a).includes('redact')) assert.ok(kinds(a).includes('warn'));
      for (const act of a.actions) {
        assert.ok(act.reasons.length > 0);
        for (const r of act.reasons) assert.ok(items.some((i) => i.ruleId === r.ruleId));
      }
    }),
  );
});
