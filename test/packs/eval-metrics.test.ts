// The evaluation logic itself: overlap matching, per-category and per-rule counts, corpus errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CorpusError, evaluate, parseCorpus, score, type Scanner } from '../../src/eval/index.js';

const corpus = parseCorpus(
  [
    JSON.stringify({ id: 'a', text: 'key AKIA1234 here', labels: [{ start: 4, end: 12, category: 'secret', rule: 'aws' }] }),
    JSON.stringify({ id: 'b', text: 'nothing to see', labels: [] }),
    JSON.stringify({ id: 'c', text: 'SECRET and NI AB123456C', labels: [{ start: 0, end: 6, category: 'classification' }, { start: 14, end: 23, category: 'personal', rule: 'nino' }] }),
  ].join('\n'),
  'mem.jsonl',
);

test('overlap with a label of the same category is a true positive; anything else is not', () => {
  const scan: Scanner = (text) => {
    if (text.startsWith('key')) return [{ ruleId: 'aws', category: 'secret', start: 6, end: 10 }];
    if (text.startsWith('nothing')) return [{ ruleId: 'noise', category: 'secret', start: 0, end: 7 }];
    // Right place, wrong category: a false positive and the label stays unfound.
    return [{ ruleId: 'x', category: 'legal', start: 0, end: 6 }, { ruleId: 'nino', category: 'personal', start: 14, end: 23 }];
  };
  const r = evaluate(corpus, scan);
  assert.deepEqual([r.categories.secret.tp, r.categories.secret.fp, r.categories.secret.found, r.categories.secret.labels], [1, 1, 1, 1]);
  assert.equal(r.categories.secret.precision, 0.5);
  assert.equal(r.categories.classification.recall, 0);
  assert.equal(r.categories.legal.precision, 0);
  assert.equal(r.categories.personal.f1, 1);
  assert.equal(r.rules.noise?.precision, 0);
  assert.equal(r.rules.aws?.recall, 1);
  assert.deepEqual(r.falseNegatives.map((m) => m.messageId), ['c']);
  assert.deepEqual(r.falsePositives.map((m) => `${m.messageId}:${m.rule}`).sort(), ['b:noise', 'c:x']);
});

test('a span that only touches a label does not overlap it', () => {
  const r = evaluate(corpus.slice(0, 1), () => [{ ruleId: 'aws', category: 'secret', start: 12, end: 16 }]);
  assert.equal(r.categories.secret.tp, 0);
  assert.equal(r.categories.secret.found, 0);
});

test('score: empty counts are perfect, F1 is the harmonic mean', () => {
  assert.deepEqual(score({ tp: 0, fp: 0, found: 0, labels: 0 }), { tp: 0, fp: 0, found: 0, labels: 0, precision: 1, recall: 1, f1: 1 });
  const s = score({ tp: 3, fp: 1, found: 1, labels: 2 });
  assert.equal(s.precision, 0.75);
  assert.equal(s.recall, 0.5);
  assert.ok(Math.abs(s.f1 - 0.6) < 1e-9);
});

test('corpus problems name file:line and field', () => {
  const bad = ['{"id":"a","text":"hi","labels":[{"start":0,"end":9,"category":"secret"}]}', 'not json', '{"id":"a","text":"x","labels":[]}', '{"id":"b","text":"x","labels":[{"start":0,"end":1,"category":"nope"}]}'].join('\n');
  assert.throws(() => parseCorpus(bad, 'c.jsonl'), (e: unknown) => {
    assert.ok(e instanceof CorpusError);
    const text = e.problems.join('\n');
    assert.match(text, /c\.jsonl:1: field "labels\.0": span 0-9/);
    assert.match(text, /c\.jsonl:2: not valid JSON/);
    assert.match(text, /c\.jsonl:3: duplicate id "a"/);
    assert.match(text, /c\.jsonl:4: field "labels\.0\.category"/);
    return true;
  });
});
