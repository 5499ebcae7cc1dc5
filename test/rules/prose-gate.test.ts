// Long text: prose probe hits open a window only where a term occurs (src/rules/prose-gate.ts).
// The gate must never lose a finding that tokenising the whole text would give.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRule, createEngine, type CompiledRule } from '../../src/rules/index.js';
import { ruleSchema } from '../../src/rules/schema.js';
import { probeReach } from '../../src/rules/prose-gate.js';

function proseRule(terms: string[], near: string[]): CompiledRule {
  const spec = ruleSchema.parse({
    id: 'absence-test',
    name: 'Absence (test)',
    category: 'personal',
    severity: 'medium',
    description: 'A test prose rule with multi-word terms.',
    prose: { terms, near, within: 6, min_terms: 1 },
    examples: { match: ['Alex is off sick today'], no_match: ['the build is green'] },
  });
  const c = compileRule(spec, { file: 'test', line: 1, explicitSecretGroup: false });
  assert.ok(c.rule, JSON.stringify(c.errors));
  return c.rule;
}

const rule = proseRule(['off sick', 'signed off until', 'return to work interview', 'sick note'], ['today', 'manager']);
const engine = createEngine([rule], { fingerprintKey: 'test-key' });
// "sick", "sign", "retur" and "note" all over the filler, never as a whole term.
const filler = 'the sick build was signed and notes are ready to return at noon. '.repeat(300);

describe('prose gate', () => {
  it('reaches as many words as the terms behind a probe need', () => {
    const prose = rule.prose;
    assert.ok(prose);
    const sick = prose.probes[prose.terms.findIndex((t) => t.text === 'off sick')] ?? '';
    const reach = probeReach(prose, sick);
    // "off sick": the probe is the second word; "sick note" shares the probe and reaches forward.
    assert.ok(reach.back >= 1 && reach.forward >= 1, JSON.stringify(reach));
    const interview = prose.probes[prose.terms.findIndex((t) => t.text === 'return to work interview')] ?? '';
    assert.ok(probeReach(prose, interview).back >= 3);
  });

  it('finds terms whatever word carries the probe, in long text, with the same span as in short text', () => {
    for (const sentence of ['Alex is off sick today.', 'My manager says he is signed off until Friday.', 'Sam has the return to work interview today.', 'The manager has the sick note.']) {
      const short = engine.scan(sentence);
      assert.equal(short.length, 1, sentence);
      const text = `${filler}${sentence} ${filler}`;
      assert.ok(text.length > 4096);
      const long = engine.scan(text);
      assert.equal(long.length, 1, sentence);
      assert.equal(text.slice(long[0]?.start, long[0]?.end), sentence.slice(short[0]?.start, short[0]?.end));
    }
  });

  it('finds nothing where only the probes occur', () => {
    assert.deepEqual(engine.scan(filler), []);
  });
});

describe('prose probes', () => {
  it('are selective: a phrase of short words probes as written, a stem the word contains keeps all but one letter', () => {
    const p = proseRule(['off ill', 'migraines', 'anxiety'], []).prose;
    assert.ok(p);
    assert.deepEqual(p.probes, ['off ill', 'migrai', 'anxie']);
    // So "office" and "migration" do not open the rule, and the terms still fire.
    const e = createEngine([proseRule(['off ill', 'migraines'], [])], { fingerprintKey: 'test-key' });
    assert.deepEqual(e.scan('Priya is in the office today, working on the migration.'), []);
    assert.equal(e.scan('Priya is off ill with migraines again.').length, 1);
  });
});
