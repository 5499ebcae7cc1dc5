// Combined passes (src/rules/combined-pass.ts) and locator searches only locate matches, and the
// alphabet filter (src/rules/alphabet.ts) only leaves out rules that cannot match: the findings must be exactly
// those of every rule running on its own. Compares the engine with and without them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { adversarialInputs, bulkText } from '../../bench/engine-corpus.js';
import { hasNestedRepetition, locatorOf } from '../../src/rules/combined-pass.js';
import { createEngine, loadShippedRules, type DetectionEngine } from '../../src/rules/index.js';

describe('locatorOf', () => {
  it('drops capturing groups, widens wide counted repetitions and lets $ meet whitespace', () => {
    assert.deepEqual(locatorOf('\\b(?P<secret>ghp_[0-9a-zA-Z]{36})(x)'), { source: '\\b(?:ghp_[0-9a-zA-Z]{36})(?:x)', startAnchored: false });
    assert.equal(locatorOf('(?<user>[\\w.]{2,64})/(?:[^\\s/]{6,12})').source, '(?:[\\w.]{2,})/(?:[^\\s/]{6,12})');
    assert.equal(locatorOf('a(?:[^A-Z]|$)').source, 'a(?:[^A-Z]|(?:$|[\\x00-\\x20]))');
  });

  it('leaves classes and escapes alone and notices start anchors', () => {
    assert.deepEqual(locatorOf('[(^$]\\$\\(x'), { source: '[(^$]\\$\\(x', startAnchored: false });
    assert.deepEqual(locatorOf('[]()]+'), { source: '[]()]+', startAnchored: false });
    assert.equal(locatorOf('(?:^|[^0-9])(?P<n>\\d{4})').startAnchored, true);
    assert.equal(locatorOf('\\Afoo').startAnchored, true);
    assert.equal(locatorOf('[^[:space:](]{2,40}').source, '[^[:space:](]{2,}');
    assert.equal(locatorOf('\\Q(a){2,40}$\\E(b)').source, '\\Q(a){2,40}$\\E(?:b)');
  });
});

describe('hasNestedRepetition', () => {
  it('finds a repeated group holding an open repetition of a negated class, and nothing else', () => {
    assert.equal(hasNestedRepetition('(?:[^,;|]{1,40}[,;|]){0,4}?x'), true);
    assert.equal(hasNestedRepetition('(?:a(?:[^,]+,))*'), true);
    assert.equal(hasNestedRepetition('(?:\\s+\\w+){0,4}?'), false, 'no negated class');
    assert.equal(hasNestedRepetition('(?:[^a]+)?b'), false, 'optional, not repeated');
    assert.equal(hasNestedRepetition('[(+]{2,}(?:ab){2,4}'), false);
    assert.equal(hasNestedRepetition('\\((?:[^)]+)\\)'), false);
  });
});

describe('combined passes give the findings of every rule on its own', () => {
  let combined: DetectionEngine;
  let single: DetectionEngine;
  before(async () => {
    const shipped = await loadShippedRules({ checkExamples: false });
    combined = createEngine(shipped.rules, { fingerprintKey: 'test-key-0123456789' });
    single = createEngine(shipped.rules, { fingerprintKey: 'test-key-0123456789', combinedPasses: false, alphabetFilter: false, locatorSearch: false });
  });

  function same(text: string): number {
    const a = combined.scan(text, { explain: true });
    assert.deepEqual(a, single.scan(text, { explain: true }));
    return a.length;
  }

  it('on chat logs with many sensitive lines (several segments)', () => {
    const before = combined.prefilterStats().combinedPasses;
    assert.ok(same(bulkText(700_000, 3, 0.2)) > 100);
    assert.ok(combined.prefilterStats().combinedPasses > before, 'the combined path ran');
    same(bulkText(300_000, 5, 0.03));
  });

  it('on the labelled corpus (ASCII messages) joined in several ways', () => {
    const ascii = readFileSync('test/corpus/corpus.jsonl', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text)
      .filter((t) => /^[\x00-\x7f]*$/.test(t));
    for (const sep of ['\n', '\r\n', ' ']) assert.ok(same(ascii.join(sep)) > 100, JSON.stringify(sep));
  });

  it('on dense and hostile input (the pass gives up and rules run on their own)', () => {
    same('card 4111 1111 1111 1112 '.repeat(12_000));
    same(`token=${'Ab3+/xY9'.repeat(12_500)} and ${'1234 '.repeat(40_000)}`);
  });

  it('where a locator matches and the rule does not (limits of counted repetitions), in long text', () => {
    const lines = [
      'config: api_key = Zq8sK2mV9xLp4RtW7yBn',
      `the ${'a'.repeat(45)}_api_key=Zq8sK2mV9xLp4RtW7yBn is too far from its word start`,
      `secret_token: ${'Zq8sK2mV9x'.repeat(25)} runs past 200 characters`,
      `mail ${'j'.repeat(70)}@example.org (local part too long) and jo.smith@corp-mail.co.uk`,
      'password: Tr0ub4dor&3x and the token for the build box: Hq2Lz8Vn4Xc7Bm1Kd9Fs',
    ];
    let text = '';
    for (let i = 0; text.length < 60_000; i++) text += `${lines[i % lines.length]} ${i}\n`;
    assert.ok(same(text) > 50);
    assert.ok(same(text.replace(/\n/g, ' ')) > 50);
  });

  it('on the labelled corpus messages that are not pure ASCII, joined (32 KiB string segments)', () => {
    const other = readFileSync('test/corpus/corpus.jsonl', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text)
      .filter((t) => !/^[\x00-\x7f]*$/.test(t));
    assert.ok(same(other.join('\n').repeat(Math.ceil(40_000 / other.join('\n').length))) > 10);
    same('😀'.repeat(30_000) + ' passport 123456789 ' + 'é'.repeat(30_000));
  });

  it('on random-character input (most rules cannot match in its alphabet)', () => {
    let found = 0;
    for (const { name, text } of adversarialInputs()) if (name.includes('random')) found += same(text.slice(0, 300_000));
    assert.ok(found > 100, 'the letters, spaces and .@:/ input has e-mail-like findings');
  });
});
