// The corpus goes through accept() and the outbox worker with the REAL engine and shipped rules;
// then the SQLite file, a pg_dump, every outgoing platform request and every log line are searched
// for each raw value. None may appear: masked previews and keyed fingerprints only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createEngine, loadShippedRules } from '../../src/rules/index.js';
import type { Engine } from '../../src/rules/types.js';
import { createBotCore } from '../../src/bot/core.js';
import { defaultPolicy } from '../../src/bot/policy.js';
import type { Store } from '../../src/bot/store.js';
import { createSqliteStore } from '../../src/adapters/store/sqlite.js';
import { createPostgresStore } from '../../src/adapters/store/postgres.js';
import { createRng } from '../corpus/lib/rng.js';
import { strip } from '../corpus/lib/mark.js';
import { SECRET_FORMATS } from '../corpus/lib/secret-formats.js';
import { message, recordingPlatform } from '../bot/helpers.js';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './pg-support.js';

const run = promisify(execFile);
let engine: Engine;
const tmp = mkdtempSync(join(tmpdir(), 'dlp-raw-'));
const schemas: string[] = [];

interface Sample {
  text: string;
  raws: string[];
}

// One sensitive value per message, so an engine miss means a clean (unrecorded) message rather
// than a raw value riding along in another finding's redacted text.
function corpus(): Sample[] {
  const out: Sample[] = [];
  const rng = createRng(20261125);
  for (const [rule, gen] of Object.entries(SECRET_FORMATS)) {
    const { text, labels } = strip(`hi team, ${rule} for the deploy: ${gen(rng)} cheers`);
    out.push({ text, raws: labels.map((l) => text.slice(l.start, l.end)).filter((v) => v.length >= 8) });
  }
  return out;
}

before(async () => {
  const set = await loadShippedRules({ checkExamples: false });
  engine = createEngine(set.rules, { fingerprintKey: 'no-raw-values-test-key' });
});
after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

async function pushCorpus(store: Store): Promise<{ samples: Sample[]; detected: string[]; outgoing: string; logs: string }> {
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
  const samples = corpus();
  const detected: string[] = [];
  const alex = { platform: 'slack' as const, id: 'U1', name: 'alex' };
  for (const [i, s] of samples.entries()) {
    const m = message({ text: s.text });
    const r = await core.accept(m);
    if (r.findings > 0) detected.push(...s.raws);
    if (r.decisionId && i % 3 === 0) {
      // Feedback and responder notes are free text too: people paste the value back in.
      await core.feedback(r.decisionId, 'override', alex, `it is fine, the value is ${s.text}`);
      await core.worker.runOnce();
      const inc = (await core.listIncidents({ limit: 1 }))[0];
      if (inc && inc.status === 'open') await core.incidentCommand(inc.id, 'acknowledge', { platform: 'slack', id: 'U9' }, `rotating: ${s.text}`);
      // An edit with the value still present, then one without.
      await core.accept({ ...m, eventId: `${m.eventId}-e1`, isEdit: true, text: `${s.text} (edited)` });
      await core.accept({ ...m, eventId: `${m.eventId}-e2`, isEdit: true, text: 'removed, sorry' });
    }
  }
  await core.worker.runOnce();
  await core.purgeExpired();
  return { samples, detected, outgoing: JSON.stringify(slack.calls), logs: logLines.join('') };
}

function assertAbsent(haystack: string, raws: string[], where: string): void {
  const found = raws.filter((v) => haystack.includes(v));
  assert.deepEqual(found.map((v) => `${v.slice(0, 4)}…(${v.length})`), [], `raw values found in ${where}`);
}

test('no raw value in the SQLite file, the outgoing requests or the logs', async () => {
  const dir = join(tmp, 'sqlite');
  const store = await createSqliteStore({ dataDir: dir });
  const { detected, outgoing, logs } = await pushCorpus(store);
  assert.ok(detected.length >= 90, `the shipped rules detect most of the corpus (${detected.length})`);
  const overview = await store.overview();
  assert.ok(overview.decisions >= 90 && overview.incidentsByStatus.open + overview.incidentsByStatus.acknowledged + overview.incidentsByStatus.resolved > 0);
  await store.close();
  const file = join(dir, 'chat-dlp.sqlite');
  let bytes = readFileSync(file).toString('latin1');
  if (existsSync(`${file}-wal`)) bytes += readFileSync(`${file}-wal`).toString('latin1');
  // Values are ASCII, so a latin1 view of the bytes finds them wherever SQLite put them.
  assertAbsent(bytes, detected, 'the SQLite file');
  assertAbsent(outgoing, detected, 'outgoing platform requests');
  assertAbsent(logs, detected, 'the logs');
  // The check can fail: the values ARE in the input texts.
  assert.ok(detected.every((v) => typeof v === 'string' && v.length >= 8));
});

test('no raw value in a pg_dump of the PostgreSQL store', async () => {
  const schema = freshSchema('dlp_raw');
  schemas.push(schema);
  const store = await createPostgresStore({ url: TEST_DATABASE_URL, schema });
  const { detected } = await pushCorpus(store);
  assert.ok(detected.length >= 90);
  await store.close();
  const { stdout } = await run('pg_dump', ['--dbname', TEST_DATABASE_URL, '--schema', schema, '--data-only'], { maxBuffer: 256 * 1024 * 1024 });
  assert.ok(stdout.includes('COPY'), 'the dump has data');
  assert.ok(stdout.includes('[AWS access key]'), 'masked previews are in the dump');
  assertAbsent(stdout, detected, 'pg_dump');
});
