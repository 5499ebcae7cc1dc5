// The alphabet filter (src/rules/alphabet.ts): a rule is left out of a text only when its pattern
// cannot match any string made of the characters the text contains.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlphabetCheck, FeasibleRules, presentChars } from '../../src/rules/alphabet.js';
import { loadShippedRules } from '../../src/rules/index.js';

/** The characters of `text` as canMatch takes them (non-ASCII marked too). */
function alphabetOf(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  const present = presentChars(Buffer.from(text.replace(/[^\x00-\x7f]/g, ''), 'latin1'));
  if (bytes.some((b) => b > 127)) present[128] = 1;
  return present;
}

const can = (pattern: string, text: string, caseInsensitive = false) => new AlphabetCheck(pattern, caseInsensitive).canMatch(alphabetOf(text));

describe('AlphabetCheck', () => {
  it('needs every part of a sequence, one branch of an alternation, and the minimum of a repetition', () => {
    assert.equal(can('key\\s*=\\s*\\w+', 'keyABC'), false, 'no = in the text');
    assert.equal(can('key\\s*=\\s*\\w+', 'key=1'), true);
    assert.equal(can('(?:=|:|->)x', 'x-'), false);
    assert.equal(can('(?:=|:|->)x', 'x->'), true);
    assert.equal(can('a(?:\\s+b)?c', 'ac'), true, 'optional group');
    assert.equal(can('a(?:\\s+b){0,3}c', 'ac'), true);
    assert.equal(can('a(?:\\s+b){1,3}c', 'abc'), false, 'needs a space');
    assert.equal(can('\\bab\\b$', 'ab'), true, 'assertions match the empty string');
  });

  it('folds case where the rule or a group is case-insensitive, and only there', () => {
    assert.equal(can('KEY', 'key'), false);
    assert.equal(can('KEY', 'key', true), true);
    assert.equal(can('(?i)KEY', 'key'), true);
    assert.equal(can('(?i:K)EY', 'kEY'), true);
    assert.equal(can('(?i:K)EY', 'key'), false, '(?i:…) ends with its group');
    assert.equal(can('(?:(?i)k|x)EY', 'kEY'), true);
    assert.equal(can('[A-Z]{2}', 'ab', true), true);
  });

  it('reads classes: ranges, negation, escapes, a leading ] and non-ASCII members', () => {
    // (control characters always count as present: `[^a-z]` alone could match one)
    assert.equal(can('[^\\x00-\\x2f\\x3a-\\x7f]', 'abc'), false, 'negated: only digits and non-ASCII');
    assert.equal(can('[^\\x00-\\x2f\\x3a-\\x7f]', 'abc1'), true);
    assert.equal(can('[]x]', ']'), true);
    assert.equal(can('[\\d.]', 'ab.'), true);
    assert.equal(can('[\\w-]+@', 'ab-'), false);
    assert.equal(can('[→]', 'a>'), false);
    assert.equal(can('[→]', 'a→'), true);
    assert.equal(can('\\x60', '`'), true);
    assert.equal(can('\\x60', 'x'), false);
    assert.equal(can('\\Q+=\\E', '+'), false);
    assert.equal(can('\\p{L}', '1'), true, 'Unicode classes count as any character');
  });

  it('never rules out a shipped rule on the characters of one of its own match examples', async () => {
    const shipped = await loadShippedRules({ checkExamples: false });
    let checked = 0;
    for (const r of shipped.rules) {
      if (!r.spec.pattern) continue;
      const check = new AlphabetCheck(r.spec.pattern, !r.spec.case_sensitive);
      for (const ex of r.spec.examples.match) {
        const text = typeof ex === 'string' ? ex : ex.text;
        assert.ok(check.canMatch(alphabetOf(text)), `${r.id}: ${JSON.stringify(text)}`);
        checked++;
      }
    }
    assert.ok(checked > 300);
  });
});

describe('FeasibleRules', () => {
  it('marks per rule whether it may match in a pure-ASCII text', () => {
    const rules = new FeasibleRules([{ pattern: 'a=b', caseInsensitive: false }, { pattern: '[A-Z]+', caseInsensitive: true }, { caseInsensitive: false }]);
    assert.deepEqual([...rules.of(Buffer.from('xyz abc', 'latin1'))], [0, 1, 1]);
    assert.deepEqual([...rules.of(Buffer.from('a=b', 'latin1'))], [1, 1, 1]);
    assert.deepEqual([...rules.of(Buffer.from('123', 'latin1'))], [0, 0, 1]);
  });

  it('needs one required context word to be able to occur (case-insensitively)', () => {
    const rules = new FeasibleRules([{ pattern: '\\d{9}', caseInsensitive: false, requiredWords: ['passport', 'hm passport office'] }]);
    assert.deepEqual([...rules.of(Buffer.from('123456789 00-11', 'latin1'))], [0]);
    assert.deepEqual([...rules.of(Buffer.from('123456789 PASSPORT', 'latin1'))], [1]);
    assert.deepEqual([...rules.of(Buffer.from('123456789 tropsap', 'latin1'))], [1], 'the characters suffice');
    assert.deepEqual([...rules.of(Buffer.from('123456789 pasot', 'latin1'))], [0], 'no r');
  });
});
