// Who is not a person in prose: the parties of a case title (the legal rules report "Khan v
// Acme") and the names of courts and organisations ("the Court of Appeal"). Also the US
// month-first reading of numeric dates of birth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenize } from '../../src/rules/prose.js';
import { parseDate } from '../../src/rules/validators/date.js';

function nameLike(text: string, word: string): boolean {
  const t = tokenize(text).find((x) => text.slice(x.start, x.end) === word);
  assert.ok(t, `no token ${word}`);
  return t.nameLike;
}

describe('prose names', () => {
  it('does not take the parties of a case title for people', () => {
    const text = 'settlement agreement for Khan v Northwind Pay is with the solicitor';
    for (const w of ['Khan', 'Northwind', 'Pay']) assert.equal(nameLike(text, w), false, w);
  });

  it('still takes a name for a person when no case title follows', () => {
    assert.equal(nameLike('settlement agreement for Khan is with the solicitor', 'Khan'), true);
    assert.equal(nameLike('the gap between Khan and Acme is big', 'Khan'), true);
  });

  it('does not take courts and tribunals for people', () => {
    for (const w of ['Court', 'Appeal']) assert.equal(nameLike('the ref at the Court of Appeal is on the unfair dismissal', w), false, w);
    assert.equal(nameLike('she filed at the Employment Tribunal today', 'Tribunal'), false);
  });
});

describe('numeric dates', () => {
  it('reads day first, and month first only when the second part is over 12', () => {
    assert.deepEqual(parseDate('03/04/1986'), { y: 1986, m: 4, d: 3 });
    assert.deepEqual(parseDate('03/14/1986'), { y: 1986, m: 3, d: 14 });
    assert.deepEqual(parseDate('14/03/1986'), { y: 1986, m: 3, d: 14 });
    assert.deepEqual(parseDate('13/14/1986'), { y: 1986, m: 14, d: 13 });
    assert.deepEqual(parseDate('12th of March 1985'), { y: 1985, m: 3, d: 12 });
  });
});
