// Every shipped rule loads and its own match / no_match examples hold (gitleaks-style).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLoadError, loadShippedRules, testRules } from '../../src/rules/index.js';

const set = await loadShippedRules({ checkExamples: false });

test('the shipped packs load without errors', () => {
  assert.deepEqual(set.errors.map(formatLoadError), []);
});

test('every shipped rule passes its own examples', () => {
  const report = testRules(set);
  assert.deepEqual(report.errors.map(formatLoadError), []);
  assert.ok(report.examples >= set.rules.length * 2, 'each rule has at least one match and one no_match example');
});

test('the packs cover the issue: 80+ secret formats and every category', () => {
  const byCategory = new Map<string, number>();
  for (const r of set.rules) byCategory.set(r.spec.category, (byCategory.get(r.spec.category) ?? 0) + 1);
  assert.ok((byCategory.get('secret') ?? 0) >= 80, `secret rules: ${byCategory.get('secret')}`);
  for (const c of ['personal', 'legal', 'classification']) assert.ok((byCategory.get(c) ?? 0) >= 10, `${c} rules: ${byCategory.get(c)}`);
});

test('every rule has an employee-facing description and pattern rules have keywords or a tight shape', () => {
  for (const r of set.rules) {
    assert.ok(r.spec.description.length >= 40, `${r.id}: description too short to explain why it matters`);
    if (r.spec.category === 'classification') assert.ok(r.spec.marking, `${r.id}: classification rule without marking`);
  }
});
