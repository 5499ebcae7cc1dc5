// Shared checks for the secret phrasing lists: which entries of a list get no secret finding, and
// which get one. Failure messages carry list positions and rule ids only, never the text.
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
