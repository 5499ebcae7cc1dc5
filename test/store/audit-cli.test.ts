// `dlp audit verify|export` as a user runs it: the real binary, a real SQLite file and PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteStore } from '../../src/adapters/store/sqlite.js';
import { createPostgresStore } from '../../src/adapters/store/postgres.js';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './pg-support.js';

const BIN = fileURLToPath(new URL('../../bin/dlp.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'dlp-audit-cli-'));
const schemas: string[] = [];
after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

function dlp(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: tmp, env: { ...process.env, DATABASE_URL: '', DATA_DIR: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}T12:00:00.000Z`;

test('verify on SQLite: intact, then each kind of tampering is named with exit code 1', async () => {
  const dir = join(tmp, 'data');
  const store = await createSqliteStore({ dataDir: dir });
  for (let i = 1; i <= 6; i++) await store.appendAudit({ at: day(i), kind: 'decision', subject: `d${i}`, data: { i } });
  let r = await dlp(['audit', 'verify', '--data', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /✔ audit trail intact: 6 entries/);

  await store.driver.run('UPDATE audit SET subject = $1 WHERE seq = 2', ['forged']);
  await store.driver.run('DELETE FROM audit WHERE seq = 4');
  r = await dlp(['audit', 'verify', '--data', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /✖ edited: entry #2 \(decision forged\) was edited/);
  assert.match(r.stdout, /✖ deleted: entry #4 was deleted/);
  assert.match(r.stdout, /2 problems in 5 entries/);
  const json = await dlp(['audit', 'verify', '--data', dir, '--json']);
  assert.deepEqual(JSON.parse(json.stdout).problems.map((p: { kind: string; seq: number }) => [p.kind, p.seq]), [['edited', 2], ['deleted', 5]]);
  await store.close();
});

test('export on PostgreSQL: --since/--until select a window; JSONL verifies; a reordered export is caught; CSV has a header', async () => {
  const schema = freshSchema('dlp_cli');
  schemas.push(schema);
  const store = await createPostgresStore({ url: TEST_DATABASE_URL, schema });
  for (let i = 1; i <= 6; i++) await store.appendAudit({ at: day(i), kind: 'action', subject: `a${i}`, data: { n: i, note: 'has, comma "and quotes"' } });
  await store.close();
  const base = ['--database-url', TEST_DATABASE_URL, '--schema', schema];

  const r = await dlp(['audit', 'export', ...base, '--since', '2026-03-02', '--until', '2026-03-05', '--format', 'jsonl']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; subject: string });
  assert.deepEqual(lines.map((l) => l.subject), ['a2', 'a3', 'a4']);

  const file = join(tmp, 'export.jsonl');
  writeFileSync(file, r.stdout);
  assert.equal((await dlp(['audit', 'verify', '--file', file])).code, 0);
  const swapped = r.stdout.trim().split('\n');
  [swapped[1], swapped[2]] = [swapped[2] ?? '', swapped[1] ?? ''];
  writeFileSync(file, `${swapped.join('\n')}\n`);
  const bad = await dlp(['audit', 'verify', '--file', file]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /reordered/);

  const csv = await dlp(['audit', 'export', ...base, '--format', 'csv', '--out', join(tmp, 'a.csv')]);
  assert.equal(csv.code, 0, csv.stderr);
  const text = readFileSync(join(tmp, 'a.csv'), 'utf8').trim().split('\n');
  assert.equal(text[0], 'seq,at,kind,subject,data,prev_hash,hash');
  assert.equal(text.length, 7);
  assert.match(text[1] ?? '', /^1,2026-03-01T12:00:00.000Z,action,a1,"\{""n"":1,""note"":""has, comma \\""and quotes\\""""\}",0{64},[0-9a-f]{64}$/);
});

test('usage errors exit 2 with a clear message', async () => {
  const r = await dlp(['audit', 'export', '--data', join(tmp, 'x'), '--since', 'yesterday-ish']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--since "yesterday-ish" is not a date/);
  const f = await dlp(['audit', 'export', '--data', join(tmp, 'x'), '--format', 'xml']);
  assert.equal(f.code, 2);
  assert.match(f.stderr, /--format must be jsonl or csv/);
});
