// The character-class walk shared by the pattern rewriters (locators, span regexes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classEnd } from '../../src/rules/pattern-syntax.js';

test('classEnd finds the ] that closes the class, not a literal or POSIX one inside it', () => {
  const cases: Array<[string, string]> = [
    ['[a-z]+x', '[a-z]'],
    ['[]a]b', '[]a]'],
    ['[^]a]b', '[^]a]'],
    ['[\\]a]b', '[\\]a]'],
    ['[[:alpha:]_]+', '[[:alpha:]_]'],
    ['[[:^digit:]]x', '[[:^digit:]]'],
    ['[abc', '[abc'],
  ];
  for (const [pattern, cls] of cases) assert.equal(pattern.slice(0, classEnd(pattern, 0)), cls, pattern);
});
