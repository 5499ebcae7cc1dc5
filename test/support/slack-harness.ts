/**
 * End-to-end harness for Slack: the REAL bot core (SQLite in a temp dir, shipped rules, default
 * or given policy), the Slack platform and Bolt receiver pointed at a SlackEmulator, served by a
 * small express app on 127.0.0.1 (port 0).
 *
 *   const h = await startSlackHarness();
 *   await h.emulator.sendEvent(h.eventsUrl, messageEnvelope({...}));
 *   await h.drain();                       // run the outbox worker until idle
 *   h.emulator.callsTo('chat.postEphemeral') ...
 *   await h.close();
 *
 * Options: `adminToken: false` runs without SLACK_ADMIN_USER_TOKEN; `policy` replaces the default
 * policy; `startWorker: true` runs the worker loop in the background (as the service does) instead of
 * `drain()`; `emulator` reuses one emulator across harnesses.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import pino, { type Logger } from 'pino';
import { createSlackPlatform, createSlackReceiver, createWorkerKicker, type SlackConfig, type SlackPlatform, type SlackReceiver } from '../../src/adapters/slack/index.js';
import { createSqliteStore } from '../../src/adapters/store/index.js';
import { createBotCore, type Core } from '../../src/bot/core.js';
import type { BotCore } from '../../src/bot/ports.js';
import { defaultPolicy, type Policy } from '../../src/bot/policy.js';
import { createEngine, loadShippedRules } from '../../src/rules/index.js';
import type { Engine } from '../../src/rules/types.js';
import { SlackEmulator } from './slack-emulator.js';

export interface SlackHarnessOptions {
  adminToken?: boolean;
  policy?: Policy;
  startWorker?: boolean;
  emulator?: SlackEmulator;
  logger?: Logger;
  config?: Partial<SlackConfig>;
  /** Run an outbox round as soon as an event is accepted (as well as the poll loop). */
  kickWorker?: boolean;
  /** Worker poll interval when startWorker is set (the service's default is 250 ms). */
  pollMs?: number;
  /** Wrap the core the receiver sees (e.g. to make accept() fail once). */
  wrapCore?: (core: Core) => BotCore;
}

export interface SlackHarness {
  emulator: SlackEmulator;
  core: Core;
  platform: SlackPlatform;
  receiver: SlackReceiver;
  config: SlackConfig;
  /** POST target for events and interactivity. */
  eventsUrl: string;
  securityChannel: string;
  /** Run the outbox worker until nothing is due (and button work in flight has settled). */
  drain(): Promise<number>;
  close(): Promise<void>;
}

let enginePromise: Promise<Engine> | undefined;

/** The shipped rules, compiled once per test process. */
export function sharedEngine(): Promise<Engine> {
  enginePromise ??= loadShippedRules({ checkExamples: false }).then((set) => {
    if (set.rules.length === 0) throw new Error(`no shipped rules loaded: ${set.errors.map((e) => e.message).join('; ')}`);
    return createEngine(set.rules, { fingerprintKey: 'slack-harness-fingerprint-key' });
  });
  return enginePromise;
}

export async function startSlackHarness(opts: SlackHarnessOptions = {}): Promise<SlackHarness> {
  const logger = opts.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const emulator = opts.emulator ?? (await SlackEmulator.start());
  const ownEmulator = opts.emulator === undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'chat-dlp-slack-'));
  const store = await createSqliteStore({ dataDir });
  const securityChannel = 'CSECURITY';
  emulator.addChannel({ id: securityChannel, name: 'security', isPrivate: true, numMembers: 4 });

  const config: SlackConfig = {
    signingSecret: emulator.signingSecret,
    botToken: emulator.botToken,
    apiUrl: emulator.apiUrl,
    securityChannel,
    retry: { retries: 3, factor: 1, minTimeout: 10, maxTimeout: 100 },
    ...(opts.adminToken === false ? {} : { adminUserToken: emulator.adminToken }),
    ...opts.config,
  };
  const platform = createSlackPlatform(config, logger);
  const core = createBotCore({
    engine: await sharedEngine(),
    policy: opts.policy ?? defaultPolicy(),
    store,
    platforms: { slack: platform },
    logger,
    worker: { pollMs: opts.pollMs ?? 5, baseBackoffMs: 20, maxBackoffMs: 200 },
  });
  const kicker = opts.kickWorker ? createWorkerKicker(() => core.worker.runOnce()) : undefined;
  const receiver = createSlackReceiver({ config, core: opts.wrapCore ? opts.wrapCore(core) : core, platform, logger, ...(kicker ? { afterAccept: () => kicker.kick() } : {}) });
  await receiver.start();

  const app = express();
  app.use(receiver.router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  if (opts.startWorker) core.worker.start();

  async function drain(): Promise<number> {
    let total = 0;
    for (let i = 0; i < 50; i++) {
      const ran = await core.worker.runOnce();
      total += ran;
      if (ran === 0) break;
    }
    return total;
  }

  return {
    emulator,
    core,
    platform,
    receiver,
    config,
    eventsUrl: `http://127.0.0.1:${port}${config.eventsPath ?? '/slack/events'}`,
    securityChannel,
    drain,
    async close() {
      await kicker?.idle();
      await core.worker.stop();
      await receiver.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      if (ownEmulator) await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
