// Scale-out: two REAL service processes on one PostgreSQL (a fresh schema per run) and the Slack
// emulator. 1,000 deliveries (unique events, duplicates and Slack-style retries) spread over
// both; one process is SIGKILLed in the middle. Every event's actions must have run exactly once,
// judged from the emulator's records, except actions the killed process had claimed and not settled:
// their Slack call may already have gone out, so the takeover may repeat them once (at least once). Fails (never skips) when PostgreSQL is unreachable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SlackEmulator, type RecordedCall } from '../support/slack-emulator.js';
import { messageEnvelope } from '../support/slack-payloads.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { startGate } from '../support/service-gate.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DELIVERIES = 1000;
const UNIQUE = 800;
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts.values()].reduce((h, n) => h - (n / s.length) * Math.log2(n / s.length), 0);
}

/** A random AWS-style key id; low-entropy draws (which the rule rightly ignores) are redrawn. */
function awsKey(): string {
  for (;;) {
    const key = `AKIA${[...randomBytes(16)].map((b) => B32[b % 32]).join('')}`;
    if (entropy(key) >= 3.6) return key;
  }
}

interface Planned {
  envelope: Record<string, unknown>;
  channel: string;
  ts: string;
  user: string;
  secret?: string;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

const okCall = (c: RecordedCall) => (c.response as { ok?: boolean } | undefined)?.ok === true;

test('two processes on one PostgreSQL: 1,000 deliveries with duplicates and retries, one killed mid-way, every action exactly once (at least once where the killed process held it)', async () => {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect().catch((e: Error) => {
    throw new Error(`PostgreSQL unreachable at ${DATABASE_URL}: ${e.message} (the scale-out test needs it; set TEST_DATABASE_URL)`);
  });
  const schema = `dlp_scale_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const emu = await SlackEmulator.start();
  emu.addChannel({ id: 'CSECURITY', name: 'security', isPrivate: true, numMembers: 3 });
  const channels = Array.from({ length: 8 }, (_, i) => `CCHAN${i}`);
  channels.forEach((id, i) => emu.addChannel({ id, name: `team-${i}`, numMembers: 20 }));
  const gateA = await startGate(emu.baseUrl);
  const common = {
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    DLP_FINGERPRINT_KEY: 'scale-out-test-fingerprint-key-0123456789',
    SLACK_SIGNING_SECRET: emu.signingSecret,
    SLACK_BOT_TOKEN: emu.botToken,
    SLACK_ADMIN_USER_TOKEN: emu.adminToken,
    SLACK_SECURITY_CHANNEL: 'CSECURITY',
    CONSOLE_ADMIN_PASSWORD: 'scale-out admin password',
    WORKER_POLL_MS: '20',
    // Longer than any batch takes under this load: a lease that expires while its holder is still
    // working lets another replica run the same action (the worker does not renew leases).
    WORKER_LEASE_MS: '15000',
    RULES_RELOAD: 'false',
    LOG_LEVEL: 'info',
  };
  let a: ServiceProcess | undefined;
  let b: ServiceProcess | undefined;
  try {
    a = await startServiceProcess({ env: { ...common, SLACK_API_URL: `${gateA.url}/api/` } });
    b = await startServiceProcess({ env: { ...common, SLACK_API_URL: emu.apiUrl } });

    // 800 unique events (every other one leaks a distinct AWS key), then 200 re-deliveries:
    // exact duplicates to the other process and Slack-style retries (X-Slack-Retry-Num).
    const unique: Planned[] = Array.from({ length: UNIQUE }, (_, i) => {
      const channel = channels[i % channels.length]!;
      const user = `UEMP${String(i).padStart(4, '0')}`;
      const ts = emu.nextTs();
      const secret = i % 2 === 0 ? awsKey() : undefined;
      const text = secret ? `deploy with ${secret} please` : `standup at ${i % 12} o'clock, nothing secret`;
      return { envelope: messageEnvelope({ channel, user, ts, text }), channel, ts, user, secret };
    });
    const deliveries: Array<{ p: Planned; retryNum?: number; target: 0 | 1 }> = unique.map((p, i) => ({ p, target: (i % 2) as 0 | 1 }));
    for (let k = 0; k < DELIVERIES - UNIQUE; k++) {
      const at = 20 + Math.floor((k * (deliveries.length - 20)) / (DELIVERIES - UNIQUE));
      const source = unique[(k * 7) % UNIQUE]!;
      deliveries.splice(at, 0, { p: source, target: (k % 2) as 0 | 1, ...(k % 3 === 0 ? { retryNum: 1 } : {}) });
    }
    assert.equal(deliveries.length, DELIVERIES);

    const procs = [a, b];
    const t0 = performance.now();
    let killed = false;
    let sentCount = 0;
    let failedOver = 0;
    const killA = async () => {
      gateA.hold();
      await gateA.idle();
      await new Promise((r) => setTimeout(r, 300)); // let A record the results it already has
      const pidA = a!.proc.pid;
      await a!.kill();
      killed = true;
      // Actions A had claimed and not settled when it died: its platform call may have reached
      // Slack already, and chat.postEphemeral has no idempotency key, so B's takeover may repeat
      // them (at-least-once). Every other action must run exactly once.
      const held = await client.query<{ message_id: string }>(
        `SELECT DISTINCT d.message_id FROM ${schema}.outbox o JOIN ${schema}.decisions d ON d.id = o.decision_id WHERE o.status <> 'done' AND o.lease_owner LIKE $1`,
        [`%:${pidA}:%`],
      );
      for (const r of held.rows) inFlightAtKill.add(r.message_id);
      gateA.dropHeld();
    };
    const inFlightAtKill = new Set<string>();
    let killing: Promise<void> | undefined;
    const journal = new Map<string, string[]>();
    const note = (ts: string, what: string) => journal.set(ts, [...(journal.get(ts) ?? []), what]);
    await pool(deliveries, 16, async (d) => {
      if (sentCount >= DELIVERIES / 2 && !killing) killing = killA();
      sentCount++;
      const target = killed && d.target === 0 ? 1 : d.target;
      const url = `${procs[target]!.url}/slack/events`;
      const r = await emu.sendEvent(url, d.p.envelope, d.retryNum ? { retryNum: d.retryNum, retryReason: 'http_timeout' } : {});
      note(d.p.ts, `${target === 0 ? 'A' : 'B'}${killed ? '(after kill)' : ''} -> ${r.status} ${r.body.slice(0, 80)} in ${Math.round(r.elapsedMs)}ms`);
      if (r.status !== 200) {
        // What Slack does when the bot does not answer 2xx: retry (the load balancer picks the live replica).
        failedOver++;
        const again = await emu.sendEvent(`${b!.url}/slack/events`, d.p.envelope, { retryNum: (d.retryNum ?? 0) + 1, retryReason: 'http_error' });
        note(d.p.ts, `failover B -> ${again.status}`);
        assert.equal(again.status, 200, 'the surviving process accepts the retry');
      }
    });
    await killing;
    assert.ok(killed);
    console.log(`# all ${DELIVERIES} deliveries answered after ${Math.round(performance.now() - t0)} ms`);

    const secrets = unique.filter((p) => p.secret);
    const cards = () => emu.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CSECURITY' && okCall(c));
    const deadline = Date.now() + 90_000;
    for (;;) {
      const done = emu.callsTo('chat.delete').filter(okCall).length >= secrets.length && emu.callsTo('chat.postEphemeral').filter(okCall).length >= secrets.length && cards().length >= secrets.length;
      if (done) break;
      if (Date.now() > deadline) {
        const stuck = await client.query(`SELECT kind, status, attempts, lease_owner, lease_until, not_before, result FROM ${schema}.outbox WHERE status <> 'done' LIMIT 10`);
        console.log('# outbox not done:', JSON.stringify(stuck.rows));
        const deleted = new Set(emu.callsTo('chat.delete').filter(okCall).map((c) => String(c.body.ts)));
        for (const p of secrets.filter((x) => !deleted.has(x.ts))) {
          const d = await client.query(`SELECT id, mode, actions, reasons, created_at FROM ${schema}.decisions WHERE message_id = $1`, [p.ts]);
          const o = d.rows[0] ? await client.query(`SELECT kind, status, attempts, result FROM ${schema}.outbox WHERE decision_id = $1`, [d.rows[0].id]) : { rows: [] };
          const calls = emu.calls.filter((c) => JSON.stringify(c.body).includes(p.ts) || c.body.user === p.user).map((c) => [c.method, JSON.stringify(c.response).slice(0, 120)]);
          console.log('# missing', p.ts, p.user, JSON.stringify(d.rows), JSON.stringify(o.rows), JSON.stringify(calls), JSON.stringify(journal.get(p.ts)));
        }
        for (const [name, proc] of [['A', a], ['B', b]] as const) {
          for (const l of proc.logs().filter((x) => Number(x.level) >= 40)) console.log(`# ${name}:`, JSON.stringify(l).slice(0, 400));
        }
        throw new Error(`not all actions ran: deletes ${emu.callsTo('chat.delete').filter(okCall).length}, warnings ${emu.callsTo('chat.postEphemeral').filter(okCall).length}, cards ${cards().length} of ${secrets.length}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`# every action ran after ${Math.round(performance.now() - t0)} ms`);
    // Past every lease A held, and B's outbox is empty: late duplicates would show now.
    await new Promise((r) => setTimeout(r, 3000));
    const depth = Number(/^dlp_outbox_depth (\d+)/m.exec(await (await fetch(`${b.url}/metrics`)).text())?.[1]);
    assert.equal(depth, 0, 'outbox drained');

    // Only what A had claimed can be in flight (its claimed batches: 20 actions each).
    console.log(`# ${inFlightAtKill.size} messages had actions in flight in A at the kill`);
    assert.ok(inFlightAtKill.size <= 40, `${inFlightAtKill.size} messages in flight at the kill`);
    const deletes = new Map<string, number>();
    for (const c of emu.callsTo('chat.delete')) deletes.set(`${String(c.body.channel)}/${String(c.body.ts)}`, (deletes.get(`${String(c.body.channel)}/${String(c.body.ts)}`) ?? 0) + 1);
    const warnings = new Map<string, number>();
    for (const c of emu.callsTo('chat.postEphemeral')) warnings.set(String(c.body.user), (warnings.get(String(c.body.user)) ?? 0) + 1);
    for (const p of secrets) {
      if (warnings.get(p.user) !== 1 || deletes.get(`${p.channel}/${p.ts}`) !== 1) {
        const calls = emu.calls.filter((c) => c.body.user === p.user || c.body.ts === p.ts).map((c) => [c.method, c.at, JSON.stringify(c.response).slice(0, 100)]);
        console.log('# duplicate?', p.ts, p.user, JSON.stringify(calls), JSON.stringify(journal.get(p.ts)));
      }
      if (inFlightAtKill.has(p.ts)) {
        // Claimed by A at the kill: done at least once, at most once more by B.
        assert.ok([1, 2].includes(deletes.get(`${p.channel}/${p.ts}`) ?? 0), `message ${p.ts} (in flight at the kill) removed once or twice`);
        assert.ok([1, 2].includes(warnings.get(p.user) ?? 0), `${p.user} (in flight at the kill) warned once or twice`);
        continue;
      }
      assert.equal(deletes.get(`${p.channel}/${p.ts}`), 1, `message ${p.ts} removed exactly once`);
      assert.equal(warnings.get(p.user), 1, `${p.user} warned exactly once`);
    }
    for (const p of unique.filter((x) => !x.secret)) {
      assert.equal(deletes.get(`${p.channel}/${p.ts}`), undefined, 'clean message left alone');
      assert.equal(warnings.get(p.user), undefined, 'clean author not warned');
    }
    const cardNumbers = cards().map((c) => /incident #(\d+)/.exec(JSON.stringify(c.body))?.[1]);
    assert.equal(cards().length, secrets.length, 'one card per incident');
    assert.equal(new Set(cardNumbers).size, secrets.length, 'no incident card posted twice');

    // Every unique event with a finding recorded once in PostgreSQL, whichever process took it
    // (clean messages leave no decision row).
    const decisions = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${schema}.decisions`);
    assert.equal(Number(decisions.rows[0]?.n), secrets.length);
    const incidents = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${schema}.incidents`);
    assert.equal(Number(incidents.rows[0]?.n), secrets.length);
    // Nothing the emulator received carries a raw key.
    for (const p of secrets.slice(0, 50)) assert.equal(emu.requestsContaining(p.secret!).length, 0);
    console.log(`# scale-out: ${DELIVERIES} deliveries (${UNIQUE} unique, ${secrets.length} with a key), ${failedOver} failed over after the kill, ${gateA.forwarded} calls made by the killed process`);
  } finally {
    await a?.kill();
    await b?.stop();
    await gateA.close();
    await emu.close();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end();
  }
});
