import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createEngine, explainFinding, loadRules, type DetectionEngine, type Finding } from '../../src/rules/index.js';
import { packDir, ruleYaml } from './helpers.js';

const AWS = 'AKIAZ7VRSQ5TJN2RMXEQ';
let engine: DetectionEngine;

before(async () => {
  const set = await loadRules('test/rules/fixtures/basic');
  assert.deepEqual(set.errors, []);
  engine = createEngine(set.rules, { fingerprintKey: 'test-key-0123456789' });
});

function ids(findings: Finding[]): string[] {
  return findings.map((f) => f.ruleId);
}

describe('engine.scan', () => {
  it('finds an AWS key with UTF-16 offsets, a masked preview and a fingerprint', () => {
    const text = `deploy key ${AWS} please`;
    const [f, ...rest] = engine.scan(text);
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.equal(f.ruleId, 'aws-access-key-id');
    assert.equal(f.category, 'secret');
    assert.equal(text.slice(f.start, f.end), AWS);
    assert.equal(f.preview, 'AKIA••••••••••••MXEQ');
    assert.match(f.fingerprint, /^[0-9a-f]{64}$/);
  });

  it('never carries the raw value in any field', () => {
    const text = `key ${AWS} and card 4111 1111 1111 1111 and NI AB 12 34 56 C`;
    const findings = engine.scan(text, { explain: true });
    assert.equal(findings.length, 3);
    const json = JSON.stringify(findings);
    for (const raw of [AWS, '4111 1111 1111 1111', '4111111111111111', 'AB 12 34 56 C', 'AB123456C']) assert.ok(!json.includes(raw), raw);
  });

  it('defeats look-alike letters, fullwidth forms and zero-width characters, reporting original offsets', () => {
    const cyrillic = `😀 key \u0410KIAZ7VRSQ5TJN2RMXEQ.`; // Cyrillic А
    const [a] = engine.scan(cyrillic);
    assert.equal(a?.ruleId, 'aws-access-key-id');
    assert.equal(cyrillic.slice(a?.start, a?.end), '\u0410KIAZ7VRSQ5TJN2RMXEQ');
    const zw = `key AKIA\u200bZ7VR\u200dSQ5TJN2RMXEQ ok`;
    const [b] = engine.scan(zw);
    assert.equal(zw.slice(b?.start, b?.end), 'AKIA\u200bZ7VR\u200dSQ5TJN2RMXEQ');
    const full = 'ＡＫＩＡＺ７ＶＲＳＱ５ＴＪＮ２ＲＭＸＥＱ';
    const [c] = engine.scan(`x ${full}`);
    assert.deepEqual([c?.start, c?.end], [2, 2 + full.length]);
    // Same value, same fingerprint, however it was disguised.
    assert.equal(a?.fingerprint, b?.fingerprint);
    assert.equal(b?.fingerprint, c?.fingerprint);
  });

  it('fingerprints are keyed', () => {
    const other = createEngine([...engine.compiled], { fingerprintKey: 'another-key-0123456789' });
    assert.notEqual(engine.scan(AWS)[0]?.fingerprint, other.scan(AWS)[0]?.fingerprint);
  });

  it('applies validators, allowlist stopwords and required context', () => {
    assert.deepEqual(ids(engine.scan('AKIAIOSFODNN7EXAMPLE')), []);
    assert.deepEqual(ids(engine.scan('card 4111 1111 1111 1112')), []);
    assert.deepEqual(ids(engine.scan('CCD case 1234-5678-9012-3452')), []);
    assert.deepEqual(ids(engine.scan('order 943 476 5870')), []);
    assert.deepEqual(ids(engine.scan('NHS number 943 476 5870')), ['nhs-number']);
  });

  it('context words raise confidence', () => {
    const bare = engine.scan('5555-5555-5555-4444')[0];
    const ctx = engine.scan('my mastercard 5555-5555-5555-4444')[0];
    assert.ok(bare && ctx);
    assert.ok(ctx.confidence > bare.confidence);
  });

  it('keywords gate rules: no keyword, no finding', async () => {
    const dir = packDir({ 'a.yaml': `rules:\n${ruleYaml({ keywords: '[magicword]', examples: "\n      match: ['magicword dmo_Ab3De5Gh7Jk9Mn2P']\n      no_match: ['dmo_Ab3De5Gh7Jk9Mn2P']" })}\n` });
    const set = await loadRules(dir);
    assert.deepEqual(set.errors, []);
    const e = createEngine(set.rules, { fingerprintKey: 'k' });
    assert.equal(e.scan('dmo_Ab3De5Gh7Jk9Mn2P').length, 0);
    assert.equal(e.scan('MagicWord: dmo_Ab3De5Gh7Jk9Mn2P').length, 1);
  });

  it('collapses overlaps: a provider rule beats a generic-* rule on the same span', async () => {
    const generic = ruleYaml({
      id: 'generic-api-token',
      severity: 'critical',
      pattern: "'token\\s*[:=]\\s*(?<secret>[A-Za-z0-9_]{16,})'",
      keywords: '[token]',
      examples: "\n      match: ['token: abcdefgh12345678']\n      no_match: ['token: short']",
    });
    const specific = ruleYaml({ severity: 'medium' });
    const set = await loadRules(packDir({ 'a.yaml': `rules:\n${generic}\n${specific}\n` }));
    assert.deepEqual(set.errors, []);
    const e = createEngine(set.rules, { fingerprintKey: 'k' });
    assert.deepEqual(ids(e.scan('token: dmo_Ab3De5Gh7Jk9Mn2P')), ['demo-token']);
    assert.deepEqual(ids(e.scan('token: abcdefgh12345678')), ['generic-api-token']);
  });

  it('filters by minimum severity', () => {
    const text = `OFFICIAL-SENSITIVE ${AWS}`;
    assert.deepEqual(ids(engine.scan(text)).sort(), ['aws-access-key-id', 'uk-official-sensitive']);
    assert.deepEqual(ids(engine.scan(text, { minSeverity: 'high' })), ['aws-access-key-id']);
  });

  it('carries the marking of classification rules', () => {
    assert.deepEqual(engine.scan('OFFICIAL-SENSITIVE: plan')[0]?.marking, { scheme: 'uk', level: 'official-sensitive' });
  });

  it('finds a multi-kilobyte PEM block in long text, where keyword rules run in windows', async () => {
    const yaml = [
      'rules:',
      '  - id: private-key',
      '    name: Private key',
      '    category: secret',
      '    severity: critical',
      '    description: A private key lets anyone impersonate its owner.',
      "    pattern: '(?<secret>-----BEGIN[ A-Z]{0,30}PRIVATE KEY-----[\\s\\S]{64,}?-----END[ A-Z]{0,30}PRIVATE KEY-----)'",
      "    keywords: ['-----begin']",
      '    case_sensitive: true',
      '    examples:',
      `      match: ['-----BEGIN PRIVATE KEY-----${'A'.repeat(70)}-----END PRIVATE KEY-----']`,
      "      no_match: ['-----BEGIN PUBLIC KEY-----']",
    ].join('\n');
    const set = await loadRules(packDir({ 'a.yaml': `${yaml}\n` }));
    assert.deepEqual(set.errors, []);
    const e = createEngine(set.rules, { fingerprintKey: 'k' });
    const body = Array.from({ length: 50 }, (_, i) => `MIIJQgIBADANBgkqhkiG9w0BAQEFAASCCSwwggkoAgEAAoICAQC${String(i).padStart(13, '7')}`).join('\n');
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    assert.ok(pem.length > 3000);
    for (const before of [100, 5000, 300_000]) {
      const text = `${'notes from the meeting, nothing secret here. '.repeat(Math.ceil(before / 45))}\n${pem}\n${'more notes. '.repeat(500)}`;
      const found = e.scan(text);
      assert.equal(found.length, 1, `PEM after ${before} chars`);
      assert.equal(text.slice(found[0]?.start, found[0]?.end), pem);
    }
  });

  it('detects prose in long text too (windows around the terms)', () => {
    const filler = 'the build is green and the release notes are ready for review. '.repeat(400);
    const text = `${filler}Did you hear Sarah is pregnant again? ${filler}`;
    const f = engine.scan(text).filter((x) => x.ruleId === 'health-condition');
    assert.equal(f.length, 1);
    assert.equal(text.slice(f[0]?.start, f[0]?.end), 'Sarah is pregnant');
  });

  it('detects prose near a person, not without one', () => {
    assert.deepEqual(ids(engine.scan('Did you hear Sarah is pregnant again?')), ['health-condition']);
    assert.deepEqual(ids(engine.scan('The cancer research charity run is on Friday.')), []);
  });

  it('explains on request, and only then', () => {
    const text = `key ${AWS}`;
    assert.equal(engine.scan(text)[0]?.explanation, undefined);
    const f = engine.scan(text, { explain: true })[0];
    assert.ok(f?.explanation);
    assert.match(f.explanation.pattern ?? '', /AKIA/);
    assert.deepEqual(f.explanation.validators.map((v) => [v.name, v.passed]), [['entropy', true]]);
    const again = explainFinding(engine, text, engine.scan(text)[0] as Finding);
    assert.deepEqual(again, f.explanation);
    const card = engine.scan('visa 4111 1111 1111 1111', { explain: true })[0];
    assert.deepEqual(card?.explanation?.contextWords, ['visa']);
  });

  it('finds the same things in long text, across segment boundaries, at original offsets', () => {
    const filler = 'the quick brown fox jumps over the lazy dog. '.repeat(6000); // ~270 kB, pure ASCII
    const emoji = 'café 😀 naïve '.repeat(3000); // non-ASCII: smaller segments
    for (const pad of [filler, emoji]) {
      const secrets = [`key ${AWS}`, 'card 4111 1111 1111 1111', 'password: Tr0ub4dor&3', 'OFFICIAL-SENSITIVE'];
      // Place each secret at a different depth, including right across the 16/256 KiB cut points.
      const parts: string[] = [];
      for (const [i, sec] of secrets.entries()) parts.push(pad.slice(0, Math.floor((pad.length / 4) * (i + 1)) - 3), sec);
      const text = parts.join(' ');
      const found = engine.scan(text);
      assert.deepEqual(found.map((f) => f.ruleId).sort(), ['aws-access-key-id', 'generic-password-assignment', 'payment-card-number', 'uk-official-sensitive']);
      for (const f of found) assert.ok(secrets.some((s) => s.includes(text.slice(f.start, f.end))), text.slice(f.start, f.end).slice(0, 30));
      // Same result as scanning each secret in its own message.
      for (const sec of secrets) assert.equal(engine.scan(sec).length, 1);
    }
  });

  it('stops examining a rule after a long run of rejected candidates, but not after real findings', () => {
    const bad = 'card 4111 1111 1111 1112 '.repeat(5000);
    const good = 'card 4111 1111 1111 1111 '.repeat(3000);
    assert.equal(engine.scan(bad + good).filter((f) => f.ruleId === 'payment-card-number').length, 0);
    // Real findings keep the rule going: all 3,000 leading cards are reported.
    assert.ok(engine.scan(good + bad).filter((f) => f.ruleId === 'payment-card-number').length === 3000);
    // A short run of rejections (fewer than the budget) does not stop it either.
    const mixed = 'card 4111 1111 1111 1112 card 4111 1111 1111 1111 '.repeat(3000);
    assert.equal(engine.scan(mixed).filter((f) => f.ruleId === 'payment-card-number').length, 3000);
  });

  it('handles empty and huge-but-clean input', () => {
    assert.deepEqual(engine.scan(''), []);
    assert.deepEqual(engine.scan('a'.repeat(200_000)), []);
  });
});

describe('engine.redact', () => {
  it('replaces exactly the spans, in each rule style, revealing nothing of them', () => {
    const text = `pw password: Tr0ub4dor&3 and key ${AWS}.`;
    const findings = engine.scan(text);
    const out = engine.redact(text, findings);
    assert.equal(out, `pw password: [password] and key ${'•'.repeat(AWS.length)}.`);
  });

  it('leaves text without findings untouched', () => {
    assert.equal(engine.redact('nothing here', []), 'nothing here');
  });
});
