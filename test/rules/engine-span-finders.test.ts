// SpanFinders (src/rules/span-regex.ts) locate a match with RE2 tests instead of exec: the spans
// must be exactly those of exec, and the engine's findings the same with and without them.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import RE2 from 're2';
import { adversarialInputs } from '../../bench/engine-corpus.js';
import { createEngine, loadShippedRules } from '../../src/rules/index.js';
import { secretOnlyCaptures, SpanFinder } from '../../src/rules/span-regex.js';

const CARD = '(?:^|[^0-9A-Za-z-])(?P<secret>\\d{12,19}|\\d{4}[ -]\\d{4}[ -]\\d{4}[ -]\\d{4})(?:[^0-9A-Za-z-]|$)';
const EMAIL = '(?:^|[^A-Za-z0-9._%+/:-]|(?i:mailto:))(?P<secret>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24})(?:[^A-Za-z0-9|-]|$)?';

/** Every match of `pattern` in `text` as exec reports it, and as the finder does at the same starts. */
function bothWays(pattern: string, text: string, flags = 'gdu'): { exec: number[][]; found: number[][] } {
  const re = new RE2(pattern, flags);
  const finder = SpanFinder.of(pattern, 'secret', flags);
  assert.ok(finder, `a finder for ${pattern}`);
  const exec: number[][] = [];
  const found: number[][] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const whole = m.indices?.[0] as [number, number];
    const secret = m.indices?.groups?.secret as [number, number];
    exec.push([...whole, ...secret]);
    const f = finder.find(text, m.index);
    found.push(f ? [f.start, f.end, f.secretStart, f.secretEnd] : []);
    if (m[0].length === 0) re.lastIndex++;
  }
  return { exec, found };
}

describe('secretOnlyCaptures', () => {
  it('keeps the sensitive group as group 1 and makes every other group non-capturing', () => {
    assert.equal(secretOnlyCaptures('(a)(?P<secret>b(c))(?<x>d)[(](?:e)', 'secret'), '(?:a)(b(?:c))(?:d)[(](?:e)');
    assert.equal(secretOnlyCaptures('[]()]\\((?i:x)[[:alpha:](]', undefined), '[]()]\\((?i:x)[[:alpha:](]');
    assert.equal(secretOnlyCaptures('\\Q(a)\\E', 'secret'), undefined);
  });
});

describe('SpanFinder', () => {
  it('finds the spans exec finds: prefix and suffix characters, start and end of text', () => {
    const text = '4111111111111111 x 5500-0000-0000-0004, a4111111111111111 (378282246310005)\n1234567890123';
    const { exec, found } = bothWays(CARD, text);
    assert.ok(exec.length >= 3);
    assert.deepEqual(found, exec);
  });

  it('takes the prefix alternatives in order (mailto:) and an optional suffix', () => {
    const text = 'mailto:ann@example.com, <bob.x@mail.example.org> MAILTO:c@d.io|zed@q.co';
    const { exec, found } = bothWays(EMAIL, text);
    assert.equal(exec.length, 4);
    assert.deepEqual(found, exec);
  });

  it('has no finder where the suffix may be part of the sensitive value or the prefix varies in length', () => {
    assert.equal(SpanFinder.of('(?:^|\\s)(?P<secret>\\w+)(?:\\w|$)', 'secret', 'gdu'), undefined);
    assert.equal(SpanFinder.of('x+(?P<secret>\\d+)', 'secret', 'gdu'), undefined);
    assert.equal(SpanFinder.of('(?P<secret>a)|b', 'secret', 'gdu'), undefined);
  });
});

describe('the engine finds the same with and without SpanFinders', () => {
  it('on every corpus message, the corpora joined and the adversarial inputs', async () => {
    const shipped = await loadShippedRules({ checkExamples: false });
    const on = createEngine(shipped.rules, { fingerprintKey: 'k' });
    const off = createEngine(shipped.rules, { fingerprintKey: 'k', spanFinders: false });
    const texts: string[] = [];
    for (const f of readdirSync('test/corpus').filter((x) => x.endsWith('.jsonl'))) {
      for (const line of readFileSync(`test/corpus/${f}`, 'utf8').split('\n')) if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
    }
    let findings = 0;
    for (const t of [...texts, texts.join('\n'), texts.join('\n').replace(/[^\x00-\x7f]/g, ' '), ...adversarialInputs().map((a) => a.text.slice(0, 300_000))]) {
      const a = on.scan(t);
      findings += a.length;
      assert.deepEqual(a, off.scan(t));
    }
    assert.ok(findings > 1000);
  });
});
