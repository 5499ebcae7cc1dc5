// Shared checks for the secret phrasing lists: which entries of a list get no secret finding, and
// which get one. Failure messages carry list positions and rule ids only, never the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, loadShippedRules } from '../../src/rules/index.js';

export async function secretPhrasingChecker(fingerprintKey: string) {
  const set = await loadShippedRules({ checkExamples: false });
  const engine = createEngine(set.rules, { fingerprintKey });
  const secretRules = (t: string): string[] => engine.scan(t).filter((f) => f.category === 'secret').map((f) => f.ruleId);
  return {
    /** Positions of the entries without a secret finding. */
    missed: (texts: string[]): number[] => texts.flatMap((t, i) => (secretRules(t).length === 0 ? [i] : [])),
    /** Positions and rule ids of the entries with a secret finding. */
    fired: (texts: string[]): Array<[number, string[]]> =>
      texts.flatMap((t, i): Array<[number, string[]]> => {
        const rules = secretRules(t);
        return rules.length > 0 ? [[i, rules]] : [];
      }),
  };
}

/** The two tests of a phrasing list: every MUST_FIRE entry has a secret finding, no MUST_NOT_FIRE entry has one. */
export async function secretPhrasingTests(round: string, mustFire: string[], mustNotFire: string[]): Promise<void> {
  const check = await secretPhrasingChecker(`secrets-phrasing-${round}-test`);
  test(`every ${round} phrasing of a secret is found`, () => {
    assert.deepEqual(check.missed(mustFire), [], 'MUST_FIRE entries without a secret finding');
  });
  test(`no secret finding in the ${round} look-alikes`, () => {
    assert.deepEqual(check.fired(mustNotFire), [], 'MUST_NOT_FIRE entries with a secret finding (index, rules)');
  });
}
