// Shared checks for the personal / legal / classification phrasing lists: each entry is
// [category, text]; an entry fires when the shipped packs report a finding in its category.
// Failure messages carry list positions and categories only, never the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, loadShippedRules, type Category, type DetectionEngine } from '../../src/rules/index.js';

export type PhrasingList = Array<[Category, string]>;

/** An engine over all shipped packs. */
export async function shippedEngine(fingerprintKey: string): Promise<DetectionEngine> {
  const set = await loadShippedRules({ checkExamples: false });
  return createEngine(set.rules, { fingerprintKey });
}

/** The two tests of a phrasing list: every MUST_FIRE entry is found in its category, no MUST_NOT_FIRE entry is. */
export function categoryPhrasingTests(engine: DetectionEngine, name: { fire: string; quiet: string }, mustFire: PhrasingList, mustNotFire: PhrasingList): void {
  const found = (t: string, category: Category): boolean => engine.scan(t).some((f) => f.category === category);
  const positions = (list: PhrasingList, want: boolean) => list.flatMap(([c, t], i) => (found(t, c) === want ? [`${i} (${c})`] : []));
  test(name.fire, () => {
    const missed = positions(mustFire, false);
    assert.deepEqual(missed, [], `MUST_FIRE entries without a finding in their category: ${missed.join(', ')}`);
  });
  test(name.quiet, () => {
    const fired = positions(mustNotFire, true);
    assert.deepEqual(fired, [], `MUST_NOT_FIRE entries with a finding in their category: ${fired.join(', ')}`);
  });
}
