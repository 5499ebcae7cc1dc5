// Spawns the real `dlp` command: the JSONL contract, exit codes, and that no raw value is printed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const FIXTURES = 'test/rules/fixtures/basic';
const AWS = 'AKIAZ7VRSQ5TJN2RMXEQ';
const RAW = [AWS, 'Tr0ub4dor&3', '4111 1111 1111 1111', 'AB 12 34 56 C'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function dlp(args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/dlp.js', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function assertNoRaw(run: Run): void {
  for (const raw of RAW) {
    assert.ok(!run.stdout.includes(raw), `stdout leaks ${raw}`);
    assert.ok(!run.stderr.includes(raw), `stderr leaks ${raw}`);
  }
}

const JSONL_IN = [
  JSON.stringify({ id: 'a', text: `key ${AWS} here` }),
  JSON.stringify({ id: 'b', text: 'lunch?' }),
  '{not json',
  JSON.stringify({ id: 7, text: 'password: Tr0ub4dor&3 and card 4111 1111 1111 1111' }),
  JSON.stringify({ id: 'no-text' }),
  '',
  JSON.stringify({ id: 'last', text: 'NI AB 12 34 56 C' }),
].join('\n');

describe('dlp scan', () => {
  it('keeps the JSONL contract: one line per input line, in order, errors in place', async () => {
    const run = await dlp(['scan', '--rules', FIXTURES, '--input', 'jsonl', '--format', 'jsonl'], `${JSONL_IN}\n`);
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 7);
    assert.equal(lines[0]?.id, 'a');
    const fa = (lines[0]?.findings as Array<Record<string, unknown>>)[0];
    assert.deepEqual(Object.keys(fa ?? {}).sort(), ['category', 'confidence', 'end', 'preview', 'rule', 'severity', 'start']);
    assert.equal(fa?.rule, 'aws-access-key-id');
    assert.equal(fa?.category, 'secret');
    assert.deepEqual([fa?.start, fa?.end], [4, 24]);
    assert.deepEqual(lines[1], { id: 'b', findings: [] });
    assert.deepEqual(lines[2], { id: null, line: 3, error: 'not valid JSON' });
    assert.equal(lines[3]?.id, '7');
    assert.equal((lines[3]?.findings as unknown[]).length, 2);
    assert.deepEqual(lines[4], { id: null, line: 5, error: 'field "text" must be a string' });
    assert.deepEqual(lines[5], { id: null, line: 6, error: 'empty line' });
    assert.equal(lines[6]?.id, 'last');
    assertNoRaw(run);
  });

  it('accepts CRLF line ends and a byte-order mark', async () => {
    const run = await dlp(['scan', '--rules', FIXTURES, '--input', 'jsonl', '--format', 'jsonl'], `\ufeff{"id":"x","text":"key ${AWS}"}\r\n{"id":"y","text":"hi"}\r\n`);
    const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; findings: unknown[] });
    assert.deepEqual(lines.map((l) => [l.id, l.findings.length]), [['x', 1], ['y', 0]]);
  });

  it('exits 0 when nothing is found', async () => {
    const run = await dlp(['scan', '--rules', FIXTURES, '--input', 'jsonl', '--format', 'jsonl'], '{"id":"x","text":"hello"}\n');
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '{"id":"x","findings":[]}\n');
  });

  it('prints a masked, located line for people', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlp-cli-'));
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, `hello\ndeploy key ${AWS} please\n`);
    const run = await dlp(['scan', '--rules', FIXTURES, file]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /notes\.txt:2:12 {2}high {2}secret\/aws-access-key-id {3}deploy key AKIA•+MXEQ please/);
    assert.match(run.stdout, /AWS access key ID: An AWS access key ID lets anyone/);
    assert.match(run.stdout, /1 finding in 1 file/);
    assert.ok(!run.stdout.includes('\u001b['), 'no colour when not a TTY');
    assertNoRaw(run);
  });

  it('writes SARIF 2.1.0 and JSON', async () => {
    const sarif = await dlp(['scan', '--rules', FIXTURES, '--format', 'sarif'], `a\nkey ${AWS}\n`);
    assert.equal(sarif.code, 1);
    const doc = JSON.parse(sarif.stdout) as { version: string; runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }> }> };
    assert.equal(doc.version, '2.1.0');
    const result = doc.runs[0]?.results[0];
    assert.equal(result?.ruleId, 'secret/aws-access-key-id');
    assert.deepEqual(result?.locations[0]?.physicalLocation.region.startLine, 2);
    assert.deepEqual(result?.locations[0]?.physicalLocation.region.startColumn, 5);
    assertNoRaw(sarif);
    const json = await dlp(['scan', '--rules', FIXTURES, '--format', 'json', '--input', 'jsonl'], `${JSONL_IN}\n`);
    const parsed = JSON.parse(json.stdout) as unknown[];
    assert.equal(parsed.length, 7);
    assertNoRaw(json);
  });

  it('honours --min-severity', async () => {
    const run = await dlp(['scan', '--rules', FIXTURES, '--input', 'jsonl', '--format', 'jsonl', '--min-severity', 'critical'], `${JSONL_IN}\n`);
    assert.equal(run.code, 0);
  });

  it('exits 2 on usage and configuration errors, without leaking input', async () => {
    for (const args of [
      ['scan', '--format', 'yaml'],
      ['scan', '--min-severity', 'huge'],
      ['scan', '--rules', '/nonexistent/dir'],
      ['scan', '--bogus-flag'],
      ['scan', '--rules', FIXTURES, '/nonexistent/file.txt'],
      ['rules', 'explain', 'no-such-rule', '--rules', FIXTURES],
    ]) {
      const run = await dlp(args, `key ${AWS}`);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '', args.join(' '));
      assertNoRaw(run);
    }
  });
});

describe('dlp redact', () => {
  it('prints only the text outside the spans (JSONL)', async () => {
    const run = await dlp(['redact', '--rules', FIXTURES, '--input', 'jsonl'], `${JSONL_IN}\n`);
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string | null; text?: string });
    assert.equal(lines.length, 7);
    assert.deepEqual(lines[0], { id: 'a', text: `key ${'•'.repeat(20)} here` });
    assert.deepEqual(lines[1], { id: 'b', text: 'lunch?' });
    assert.equal(lines[2]?.id, null);
    assertNoRaw(run);
  });

  it('redacts plain text', async () => {
    const run = await dlp(['redact', '--rules', FIXTURES], `password: Tr0ub4dor&3\nok\n`);
    assert.equal(run.stdout, 'password: [password]\nok\n');
  });
});

describe('dlp rules', () => {
  it('lint refuses a pack with a mistake, naming file:line and rule id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlp-lint-'));
    writeFileSync(
      path.join(dir, 'bad.yaml'),
      "rules:\n  - id: bad-rule\n    name: Bad\n    category: secret\n    severity: high\n    description: Broken on purpose for the test.\n    pattern: '(a)\\1'\n    examples: { match: [a], no_match: [b] }\n",
    );
    const run = await dlp(['rules', 'lint', dir]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /bad\.yaml:7:\d+ secret\/bad-rule field "pattern": RE2 rejects the pattern/);
  });

  it('test runs every example and names failures', async () => {
    const ok = await dlp(['rules', 'test', FIXTURES]);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /✔ 7 rules, \d+ examples/);
    const dir = mkdtempSync(path.join(tmpdir(), 'dlp-test-'));
    writeFileSync(
      path.join(dir, 'ex.yaml'),
      "rules:\n  - id: word-rule\n    name: Word\n    category: legal\n    severity: low\n    description: Finds a word for the test only.\n    pattern: 'blue'\n    examples:\n      match: [red]\n      no_match: [blue sky]\n",
    );
    const bad = await dlp(['rules', 'test', dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /✖ legal\/word-rule: match example "red" did not match \(.*ex\.yaml:9\)/);
    assert.match(bad.stdout, /✖ legal\/word-rule: no_match example "blue sky" matched \(.*ex\.yaml:10\)/);
  });

  it('list and explain', async () => {
    const list = await dlp(['rules', 'list', '--rules', FIXTURES]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /secret\/aws-access-key-id +high +enforce/);
    const explain = await dlp(['rules', 'explain', 'secret/aws-access-key-id', '--rules', FIXTURES, '--text', `key ${AWS}`]);
    assert.equal(explain.code, 0);
    assert.match(explain.stdout, /validator entropy: pass/);
    // Examples are rule-file test data and are shown; the explanation of --text never shows the value.
    const onText = explain.stdout.slice(explain.stdout.indexOf('on --text:'));
    assert.ok(onText.length > 10 && !onText.includes(AWS));
  });
});

describe('dlp with the shipped packs', () => {
  it('smoke: an AWS key is a secret, lunch is not', async () => {
    const run = await dlp(['scan', '--input', 'jsonl', '--format', 'jsonl'], `${JSON.stringify({ id: 'a', text: `key ${AWS} here` })}\n${JSON.stringify({ id: 'b', text: 'lunch?' })}\n`);
    assert.equal(run.code, 1, run.stderr);
    const [a, b] = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; findings: Array<{ category: string }> });
    assert.ok(a?.findings.some((f) => f.category === 'secret'));
    assert.deepEqual(b?.findings, []);
    assertNoRaw(run);
  });
});
