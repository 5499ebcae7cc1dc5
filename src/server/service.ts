// Runs the service: opens the port first (so /healthz answers within moments on any machine),
// then loads rules, policy, the store, the core, the platform adapters and the outbox worker,
// and keeps them up to date (hot reload) until stop() shuts everything down in order.
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { IntegrationStatus, ServiceConfig } from '../config.js';
import type { Platform } from '../bot/message.js';
import type { ChatPlatform } from '../bot/ports.js';
import type { Policy } from '../bot/policy.js';
import { createMetrics } from './metrics.js';
import { createLiveEngine, EMPTY_ENGINE } from './live-engine.js';
import { instrumentPlatform } from './instrumented-platform.js';
import { createApp } from './app.js';
import type { Runtime } from './runtime.js';
import { watchRules, type ReloadOutcome } from './rules-reloader.js';
import * as wiring from './integrations.js';
import { createAuthenticator } from './console/auth.js';
import { createSessionManager, kvSessionBackend } from './console/sessions.js';
import { createConsoleRouter } from './console/router.js';

export interface RunningService {
  runtime: Runtime;
  port: number;
  url: string;
  /** Resolves when start-up has finished (rejects when it failed for good). */
  ready: Promise<void>;
  /** Graceful shutdown: stop accepting, finish actions in flight, leave the rest in the outbox. */
  stop(reason?: string): Promise<void>;
}

export interface StartOptions {
  integrations?: IntegrationStatus[];
  warnings?: string[];
}

/** Load rules + policy and build an engine; the result is not applied (the caller decides). */
async function loadAll(config: ServiceConfig, key: Buffer) {
  const set = await wiring.loadRuleSet(config.rulesDir);
  const pol = wiring.loadPolicyFile(config.policyFile);
  const extra = pol.policy ? wiring.corporateRules(pol.policy, config.policyFile) : { rules: [], errors: [] };
  pol.errors.push(...extra.errors);
  const engine = set.rules.length ? wiring.buildEngine(set.rules, key, extra.rules) : undefined;
  return { set, pol, engine };
}

export async function startService(config: ServiceConfig, logger: Logger, options: StartOptions = {}): Promise<RunningService> {
  const metrics = createMetrics();
  const rt: Runtime = {
    config,
    metrics,
    engine: createLiveEngine(EMPTY_ENGINE, metrics),
    integrations: options.integrations ?? [],
    phase: 'starting',
    rules: { files: [], errors: [], policyErrors: [] },
    inFlight: 0,
  };
  mkdirSync(config.dataDir, { recursive: true });
  const auth = await createAuthenticator(config.console, config.dataDir);
  const sessions = createSessionManager({ ttlMinutes: config.console.sessionTtlMinutes });
  const app = createApp(rt, logger, { console: createConsoleRouter({ rt, auth, sessions, logger }) });
  const server = http.createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost}:${port}`;
  logger.info({ port, url, dataDir: config.dataDir, rulesDir: config.rulesDir }, `chat-dlp listening on ${url} (console at ${url}/console/)`);
  for (const i of rt.integrations) logger.info({ integration: i.name, on: i.on }, i.detail);
  for (const w of options.warnings ?? []) logger.warn(w);
  if (auth.generatedTokenFile) logger.warn({ file: auth.generatedTokenFile }, `console: log in as "admin" with the token in ${auth.generatedTokenFile} (or set CONSOLE_ADMIN_PASSWORD)`);

  let stopping: Promise<void> | undefined;
  let key: Buffer | undefined;

  const applyReload = async (): Promise<ReloadOutcome> => {
    const at = new Date().toISOString();
    const { set, pol, engine } = await loadAll(config, key!);
    const errors = [...set.errors, ...pol.errors];
    if (errors.length || !engine || !pol.policy) {
      if (!engine && !errors.length) errors.push(`${config.rulesDir}: no rules found`);
      const outcome: ReloadOutcome = { ok: false, at, errors };
      rt.rules.lastRefused = outcome;
      metrics.ruleReloads.inc({ outcome: 'refused' });
      metrics.ruleReloadFailures.inc();
      metrics.ruleLoadErrors.set(errors.length);
      return outcome;
    }
    rt.engine.swap(engine);
    await replaceCore(pol.policy);
    rt.rules = { files: set.files, errors: [], loadedAt: at, policy: pol.policy, policyErrors: [], lastRefused: undefined };
    metrics.rulesLoaded.set(engine.ruleCount);
    metrics.ruleLoadErrors.set(0);
    metrics.ruleReloads.inc({ outcome: 'applied' });
    return { ok: true, at, errors: [], ruleCount: engine.ruleCount };
  };

  let platforms: Partial<Record<Platform, ChatPlatform>> = {};
  const makeCore = (policy: Policy) =>
    wiring.createCore({ engine: rt.engine, policy, store: rt.store!, platforms, logger, worker: config.worker });
  // The core fixes its policy and rule modes when created, so a reload builds a new one on the
  // same store; the receivers reach it through liveCore(). The old worker finishes what it holds.
  const replaceCore = async (policy: Policy) => {
    const old = rt.core;
    if (!old || !rt.store) return;
    rt.core = makeCore(policy);
    if (config.worker.enabled && rt.phase !== 'stopping') {
      await old.worker.stop();
      rt.core.worker.start();
    }
  };

  const boot = async () => {
    key = wiring.resolveKey(config);
    const { set, pol, engine } = await loadAll(config, key);
    if (pol.errors.length || !pol.policy) {
      throw new StartupError(`policy ${path.relative(process.cwd(), config.policyFile) || config.policyFile} is invalid`, pol.errors.length ? pol.errors : ['no policy loaded']);
    }
    if (!engine) throw new StartupError(`no usable rules in ${config.rulesDir}`, set.errors.length ? set.errors : ['the directory holds no rule files']);
    if (set.errors.length) logger.warn({ errors: set.errors }, `${set.errors.length} rule load errors: the other rules are in force`);
    rt.engine.swap(engine);
    rt.rules = { files: set.files, errors: set.errors, loadedAt: new Date().toISOString(), policy: pol.policy, policyErrors: [] };
    metrics.rulesLoaded.set(engine.ruleCount);
    metrics.ruleLoadErrors.set(set.errors.length);
    logger.info({ rules: engine.ruleCount, files: set.files.length }, 'rules loaded');

    // The store: retried while unreachable (PostgreSQL starting next to us in compose).
    for (let attempt = 1; ; attempt++) {
      if (stopping) return;
      try {
        rt.store = await wiring.openStore(config);
        break;
      } catch (e) {
        rt.problem = `store: ${(e as Error).message.split('\n')[0]}`;
        if (attempt === 1 || attempt % 10 === 0) logger.warn({ attempt, err: rt.problem }, 'store not reachable yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * attempt)));
      }
    }
    rt.problem = undefined;
    sessions.setBackend(kvSessionBackend(rt.store.kv));
    metrics.setOutboxDepthSource(() => rt.store!.outboxDepth());

    platforms = {};
    const slack = config.slack ? wiring.createSlack(config.slack, logger.child({ component: 'slack' })) : undefined;
    const teams = config.teams ? wiring.createTeams(config.teams, rt.store.kv, logger.child({ component: 'teams' })) : undefined;
    if (slack) platforms.slack = instrumentPlatform(slack.platform, metrics);
    if (teams) platforms.teams = instrumentPlatform(teams.platform, metrics);

    const core = makeCore(pol.policy);
    rt.core = core;
    const current = () => rt.core!;
    if (slack) {
      const receiver = slack.attach(wiring.liveCore(current, metrics, 'slack'));
      await receiver.start();
      rt.slack = receiver;
    }
    if (teams) rt.teams = teams.attach(wiring.liveCore(current, metrics, 'teams'));
    if (config.worker.enabled) core.worker.start();
    if (config.reload.enabled) {
      rt.reloader = watchRules({
        dirs: [config.rulesDir, path.dirname(config.policyFile)],
        debounceMs: config.reload.debounceMs,
        logger,
        apply: applyReload,
      });
    }
    rt.phase = 'ready';
    logger.info('ready');
  };

  const ready = boot().catch((e: unknown) => {
    rt.phase = 'failed';
    rt.problem = e instanceof Error ? e.message : String(e);
    if (e instanceof StartupError) logger.error({ errors: e.details }, `start-up failed: ${e.message}:\n${e.details.map((d) => `  - ${d}`).join('\n')}`);
    else logger.error({ err: { name: (e as Error).name, message: (e as Error).message, stack: (e as Error).stack } }, 'start-up failed');
    throw e;
  });
  ready.catch(() => undefined); // the caller decides; no unhandled rejection

  const stop = (reason = 'stop') => {
    stopping ??= (async () => {
      logger.info({ reason, inFlight: rt.inFlight }, 'shutting down: no new requests; finishing actions in flight');
      rt.phase = 'stopping';
      const deadline = Date.now() + config.shutdownTimeoutMs;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      rt.reloader?.stop();
      await rt.slack?.stop().catch((e: unknown) => logger.warn({ err: (e as Error).message }, 'slack receiver stop failed'));
      while (rt.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      // The worker finishes the actions it holds; everything else stays in the outbox for the next process.
      await Promise.race([rt.core?.worker.stop(), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
      server.closeAllConnections();
      await closed;
      await rt.store?.close().catch((e: unknown) => logger.warn({ err: (e as Error).message }, 'store close failed'));
      logger.info('stopped');
    })();
    return stopping;
  };

  return { runtime: rt, port, url, ready, stop };
}

export class StartupError extends Error {
  constructor(
    message: string,
    readonly details: string[],
  ) {
    super(message);
    this.name = 'StartupError';
  }
}
