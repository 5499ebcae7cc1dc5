// A worker dies between accepting an event and running its actions (or while running one);
// another worker completes them, each exactly once. And replicas sharing one PostgreSQL never run
// the same action twice. Real child processes, real SQLite file, real PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBotCore } from '../../src/bot/core.js';
import { defaultPolicy } from '../../src/bot/policy.js';
import { createSqliteStore } from '../../src/adapters/store/sqlite.js';
import { createPostgresStore } from '../../src/adapters/store/postgres.js';
import type { SqlStore } from '../../src/adapters/store/sql-store.js';
import { AWS_KEY, fakeEngine, message, recordingPlatform, silentLogger } from '../bot/helpers.js';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './pg-support.js';

const CHILD = fileURLToPath(new URL('./fixtures/worker-child.ts', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'dlp-kill-'));
const schemas: string[] = [];
after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

function runChild(args: object, onReady?: () => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      const before = stdout;
      stdout += String(d);
      if (onReady && !before.includes('ready') && stdout.includes('ready')) onReady();
    });
    p.stderr.on('data', (d) => (stderr += String(d)));
    p.on('error', reject);
    p.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

type StoreSpec = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string };

async function openSpec(kind: 'sqlite' | 'postgres'): Promise<{ spec: StoreSpec; store: SqlStore }> {
  if (kind === 'sqlite') {
    const file = join(mkdtempSync(join(tmp, 'sq-')), 'chat-dlp.sqlite');
    return { spec: { kind, file }, store: await createSqliteStore({ file }) };
  }
  const schema = freshSchema('dlp_kill');
  schemas.push(schema);
  return { spec: { kind, url: TEST_DATABASE_URL, schema }, store: await createPostgresStore({ url: TEST_DATABASE_URL, schema }) };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  test(`${kind}: a process killed right after accepting leaves work that another worker completes exactly once`, async () => {
    const { spec, store } = await openSpec(kind);
    try {
      const eventId = `Ev-kill-${kind}`;
      const child = await runChild({ mode: 'accept-and-die', store: spec, eventId, text: `deploy key ${AWS_KEY}` });
      assert.equal(child.signal, 'SIGKILL', child.stderr);
      assert.deepEqual(JSON.parse(child.stdout.trim()).actions, ['remove', 'warn', 'escalate']);

      const slack = recordingPlatform('slack');
      const core = createBotCore({ engine: fakeEngine(), policy: defaultPolicy(), store, platforms: { slack }, logger: silentLogger() });
      const again = await core.accept(message({ eventId, text: `deploy key ${AWS_KEY}` }));
      assert.equal(again.duplicate, true, 'the retried delivery is recognised');
      assert.equal(await core.worker.runOnce(), 3);
      assert.deepEqual(slack.calls.map((c) => c.kind), ['remove', 'warn', 'post']);
      assert.equal(await core.worker.runOnce(), 0);
      const o = await core.overview();
      assert.equal(o.decisions, 1);
      assert.deepEqual(o.outbox, { pending: 0, done: 3, failed: 0, skipped: 0 });
    } finally {
      await store.close();
    }
  });

  test(`${kind}: a process killed while running an action loses its lease; another worker finishes the event once`, async () => {
    const { spec, store } = await openSpec(kind);
    try {
      const callsFile = join(tmp, `calls-${kind}-${Date.now()}.log`);
      const child = await runChild({ mode: 'claim-and-die', store: spec, eventId: `Ev-claim-${kind}`, text: `key ${AWS_KEY}`, callsFile });
      assert.equal(child.signal, 'SIGKILL', child.stderr);
      assert.match(readFileSync(callsFile, 'utf8'), /child-remove-started/);

      const slack = recordingPlatform('slack');
      let offset = 0;
      const clock = () => new Date(Date.now() + offset);
      const core = createBotCore({ engine: fakeEngine(), policy: defaultPolicy(), store, platforms: { slack }, logger: silentLogger(), clock });
      assert.equal(await core.worker.runOnce(), 0, 'the dead worker still holds the lease');
      offset = 61_000;
      assert.equal(await core.worker.runOnce(), 3);
      assert.deepEqual(slack.calls.map((c) => c.kind), ['remove', 'warn', 'post']);
      const [decision] = await store.driver.all<{ id: string }>('SELECT id FROM decisions');
      const rows = await store.outboxFor(String(decision?.id));
      assert.deepEqual(rows.map((r) => [r.kind, r.status, r.attempts]), [['remove', 'done', 2], ['warn', 'done', 1], ['escalate', 'done', 1]]);
    } finally {
      await store.close();
    }
  });
}

test('postgres: three worker processes share one outbox and run every action exactly once', async () => {
  const { spec, store } = await openSpec('postgres');
  try {
    const core = createBotCore({ engine: fakeEngine(), policy: defaultPolicy(), store, platforms: {}, logger: silentLogger() });
    const n = 40;
    for (let i = 0; i < n; i++) {
      // Distinct keys so that each event opens its own incident (no joins).
      const key = `AKIA${String(i).padStart(4, '0')}${'QWERTYUIOPASDFGH'.slice(0, 12)}`;
      await core.accept(message({ eventId: `Ev-multi-${i}`, text: `key ${key}` }));
    }
    const callsFile = join(tmp, 'multi.log');
    const goFile = join(tmp, 'go');
    let ready = 0;
    const onReady = () => {
      if (++ready === 3) writeFileSync(goFile, 'go');
    };
    const results = await Promise.all([1, 2, 3].map((w) => runChild({ mode: 'work', store: spec, callsFile, owner: `w${w}`, goFile }, onReady)));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(callsFile));
    const lines = readFileSync(callsFile, 'utf8').trim().split('\n');
    const actions = lines.map((l) => l.split(' ').slice(1).join(' '));
    assert.equal(actions.length, n * 3, 'remove, warn and post for every event');
    assert.equal(new Set(actions).size, actions.length, 'no action ran twice');
    const owners = new Set(lines.map((l) => l.split(' ')[0]));
    assert.ok(owners.size >= 2, `work was shared (${[...owners].join(', ')})`);
    const o = await core.overview();
    assert.deepEqual(o.outbox, { pending: 0, done: n * 3, failed: 0, skipped: 0 });
  } finally {
    await store.close();
  }
});
