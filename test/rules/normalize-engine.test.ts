// Disguised values inside long non-ASCII text (across the normaliser's 4 KiB chunks and the
// engine's segments) are still found, at their offsets in the original text.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createEngine, loadRules, type DetectionEngine } from '../../src/rules/index.js';

const DISGUISED = [
  '\u0410KIAZ7VRSQ5TJN2RMXEQ', // Cyrillic А
  'AKIA\u200bZ7VR\u200dSQ5TJN2RMXEQ', // zero-width inside
  'ＡＫＩＡＺ７ＶＲＳＱ５ＴＪＮ２ＲＭＸＥＱ', // fullwidth
];
const FILLERS = ['😀 ', 'e\u0301\u0302', 'नमस्ते दुनिया ', 'привет как дела ', 'café naïve 你好 '];

let engine: DetectionEngine;
before(async () => {
  const set = await loadRules('test/rules/fixtures/basic');
  engine = createEngine(set.rules, { fingerprintKey: 'test-key-0123456789' });
});

describe('disguised values in long non-ASCII text', () => {
  for (const filler of FILLERS) {
    it(`are found at their original offsets in ${JSON.stringify(filler.trim())} filler`, () => {
      let text = '';
      const expected: Array<{ start: number; value: string }> = [];
      // Around chunk cuts (4096), a segment cut (32768) and well inside.
      for (const at of [100, 4090, 8190, 32760, 50_000]) {
        while (text.length < at) text += filler;
        DISGUISED.forEach((value) => {
          text += ' key ';
          expected.push({ start: text.length, value });
          text += `${value} `;
        });
      }
      while (text.length < 70_000) text += filler;
      const found = engine.scan(text).filter((f) => f.ruleId === 'aws-access-key-id');
      assert.deepEqual(
        found.map((f) => ({ start: f.start, value: text.slice(f.start, f.end) })),
        expected,
      );
    });
  }
});
