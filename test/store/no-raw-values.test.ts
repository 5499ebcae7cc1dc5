// The labelled corpus (test/corpus/*.jsonl) goes through accept() and the outbox worker with the
// REAL engine and shipped rules, plus feedback, responder notes and edits that repeat the values.
// Then the SQLite file and a pg_dump are searched for EVERY labelled raw value, and the outgoing
// platform requests and the log lines for every value the engine detected. None may appear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createEngine, loadShippedRules } from '../../src/rules/index.js';
import type { Engine } from '../../src/rules/types.js';
import { createBotCore } from '../../src/bot/core.js';
import { createOutboxWorker } from '../../src/bot/outbox-worker.js';
import { defaultPolicy } from '../../src/bot/policy.js';
import type { Store } from '../../src/bot/store.js';
import { createSqliteStore } from '../../src/adapters/store/sqlite.js';
import { createPostgresStore } from '../../src/adapters/store/postgres.js';
import { message, recordingPlatform } from '../bot/helpers.js';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './pg-support.js';

const run = promisify(execFile);
let engine: Engine;
const tmp = mkdtempSync(join(tmpdir(), 'dlp-raw-'));
const schemas: string[] = [];

interface Sample {
  text: string;
  /** Every labelled value. */
  raws: string[];
  /** Values a finding covers (the engine saw them). */
  detected: string[];
  /** Detected credentials: the values people paste back into justifications and notes. */
  secrets: string[];
}

const CORPORA = ['corpus.jsonl', 'holdout.jsonl'].map((f) => fileURLToPath(new URL(`../corpus/${f}`, import.meta.url)));

function corpus(): Sample[] {
  const out: Sample[] = [];
  for (const file of CORPORA) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const m = JSON.parse(line) as { text: string; labels: Array<{ start: number; end: number; category: string }> };
      if (m.labels.length === 0) continue;
      const findings = engine.scan(m.text);
      // A marker (SECRET, TLP:RED, "without prejudice") is not a value to hide: previews and rule names say it on purpose.
      const named = (v: string) => findings.some((f) => `${f.preview} ${f.ruleName}`.toLowerCase().includes(v.toLowerCase()));
      const labelled = m.labels.filter((l) => l.end - l.start >= 6 && l.category !== 'classification' && !named(m.text.slice(l.start, l.end)));
      const raws = labelled.map((l) => m.text.slice(l.start, l.end));
      const seen = labelled.filter((l) => findings.some((f) => f.start <= l.start && f.end >= l.end));
      const detected = seen.map((l) => m.text.slice(l.start, l.end));
      const secrets = seen.filter((l) => l.category === 'secret').map((l) => m.text.slice(l.start, l.end));
      out.push({ text: m.text, raws, detected, secrets });
    }
  }
  return out;
}

let samples: Sample[] = [];
before(async () => {
  const set = await loadShippedRules({ checkExamples: false });
  engine = createEngine(set.rules, { fingerprintKey: 'no-raw-values-test-key' });
  samples = corpus();
});
after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

async function pushCorpus(store: Store): Promise<{ outgoing: string; logs: string }> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  const logger = pino({ level: 'trace' }, sink);
  const slack = recordingPlatform('slack');
  // Every other removal fails so both card variants (done / problems) are produced.
  let n = 0;
  slack.removeResult = () => (++n % 2 === 0 ? { ok: false, permanent: true, detail: 'no admin token' } : { ok: true, detail: 'deleted' });
  const core = createBotCore({ engine, policy: defaultPolicy(), store, platforms: { slack }, logger });
  const alex = { platform: 'slack' as const, id: 'U1', name: 'alex' };
  const one = async (s: Sample, i: number) => {
    const m = message({ text: s.text });
    const r = await core.accept(m);
    if (r.decisionId && i % 5 === 0) {
      // Free text repeats pasted credentials out of context: the justification, a responder's note.
      await core.feedback(r.decisionId, 'override', alex, `it is fine, the value is ${s.secrets.join(' and ')}`);
      const inc = await core.store.incidentForDecision(r.decisionId);
      if (inc && inc.status === 'open') await core.incidentCommand(inc.id, 'acknowledge', { platform: 'slack', id: 'U9' }, `rotating ${s.secrets.join(', ')}`);
      // Edits: one still holding the values, then a clean one.
      await core.accept({ ...m, eventId: `${m.eventId}-e1`, isEdit: true, text: `${s.text} (edited)` });
      await core.accept({ ...m, eventId: `${m.eventId}-e2`, isEdit: true, text: 'removed, sorry' });
    }
  };
  // Eight at a time, as a busy workspace would deliver them; three workers drain the outbox.
  for (let i = 0; i < samples.length; i += 8) await Promise.all(samples.slice(i, i + 8).map((s, j) => one(s, i + j)));
  const extra = [1, 2].map((k) => createOutboxWorker({ store, platforms: { slack }, logger, clock: () => new Date() }, { owner: `extra-${k}` }));
  await Promise.all([core.worker.runOnce(), ...extra.map((w) => w.runOnce())]);
  await core.worker.runOnce();
  await core.purgeExpired();
  const o = await store.overview();
  assert.equal(o.outbox.pending, 0, 'every action ran');
  assert.ok(o.decisions > 500, `most of the corpus was recorded (${o.decisions})`);
  return { outgoing: JSON.stringify(slack.calls), logs: logLines.join('') };
}

function assertAbsent(haystack: string, raws: string[], where: string): void {
  const found = [...new Set(raws.filter((v) => haystack.includes(v)))];
  assert.deepEqual(found.map((v) => `${v.slice(0, 3)}…(${v.length})`), [], `raw values found in ${where}`);
}

const allRaws = () => samples.flatMap((s) => s.raws);
const allDetected = () => samples.flatMap((s) => s.detected);

test('the corpus is big enough for the check to mean something', () => {
  assert.ok(allRaws().length > 600, `${allRaws().length} labelled values`);
  assert.ok(allDetected().length > 450, `${allDetected().length} detected values`);
});

test('no raw value in the SQLite file, the outgoing requests or the logs', async () => {
  const dir = join(tmp, 'sqlite');
  const store = await createSqliteStore({ dataDir: dir });
  const { outgoing, logs } = await pushCorpus(store);
  await store.close();
  const file = join(dir, 'chat-dlp.sqlite');
  // latin1 keeps every byte as one char, so UTF-8 encoded values are found byte for byte.
  const asBytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  let bytes = readFileSync(file).toString('latin1');
  if (existsSync(`${file}-wal`)) bytes += readFileSync(`${file}-wal`).toString('latin1');
  assertAbsent(bytes, allRaws().map(asBytes), 'the SQLite file');
  assertAbsent(outgoing, allDetected(), 'outgoing platform requests');
  assertAbsent(logs, allDetected(), 'the logs');
});

test('no raw value in a pg_dump of the PostgreSQL store', async () => {
  const schema = freshSchema('dlp_raw');
  schemas.push(schema);
  const store = await createPostgresStore({ url: TEST_DATABASE_URL, schema });
  await pushCorpus(store);
  await store.close();
  const { stdout } = await run('pg_dump', ['--dbname', TEST_DATABASE_URL, '--schema', schema, '--data-only'], { maxBuffer: 512 * 1024 * 1024 });
  assert.ok(stdout.includes('COPY') && stdout.includes('[AWS access key]'), 'the dump has the masked data');
  assertAbsent(stdout, allRaws(), 'pg_dump');
});
