// `dlp eval` end to end: real process, real files; exit codes and the JSON contract.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;
const dlp = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/dlp.js'), 'eval', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, DLP_FINGERPRINT_KEY: 'eval-cli-test-key-0123456789abcdef' } });

test('dlp eval prints per-category and per-rule figures and exits 0 on the corpus', () => {
  const r = dlp('test/corpus/corpus.jsonl');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^category\s+prec\s+recall\s+F1/m);
  assert.match(r.stdout, /^secret\s+\d+\.\d%/m);
  assert.match(r.stdout, /^rule\s+prec/m);
  assert.match(r.stdout, /^github-pat\s/m);
  assert.match(r.stdout, /^password-in-prose\s/m);
});

test('dlp eval --format json gives machine-readable scores', () => {
  const r = dlp('test/corpus/holdout.jsonl', '--format', 'json');
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const report = JSON.parse(r.stdout);
  for (const c of ['secret', 'personal', 'legal', 'classification']) {
    assert.equal(typeof report.categories[c].precision, 'number');
    assert.equal(typeof report.categories[c].recall, 'number');
  }
  assert.ok(report.messages >= 100);
});

test('a corpus where the rules miss everything exits 1; a broken corpus exits 2 naming file:line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dlp-eval-'));
  const missed = path.join(dir, 'missed.jsonl');
  writeFileSync(missed, JSON.stringify({ id: 'x', text: 'the cat sat on the mat', labels: [{ start: 4, end: 7, category: 'secret' }] }) + '\n');
  assert.equal(dlp(missed).status, 1);
  const broken = path.join(dir, 'broken.jsonl');
  writeFileSync(broken, '{"id":"x"}\n');
  const r = dlp(broken);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /broken\.jsonl:1: field "text"/);
});

test('false-positive listings show masked previews, never the raw value', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dlp-eval-'));
  const file = path.join(dir, 'fp.jsonl');
  const token = 'ghp_' + 'Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5';
  writeFileSync(file, JSON.stringify({ id: 'x', text: `token ${token}`, labels: [] }) + '\n');
  const r = dlp(file, '--errors', '5');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /x secret\/github-pat/);
  assert.ok(!r.stdout.includes(token));
});
