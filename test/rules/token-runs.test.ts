import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenRuns } from '../../src/rules/token-runs.js';

function naiveStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && text.charCodeAt(i - 1) > 32) i--;
  return i;
}
function naiveEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && text.charCodeAt(i) > 32) i++;
  return i;
}

test('token-run bounds match a character walk, in short words and in runs far longer than the walk', () => {
  const texts = [
    '',
    'a',
    'short words\nand\ttabs  ',
    `x ${'A'.repeat(1000)} y`,
    'B'.repeat(700),
    `${'C'.repeat(256)} ${'D'.repeat(255)}\n${'E'.repeat(257)}`,
    `${'F'.repeat(300)}\u0001${'G'.repeat(600)} word`,
  ];
  for (const text of texts) {
    const runs = new TokenRuns(text);
    for (let at = 0; at <= text.length; at++) {
      assert.equal(runs.startBefore(at), naiveStart(text, at), `start ${at} of a ${text.length}-char text`);
      assert.equal(runs.endAfter(at), naiveEnd(text, at), `end ${at} of a ${text.length}-char text`);
    }
  }
});
