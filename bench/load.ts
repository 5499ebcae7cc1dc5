// Load benchmark of the whole service: N Slack events (half leak an AWS key) sent through the
// real process(es) on PostgreSQL with the Slack emulator, for one and for two processes.
// Prints accepted events per second, and p50/p99 time from sending the event to the emulator
// receiving the warning (chat.postEphemeral). Not a test: it asserts nothing.
//   node --import tsx bench/load.ts [events=600] [concurrency=32]
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SlackEmulator } from '../test/support/slack-emulator.js';
import { messageEnvelope } from '../test/support/slack-payloads.js';
import { startServiceProcess, type ServiceProcess } from '../test/support/service-process.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = Number(process.argv[2] ?? 600);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function awsKey(): string {
  for (;;) {
    const k = `AKIA${[...randomBytes(16)].map((b) => B32[b % 32]).join('')}`;
    if (new Set(k).size >= 14) return k;
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function run(processes: number): Promise<void> {
  const schema = `dlp_bench_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const emu = await SlackEmulator.start();
  emu.addChannel({ id: 'CSECURITY', name: 'security', isPrivate: true });
  emu.addChannel({ id: 'CLOAD', name: 'load', numMembers: 50 });
  const env = {
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    DLP_FINGERPRINT_KEY: 'bench-load-fingerprint-key-0123456789abcdef',
    SLACK_SIGNING_SECRET: emu.signingSecret,
    SLACK_BOT_TOKEN: emu.botToken,
    SLACK_ADMIN_USER_TOKEN: emu.adminToken,
    SLACK_API_URL: emu.apiUrl,
    SLACK_SECURITY_CHANNEL: 'CSECURITY',
    CONSOLE_ADMIN_PASSWORD: 'bench admin password',
    WORKER_POLL_MS: '20',
    RULES_RELOAD: 'false',
  };
  const procs: ServiceProcess[] = [];
  try {
    for (let i = 0; i < processes; i++) procs.push(await startServiceProcess({ env }));
    const sentAt = new Map<string, number>();
    const events = Array.from({ length: EVENTS }, (_, i) => {
      const user = `ULOAD${i}`;
      const secret = i % 2 === 0;
      return { user, secret, env: messageEnvelope({ channel: 'CLOAD', user, ts: emu.nextTs(), text: secret ? `key ${awsKey()} here` : `hello ${i}` }) };
    });
    let next = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < events.length) {
          const i = next++;
          const e = events[i]!;
          sentAt.set(e.user, Date.now());
          const r = await emu.sendEvent(`${procs[i % procs.length]!.url}/slack/events`, e.env);
          if (r.status !== 200) throw new Error(`event ${i}: HTTP ${r.status}`);
        }
      }),
    );
    const acceptedMs = Date.now() - t0;
    const expected = events.filter((e) => e.secret).length;
    const deadline = Date.now() + 120_000;
    while (emu.callsTo('chat.postEphemeral').length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const warnings = emu.callsTo('chat.postEphemeral');
    const latencies = warnings.map((c) => c.at - (sentAt.get(String(c.body.user)) ?? c.at));
    const allMs = Math.max(...warnings.map((c) => c.at)) - t0;
    console.log(
      `${processes} process${processes > 1 ? 'es' : ''}: ${EVENTS} events accepted in ${acceptedMs} ms = ${Math.round((EVENTS * 1000) / acceptedMs)} events/s; ` +
        `${warnings.length}/${expected} warnings, all delivered after ${allMs} ms; time to warning p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms`,
    );
  } finally {
    for (const p of procs) await p.stop();
    await emu.close();
    const c = new pg.Client({ connectionString: DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
}

console.log(`bench/load: ${EVENTS} events (half with a secret), concurrency ${CONCURRENCY}, PostgreSQL ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}`);
await run(1);
await run(2);
