// The prose gate's stems-only walk (wordStems) must give exactly the stems tokenize gives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stemPrefixes, tokenize, wordStems, compileProse } from '../../src/rules/prose.js';

test('wordStems gives the stems of tokenize, with and without wanted prefixes', () => {
  const prose = compileProse({ terms: ['sick leave', 'signed off', 'migraine', 'broken leg', 'ΣΟΦΙΑ'], near: ['@person'], within: 8, min_terms: 1 } as never);
  const wanted = stemPrefixes([prose]);
  const texts = [
    "Priya's been off sick, signed off by the GP; 'migraines' again. Broken-leg? no: a broken leg.",
    'The office is OFF-SITE; Sick-Leave policy and SIGNED OFF forms',
    'İstanbul İSTANBUL ΣΟΦΙΑΣ σοφίας ΟΔΟΣ Straße naïve café l\'office \'quoted\' it\'\'s',
    "emoji 😀 sick\u0301 lea\u0300ve 2.5 e.g. example.com a'b ''' x",
  ];
  for (const text of texts) {
    for (const w of [wanted, new Set(['si', 'mi', 'σο', 'i', 'o'])]) {
      assert.deepEqual(wordStems(text, 0, text.length, w), tokenize(text, 0, text.length, w).map((t) => t.stem));
      assert.deepEqual(wordStems(text, 5, text.length - 3, w), tokenize(text, 5, text.length - 3, w).map((t) => t.stem));
    }
  }
});
