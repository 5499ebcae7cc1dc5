// Bot core throughput with the real engine and shipped rules: accept() (scan + decide + one
// transaction) and the outbox worker (no-op platform), on SQLite and PostgreSQL. Prints figures.
// Run: node --import tsx bench/bot-core.ts   (PostgreSQL at TEST_DATABASE_URL or 127.0.0.1:5432/test)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { createEngine, loadShippedRules } from '../src/rules/index.js';
import { createBotCore } from '../src/bot/core.js';
import { defaultPolicy } from '../src/bot/policy.js';
import type { ChatPlatform } from '../src/bot/ports.js';
import type { ChatMessage } from '../src/bot/message.js';
import type { Store } from '../src/bot/store.js';
import { createSqliteStore } from '../src/adapters/store/sqlite.js';
import { createPostgresStore } from '../src/adapters/store/postgres.js';

const N = Number(process.argv[2] ?? 500);
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const set = await loadShippedRules({ checkExamples: false });
const engine = createEngine(set.rules, { fingerprintKey: 'bench-key' });
const platform: ChatPlatform = {
  platform: 'slack',
  remove: async () => ({ ok: true, detail: 'ok' }),
  warn: async () => ({ ok: true, detail: 'ok' }),
  postIncidentCard: async (v) => ({ platform: 'slack', conversationId: 'CSEC', messageId: v.id }),
  updateIncidentCard: async () => undefined,
};
const msg = (i: number, text: string): ChatMessage => ({
  platform: 'slack', eventId: `Ev${i}`, workspaceId: 'T1', conversation: { id: 'C1', name: 'general', kind: 'public-channel' },
  author: { id: 'U1', isGuest: false, isExternal: false, isBot: false }, messageId: `1.${i}`, isEdit: false, files: [],
  sentAt: new Date().toISOString(), route: {}, text,
});
const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const key = (i: number) => `AKIA${Array.from({ length: 16 }, (_v, j) => alnum[(i * 7 + j * 13) % alnum.length]).join('')}`;

async function bench(name: string, store: Store): Promise<void> {
  const core = createBotCore({ engine, policy: defaultPolicy(), store, platforms: { slack: platform }, logger: pino({ level: 'silent' }) });
  let t = performance.now();
  for (let i = 0; i < N; i++) await core.accept(msg(i, `hello team, nothing to see in message ${i} about the release plan`));
  const clean = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < N; i++) await core.accept(msg(N + i, `deploy key ${key(i)} for prod, thanks`));
  const leaky = performance.now() - t;
  t = performance.now();
  const ran = await core.worker.runOnce();
  const work = performance.now() - t;
  const f = (ms: number, n: number) => `${(n / (ms / 1000)).toFixed(0).padStart(6)} /s  (${(ms / n).toFixed(2)} ms each)`;
  console.log(`${name.padEnd(10)} accept clean   ${f(clean, N)}`);
  console.log(`${name.padEnd(10)} accept leak    ${f(leaky, N)}   decision + outbox + incident + audit in one transaction`);
  console.log(`${name.padEnd(10)} worker actions ${f(work, ran)}   ${ran} actions (remove, warn, card)`);
  const v = await core.verifyAudit();
  console.log(`${name.padEnd(10)} audit verify   ${v.checked} entries, ok=${v.ok}`);
}

const dir = mkdtempSync(join(tmpdir(), 'dlp-bench-'));
const sqlite = await createSqliteStore({ dataDir: dir });
await bench('sqlite', sqlite);
await sqlite.close();
rmSync(dir, { recursive: true, force: true });

const schema = `dlp_bench_${process.pid}`;
const pgStore = await createPostgresStore({ url, schema });
await bench('postgres', pgStore);
await pgStore.close();
const c = new pg.Client({ connectionString: url });
await c.connect();
await c.query(`DROP SCHEMA ${schema} CASCADE`);
await c.end();
