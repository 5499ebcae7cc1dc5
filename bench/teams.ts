// Teams latency and throughput against the emulators (prints figures; not a test).
//   node --import tsx bench/teams.ts [--messages 400] [--concurrency 8] [--sensitive-share 0.2] [--poll 250]
// In-process: the Teams receiver behind express over HTTP on 127.0.0.1, the real CloudAdapter, the
// real core (shipped rules, SQLite in a temp dir) with its outbox worker polling every --poll ms
// (the service default is 250), the Bot Connector / token / Graph emulators. Closed loop with
// --concurrency requests in flight. For each message with a NI number it measures, from the POST:
//   ack   = the bot's HTTP 200 (the message is scanned and recorded before the 200)
//   patch = Graph receiving the policyViolation PATCH
//   warn  = the Bot Connector receiving the 1:1 warning card
//   card  = the Bot Connector receiving the incident card in the security channel
import { cpus, loadavg } from 'node:os';
import pino from 'pino';
import { normalizeTeamsActivity } from '../src/adapters/teams/normalize.js';
import { policySchema } from '../src/bot/policy.js';
import { DEFAULT_IDS as ids } from '../test/support/teams-activities.js';
import { startTeamsHarness } from '../test/support/teams-harness.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}
const MESSAGES = arg('messages', 400);
const CONCURRENCY = arg('concurrency', 8);
const SHARE = arg('sensitive-share', 0.2);
const POLL_MS = arg('poll', 250);

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}
const row = (label: string, v: number[]) =>
  console.log(`${label.padEnd(34)} n=${String(v.length).padStart(4)}  p50 ${pct(v, 50).toFixed(1).padStart(7)} ms  p95 ${pct(v, 95).toFixed(1).padStart(7)} ms  max ${Math.max(...v).toFixed(1).padStart(7)} ms`);

const policy = policySchema.parse({
  version: 1,
  defaults: {
    secret: { low: ['warn'], medium: ['warn'], high: ['redact', 'escalate'], critical: ['block', 'escalate'] },
    personal: { low: ['notify'], medium: ['warn'], high: ['block', 'escalate'], critical: ['block', 'escalate'] },
    legal: { low: ['notify'], medium: ['warn'], high: ['warn', 'escalate'], critical: ['block', 'escalate'] },
    classification: { low: ['warn'], medium: ['warn'], high: ['block', 'escalate'], critical: ['block', 'escalate'] },
  },
});

const h = await startTeamsHarness({ policy, logger: pino({ level: 'silent' }), worker: { pollMs: POLL_MS } });
await h.post(h.teams.install());
h.core.worker.start();

// Normalisation alone (HTML -> text, route), the adapter's own CPU cost per message.
{
  const sample = h.teams.channelMessage('<p>Hi <at>Sam</at>, the <a href="https://wiki.example/x">runbook</a> says <code>npm ci</code> &amp; deploy</p>');
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) normalizeTeamsActivity(sample);
  const ms = performance.now() - t0;
  console.log(`normalise (HTML message)           ${((n / ms) * 1000).toFixed(0)} activities/s (${((ms / n) * 1000).toFixed(1)} µs each)`);
}

const ackClean: number[] = [];
const ackSensitive: number[] = [];
const patch: number[] = [];
const warn: number[] = [];
const card: number[] = [];
const pending: Array<Promise<void>> = [];
let sent = 0;
// A distinct number and author per sensitive message, so each one opens its own incident.
const nino = (i: number) => {
  const d = String(100_000 + i);
  return `PW ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4, 6)} B`;
};

async function one(i: number): Promise<void> {
  const sensitive = i % Math.round(1 / SHARE) === 0;
  const text = sensitive ? `my national insurance number is ${nino(i)}` : `status update ${i}: build green, deploying at 14:00`;
  const author = sensitive ? { id: `29:s-${i}`, aadObjectId: `aad-s-${i}`, name: `Bench User ${i}` } : { id: `29:user-${i % 50}`, aadObjectId: `aad-${i % 50}` };
  const msg = h.teams.channelMessage(`<p>${text}</p>`, { from: author });
  const t0 = performance.now();
  const res = await h.post(msg);
  if (res.status !== 200) throw new Error(`POST answered ${res.status}`);
  const ack = performance.now() - t0;
  (sensitive ? ackSensitive : ackClean).push(ack);
  if (!sensitive) return;
  const at = (p: Promise<unknown>, into: number[]) => p.then(() => void into.push(performance.now() - t0));
  await Promise.all([
    at(h.graph.waitFor((p) => p.messageId === msg.id, 30_000), patch),
    at(h.connector.waitFor((r) => r.kind === 'create-conversation' && r.raw.includes(`"${author.id}"`), 30_000), warn),
    at(h.connector.waitFor((r) => r.kind === 'send' && r.conversationId === ids.securityChannelId && r.raw.includes(`@${author.name}"`), 30_000), card),
  ]);
}

const started = performance.now();
while (sent < MESSAGES) {
  while (pending.length < CONCURRENCY && sent < MESSAGES) {
    const p = one(sent++).finally(() => pending.splice(pending.indexOf(p), 1));
    pending.push(p);
  }
  await Promise.race(pending);
}
await Promise.all(pending);
const seconds = (performance.now() - started) / 1000;

console.log(`\n${MESSAGES} messages, ${CONCURRENCY} in flight, ${(SHARE * 100).toFixed(0)}% with a NI number, worker poll ${POLL_MS} ms; ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`);
console.log(`throughput                          ${(MESSAGES / seconds).toFixed(0)} messages/s (closed loop, incl. waiting for actions)`);
row('ack, clean message', ackClean);
row('ack, message with a NI number', ackSensitive);
row('policyViolation PATCH at Graph', patch);
row('1:1 warning conversation created', warn);
row('incident card in security channel', card);
await h.close();
