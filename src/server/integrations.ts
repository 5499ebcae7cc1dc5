// The one module that wires the service to the engine, the core, the stores and the platform
// adapters (built by other engineers). Everything the rest of src/server needs from them goes
// through the small typed surface below, so an API change there is fixed here only.
import type { Logger } from 'pino';
import type { RequestHandler, Router } from 'express';
import type { Engine, Finding } from '../rules/types.js';
import type { BotCore, ChatPlatform, KeyValueStore } from '../bot/ports.js';
import type { ChatMessage, Platform } from '../bot/message.js';
import type { ServiceConfig } from '../config.js';
import type { ServiceMetrics } from './metrics.js';

// Modules are loaded by name at run time while they are being written in parallel; each
// loader reports a clear "not available" instead of crashing the process.
async function load<T>(specifier: string): Promise<T> {
  return (await import(specifier)) as T;
}

export interface RuleSetHandle {
  rules: unknown[];
  /** Already formatted: `rules/secrets.yaml:88:5 rule-id field "pattern": ...`. */
  errors: string[];
  files: string[];
}

interface RulesModule {
  loadRules(dir: string): Promise<{ rules: unknown[]; errors: unknown[]; files: string[] }>;
  formatLoadError(e: unknown): string;
  createEngine(rules: unknown[], options: { fingerprintKey: string | Buffer; extraRules?: unknown[] }): Engine;
}

export async function loadRuleSet(dir: string): Promise<RuleSetHandle> {
  const m = await load<RulesModule>('../rules/index.js');
  const set = await m.loadRules(dir);
  return { rules: set.rules, errors: set.errors.map((e) => m.formatLoadError(e)), files: set.files };
}

export async function buildEngine(rules: unknown[], fingerprintKey: Buffer, extraRules?: unknown[]): Promise<Engine> {
  const m = await load<RulesModule>('../rules/index.js');
  return m.createEngine(rules, { fingerprintKey, ...(extraRules?.length ? { extraRules } : {}) });
}

export async function resolveKey(config: ServiceConfig): Promise<Buffer> {
  const m = await load<{ resolveFingerprintKey(o: { key?: string; dataDir: string }): Buffer }>('../shared/fingerprint-key.js');
  return m.resolveFingerprintKey({ key: config.fingerprintKey, dataDir: config.dataDir });
}

export interface PolicyHandle {
  policy: unknown;
  errors: string[];
}

export async function loadPolicyFile(file: string): Promise<PolicyHandle> {
  const m = await load<{ loadPolicy(file: string): { policy?: unknown; errors: unknown[] } | Promise<{ policy?: unknown; errors: unknown[] }> }>('../bot/policy.js');
  const r = await m.loadPolicy(file);
  return { policy: r.policy, errors: r.errors.map((e) => (typeof e === 'string' ? e : formatAny(e))) };
}

function formatAny(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { file?: string; line?: number; column?: number; field?: string; message?: string; path?: string };
    const where = [o.file, o.line, o.column].filter((x) => x !== undefined).join(':');
    return `${where}${o.field ?? o.path ? ` field "${o.field ?? o.path}"` : ''}: ${o.message ?? JSON.stringify(e)}`;
  }
  return String(e);
}

export interface StoreHandle {
  kv: KeyValueStore;
  /** The store object itself, passed to the core. */
  raw: unknown;
  ping(): Promise<void>;
  outboxDepth(): Promise<number | undefined>;
  close(): Promise<void>;
}

export async function openStore(config: ServiceConfig): Promise<StoreHandle> {
  let store: Record<string, unknown> & KeyValueStore;
  if (config.databaseUrl) {
    const m = await load<{ createPostgresStore(o: { url: string }): Promise<unknown> | unknown }>('../adapters/store/postgres.js');
    store = (await m.createPostgresStore({ url: config.databaseUrl })) as typeof store;
  } else {
    const m = await load<{ createSqliteStore(o: { dataDir: string }): Promise<unknown> | unknown }>('../adapters/store/sqlite.js');
    store = (await m.createSqliteStore({ dataDir: config.dataDir })) as typeof store;
  }
  const call = async (name: string): Promise<unknown> => {
    const fn = store[name];
    return typeof fn === 'function' ? await (fn as () => unknown).call(store) : undefined;
  };
  return {
    kv: store,
    raw: store,
    async ping() {
      if (typeof store.ping === 'function') await call('ping');
      else await store.getValue('service', 'ping');
    },
    async outboxDepth() {
      const n = await call('outboxDepth');
      return typeof n === 'number' ? n : undefined;
    },
    async close() {
      await call('close');
    },
  };
}

export interface OutboxWorker {
  runOnce(): Promise<unknown>;
  start(): void;
  stop(): Promise<void>;
}

export type CoreHandle = BotCore & { worker: OutboxWorker; setPolicy?(p: unknown): void };

export async function createCore(deps: {
  engine: Engine;
  policy: unknown;
  store: StoreHandle;
  platforms: Partial<Record<Platform, ChatPlatform>>;
  logger: Logger;
  pollMs: number;
}): Promise<CoreHandle> {
  const m = await load<{ createBotCore(d: Record<string, unknown>): CoreHandle }>('../bot/core.js');
  return m.createBotCore({ engine: deps.engine, policy: deps.policy, store: deps.store.raw, platforms: deps.platforms, logger: deps.logger, pollMs: deps.pollMs });
}

export interface SlackHandle {
  platform: ChatPlatform;
  attach(core: BotCore): { router: Router | RequestHandler; start(): Promise<void>; stop(): Promise<void> };
}

export async function createSlack(config: NonNullable<ServiceConfig['slack']>, logger: Logger): Promise<SlackHandle> {
  const m = await load<{
    createSlackPlatform(c: unknown, l: Logger): ChatPlatform;
    createSlackReceiver(o: { config: unknown; core: BotCore; platform: ChatPlatform; logger: Logger }): { router: Router | RequestHandler; start(): Promise<void>; stop(): Promise<void> };
  }>('../adapters/slack/index.js');
  const platform = m.createSlackPlatform(config, logger);
  return { platform, attach: (core) => m.createSlackReceiver({ config, core, platform, logger }) };
}

export interface TeamsHandle {
  platform: ChatPlatform;
  attach(core: BotCore): { handler: RequestHandler };
}

export async function createTeams(config: NonNullable<ServiceConfig['teams']>, kv: KeyValueStore, logger: Logger): Promise<TeamsHandle> {
  const m = await load<{
    createTeamsPlatform(o: Record<string, unknown>): ChatPlatform;
    createTeamsReceiver(o: Record<string, unknown>): { handler: RequestHandler; adapter: unknown };
    createTeamsAdapter?(c: unknown, l: Logger): unknown;
  }>('../adapters/teams/index.js');
  const adapter = m.createTeamsAdapter?.(config, logger);
  const platform = m.createTeamsPlatform({ config, adapter, kv, logger });
  return { platform, attach: (core) => m.createTeamsReceiver({ config, core, platform, kv, logger, adapter }) };
}

/** Extra rules for the corporate marking labels configured in the policy (when the core offers them). */
export async function corporateRules(policy: unknown): Promise<unknown[]> {
  const m = await load<{ corporateMarkingRules?(p: unknown): unknown[] }>('../bot/policy.js');
  return m.corporateMarkingRules ? m.corporateMarkingRules(policy) : [];
}

/** The core as the receivers see it, counting accepted events (new or duplicate) for /metrics. */
export function countingCore(core: BotCore, metrics: ServiceMetrics, platform: Platform): BotCore {
  return {
    async accept(message) {
      const r = await core.accept(message);
      metrics.eventsAccepted.inc({ platform, result: r.duplicate ? 'duplicate' : 'new' });
      return r;
    },
    incidentCommand: (id, command, actor, note) => core.incidentCommand(id, command, actor, note),
    feedback: (decisionId, kind, actor, justification) => core.feedback(decisionId, kind, actor, justification),
    getIncident: (id) => core.getIncident(id),
  };
}

export interface DecisionPreview {
  mode: string;
  actions: Array<{ kind: string; reasons: string[] }>;
  monitored: Array<{ kind: string; reasons: string[] }>;
  exemption?: string;
}

/** What the policy would do (the core's pure decide()), for the console playground. */
export async function previewDecision(message: ChatMessage, findings: Finding[], policy: unknown, ruleModes: Record<string, string>): Promise<DecisionPreview> {
  type Act = { kind: string; reasons: Array<{ text: string }> };
  const m = await load<{ decide(m: ChatMessage, f: Finding[], p: unknown, r: Record<string, string>): { mode: string; actions: Act[]; monitored: Act[]; exemption?: string } }>('../bot/decide.js');
  const d = m.decide(message, findings, policy, ruleModes);
  const map = (a: Act) => ({ kind: a.kind, reasons: a.reasons.map((r) => r.text) });
  return { mode: d.mode, actions: d.actions.map(map), monitored: d.monitored.map(map), exemption: d.exemption };
}
