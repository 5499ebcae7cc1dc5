// The two prefilters must never lose a candidate: the keyword automaton against `includes`, the
// RE2.Set prefilter against running every pattern.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import RE2 from 're2';
import { KeywordIndex } from '../../src/rules/keywords.js';
import { Prefilter } from '../../src/rules/prefilter.js';

describe('KeywordIndex (property)', () => {
  it('reports exactly the keywords that occur, case-insensitively, with their end offsets', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', 'B', '_', ' ', 'é', '1');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), (keywords, text) => {
        const index = new KeywordIndex(keywords);
        const seen = new Set<number>();
        index.scan(text, (id, end) => {
          seen.add(id);
          const kw = (keywords[id] ?? '').toLowerCase();
          // ASCII keywords report their exact end offset.
          if (/^[\x20-\x7e]*$/.test(kw)) assert.equal(text.slice(end - kw.length, end).toLowerCase(), kw);
        });
        const lower = text.toLowerCase();
        keywords.forEach((k, id) => {
          if (lower.length === text.length) assert.equal(seen.has(id), lower.includes(k.toLowerCase()), `keyword ${JSON.stringify(k)} in ${JSON.stringify(text)}`);
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('scanBytes agrees with scan on ASCII text', () => {
    const index = new KeywordIndex(['ghp_', 'xoxb-', 'password', 'akia']);
    const text = 'My PASSWORD is here, token GHP_abc and xoxb-1 AKIA';
    const a: number[] = [];
    const b: number[] = [];
    index.scan(text, (id, end) => a.push(id * 1000 + end));
    index.scanBytes(Buffer.from(text, 'latin1'), (id, end) => b.push(id * 1000 + end));
    assert.deepEqual(a, b);
    assert.equal(a.length, 4);
  });
});

describe('Prefilter (RE2.Set chunks)', () => {
  it('picks every rule whose pattern matches, over many chunks', () => {
    const patterns = Array.from({ length: 300 }, (_, i) => `(?i)\\btok${i}_[a-z0-9]{8}\\b`);
    const prefilter = new Prefilter(patterns.map((source, index) => ({ index, source })), 16);
    assert.ok(prefilter.stats().chunks >= 19);
    const regexes = patterns.map((p) => new RE2(p, 'u'));
    fc.assert(
      fc.property(fc.array(fc.nat(299), { maxLength: 6 }), fc.string({ maxLength: 20 }), (picks, noise) => {
        const text = picks.map((i) => `TOK${i}_abcd1234`).join(` ${noise} `);
        const expected = regexes.flatMap((r, i) => (r.test(text) ? [i] : []));
        assert.deepEqual(prefilter.candidates(text), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a pattern the set cannot take becomes an always-candidate instead of failing', () => {
    const prefilter = new Prefilter([{ index: 0, source: 'ok' }, { index: 1, source: '(unclosed' }]);
    assert.equal(prefilter.stats().unsettled, 1);
    assert.deepEqual(prefilter.candidates('nothing'), [1]);
    assert.deepEqual(prefilter.candidates('ok'), [0, 1]);
  });
});
