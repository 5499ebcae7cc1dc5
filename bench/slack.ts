// Slack throughput and latency against the emulator (prints figures; not a test).
//   node --import tsx bench/slack.ts [--rate 200] [--seconds 10] [--secret-share 0.05] [--users 200]
// The bot runs in this process exactly as in the service: Bolt receiver behind express, the real
// core (shipped rules, SQLite in a temp dir), the outbox worker polling every 250 ms (the service's
// WORKER_POLL_MS default). The emulator and the load generator run in a child process
// (bench/slack-load-worker.ts). Signed message events are sent at a fixed rate (open loop):
//   ack  = time until the bot's HTTP 200 (the event is recorded before the 200),
//   warn = time from sending an event with a secret to the emulator receiving the author's
//          chat.postEphemeral (default policy: remove, then warn, then escalate).
// Two set-ups: the worker's poll loop alone, and the loop plus a round kicked as soon as an event
// with actions is accepted (SlackReceiverOptions.afterAccept + createWorkerKicker).
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import express from 'express';
import pino from 'pino';
import { createSlackPlatform, createSlackReceiver, createWorkerKicker, type SlackConfig } from '../src/adapters/slack/index.js';
import { createSqliteStore } from '../src/adapters/store/index.js';
import { createBotCore } from '../src/bot/core.js';
import { defaultPolicy } from '../src/bot/policy.js';
import { sharedEngine } from '../test/support/slack-harness.js';
import type { RunRequest, RunResult } from './slack-load-worker.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}
const RATE = arg('rate', 200);
const SECONDS = arg('seconds', 10);
const SECRET_SHARE = arg('secret-share', 0.05);
const USERS = arg('users', 200);
const POLL_MS = arg('poll', 250);

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}
const fmt = (n: number, w = 8) => (Number.isFinite(n) ? n.toFixed(1) : '-').padStart(w);

const worker = fork(fileURLToPath(new URL('./slack-load-worker.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
const next = <T>(): Promise<T> => new Promise((resolve) => worker.once('message', (m) => resolve(m as T)));
const ready = await next<{ apiUrl: string; signingSecret: string; botToken: string; adminToken: string }>();
const engine = await sharedEngine();
const logger = pino({ level: 'silent' });

async function run(label: string, kick: boolean): Promise<RunResult & { label: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'chat-dlp-slack-bench-'));
  const store = await createSqliteStore({ dataDir });
  const config: SlackConfig = {
    signingSecret: ready.signingSecret,
    botToken: ready.botToken,
    adminUserToken: ready.adminToken,
    apiUrl: ready.apiUrl,
    securityChannel: 'CSECURITY',
    retry: { retries: 3, factor: 1, minTimeout: 50, maxTimeout: 200 },
  };
  const platform = createSlackPlatform(config, logger);
  const core = createBotCore({ engine, policy: defaultPolicy(), store, platforms: { slack: platform }, logger, worker: { pollMs: POLL_MS } });
  const kicker = kick ? createWorkerKicker(() => core.worker.runOnce()) : undefined;
  const receiver = createSlackReceiver({ config, core, platform, logger, ...(kicker ? { afterAccept: () => kicker.kick() } : {}) });
  await receiver.start();
  const app = express();
  app.use(receiver.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  core.worker.start();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

  // Warm-up (first scan, first writes, connections), then the measured run.
  worker.send({ type: 'run', url, rate: 50, seconds: 1, secretShare: SECRET_SHARE, users: USERS } satisfies RunRequest);
  await next<RunResult>();
  const cpu0 = process.cpuUsage();
  worker.send({ type: 'run', url, rate: RATE, seconds: SECONDS, secretShare: SECRET_SHARE, users: USERS } satisfies RunRequest);
  const result = await next<RunResult>();
  const cpu = process.cpuUsage(cpu0);
  await kicker?.idle();
  await core.worker.stop();
  await receiver.stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
  const botCpuMsPerEvent = (cpu.user + cpu.system) / 1000 / result.sent;
  return { ...result, label: `${label} (bot cpu ${botCpuMsPerEvent.toFixed(2)} ms/event)` };
}

const results = [await run('poll 250 ms', false), await run('poll + kick', true)];
worker.send({ type: 'close' });

console.log(`\nSlack: ${Math.round(RATE * SECONDS)} events at ${RATE}/s over ${SECONDS} s, ${Math.round(SECRET_SHARE * 100)}% carrying an AWS-key-shaped secret, ${USERS} authors`);
console.log('bot in one process (Bolt + core + SQLite + worker); emulator and load generator in a second process');
console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine inflates every figure)\n`);
console.log(`${'set-up'.padEnd(40)}  sent/s  acked/s  ack p50  ack p99  warn p50  warn p99  warnings  non-200`);
for (const r of results) {
  console.log(
    `${r.label.padEnd(40)}${fmt(r.sentPerSecond)}${fmt(r.ackedPerSecond, 9)}${fmt(pct(r.ack, 50), 9)}${fmt(pct(r.ack, 99), 9)}${fmt(pct(r.warn, 50), 10)}${fmt(pct(r.warn, 99), 10)}  ${String(r.warn.length).padStart(4)}/${r.expectedWarnings}${String(r.non200).padStart(9)}`,
  );
}
console.log('\nms. warn = event sent -> chat.postEphemeral received (target p99 <= 100 ms).');
console.log(`Web API calls in the last run: ${JSON.stringify(results[1]?.apiCalls)}`);
