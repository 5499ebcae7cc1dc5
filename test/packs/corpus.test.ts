// Detection quality: the shipped packs must meet the bars on the generated corpus and on
// the hand-written hold-out set. Figures are printed so CI logs show them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { belowBar, CATEGORY_BARS, evaluate, readCorpus, type EvalReport } from '../../src/eval/index.js';
import { createEngine, loadShippedRules } from '../../src/rules/index.js';
import { generateCorpus } from '../corpus/generate.js';
import { buildHoldout, PREFIX } from '../corpus/build-holdout.js';

const set = await loadShippedRules({ checkExamples: false });
const engine = createEngine(set.rules, { fingerprintKey: 'corpus-test' });
const corpusPath = new URL('../corpus/corpus.jsonl', import.meta.url).pathname;
const holdoutPaths = ['holdout', 'holdout2', 'holdout3'].map((n) => new URL(`../corpus/${n}.jsonl`, import.meta.url).pathname);

function summary(name: string, r: EvalReport): string {
  return `${name}: ` + Object.entries(r.categories).map(([c, s]) => `${c} P=${(s.precision * 100).toFixed(1)} R=${(s.recall * 100).toFixed(1)}`).join(', ');
}

test('the committed corpus is what the seeded generator writes (it can be regenerated and grown)', () => {
  const committed = readFileSync(corpusPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const regenerated = generateCorpus(3, committed.length);
  assert.deepEqual(committed, JSON.parse(JSON.stringify(regenerated)));
});

test('the corpus is large, mostly clean, and its spans are exact', async () => {
  const corpus = await readCorpus(corpusPath);
  assert.ok(corpus.length >= 1500, `${corpus.length} messages`);
  const clean = corpus.filter((m) => m.labels.length === 0).length;
  assert.ok(clean > corpus.length / 2, `${clean} clean of ${corpus.length}`);
  for (const cat of Object.keys(CATEGORY_BARS)) {
    assert.ok(corpus.some((m) => m.labels.some((l) => l.category === cat)), `no ${cat} labels`);
  }
  for (const m of corpus) for (const l of m.labels) assert.ok(m.text.slice(l.start, l.end).trim().length > 0, `${m.id}: empty span`);
});

test('the hold-out files are built from their hand-written sources', () => {
  for (const [name, prefix] of Object.entries(PREFIX)) {
    const built = buildHoldout(readFileSync(new URL(`../corpus/${name}.src.txt`, import.meta.url), 'utf8'), prefix);
    const committed = readFileSync(new URL(`../corpus/${name}.jsonl`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(built)), name);
  }
});

test('every category meets its bar on the generated corpus', async () => {
  const report = evaluate(await readCorpus(corpusPath), (t) => engine.scan(t));
  console.log(summary('generated corpus', report));
  const failing = belowBar(report).map((c) => `${c}: P=${report.categories[c].precision.toFixed(3)} R=${report.categories[c].recall.toFixed(3)} (bar ${CATEGORY_BARS[c]})`);
  assert.deepEqual(failing, []);
});

// The hold-out set is small (20-40 labels per category), so one mistake moves a figure by 3-5
// points: they are held to an 85% floor as a regression guard; their exact figures are reported.
test('no category falls below 85% on the hand-written hold-out sets', async () => {
  const corpus = (await Promise.all(holdoutPaths.map((p) => readCorpus(p)))).flat();
  const report = evaluate(corpus, (t) => engine.scan(t));
  console.log(summary('hold-out sets', report));
  const failing = Object.entries(report.categories)
    .filter(([, s]) => s.precision < 0.85 || s.recall < 0.85)
    .map(([c, s]) => `${c}: P=${s.precision.toFixed(3)} R=${s.recall.toFixed(3)}`);
  assert.deepEqual(failing, []);
});

// The hand-written sets the packs were tuned on (holdout1-4, blind1-10; 6,215 messages): together
// they must stay at the bars, so a later change that loses what tuning won fails here.
// blind11 and blind12 are left out: they measure the packs on unseen text (test/corpus/FIGURES.md).
const TUNED_SETS = ['holdout', 'holdout2', 'holdout3', 'holdout4', ...Array.from({ length: 10 }, (_, i) => `blind${i + 1}`)];

test('every category meets its bar on the hand-written sets the packs were tuned on', async () => {
  const corpus = (await Promise.all(TUNED_SETS.map((n) => readCorpus(new URL(`../corpus/${n}.jsonl`, import.meta.url).pathname)))).flat();
  assert.ok(corpus.length > 6000, `${corpus.length} messages`);
  const report = evaluate(corpus, (t) => engine.scan(t));
  console.log(summary('tuned hand-written sets', report));
  const failing = belowBar(report).map((c) => `${c}: P=${report.categories[c].precision.toFixed(3)} R=${report.categories[c].recall.toFixed(3)}`);
  assert.deepEqual(failing, []);
});
