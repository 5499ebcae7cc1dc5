// The one module that wires the service to the engine, the core, the stores and the platform
// adapters (built by other engineers). Everything the rest of src/server needs from them goes
// through the small typed surface below, so an API change there is fixed here only.
import type { Logger } from 'pino';
import type { RequestHandler, Router } from 'express';
import type { Engine, Finding } from '../rules/types.js';
import { loadRules, formatLoadError, createEngine, compileRule, type CompiledRule } from '../rules/index.js';
import { resolveFingerprintKey } from '../shared/fingerprint-key.js';
import type { BotCore, ChatPlatform, KeyValueStore } from '../bot/ports.js';
import type { ChatMessage, Platform } from '../bot/message.js';
import { loadPolicy, formatPolicyError, corporateMarkingRules, type Policy } from '../bot/policy.js';
import { decide } from '../bot/decide.js';
import { createBotCore, type Core } from '../bot/core.js';
import type { Store } from '../bot/store.js';
import { createStore } from '../adapters/store/index.js';
import { createSlackPlatform, createSlackReceiver, type SlackConfig } from '../adapters/slack/index.js';
import { createTeamsPlatform, createTeamsReceiver, TEAMS_DEFAULTS, type TeamsConfig } from '../adapters/teams/index.js';
import type { ServiceConfig } from '../config.js';
import type { ServiceMetrics } from './metrics.js';

export interface RuleSetHandle {
  rules: CompiledRule[];
  /** Already formatted: `rules/secrets.yaml:88:5 rule-id field "pattern": ...`. */
  errors: string[];
  files: string[];
}

export async function loadRuleSet(dir: string): Promise<RuleSetHandle> {
  const set = await loadRules(dir);
  return { rules: set.rules, errors: set.errors.map((e) => formatLoadError(e)), files: set.files };
}

export function buildEngine(rules: CompiledRule[], fingerprintKey: Buffer, extraRules: CompiledRule[] = []): Engine {
  return createEngine(rules, { fingerprintKey, ...(extraRules.length ? { extraRules } : {}) });
}

export function resolveKey(config: ServiceConfig): Buffer {
  return resolveFingerprintKey({ key: config.fingerprintKey, dataDir: config.dataDir });
}

export interface PolicyHandle {
  policy?: Policy;
  errors: string[];
}

export function loadPolicyFile(file: string): PolicyHandle {
  const r = loadPolicy(file);
  return { policy: r.policy, errors: r.errors.map(formatPolicyError) };
}

/** Extra rules for the corporate marking labels configured in the policy. */
export function corporateRules(policy: Policy, policyFile: string): { rules: CompiledRule[]; errors: string[] } {
  const rules: CompiledRule[] = [];
  const errors: string[] = [];
  for (const spec of corporateMarkingRules(policy)) {
    const r = compileRule(spec, { file: policyFile, line: 0, explicitSecretGroup: false });
    if (r.rule) rules.push(r.rule);
    errors.push(...r.errors.map((e) => formatLoadError(e)));
  }
  return { rules, errors };
}

export interface StoreHandle {
  kv: KeyValueStore;
  raw: Store;
  ping(): Promise<void>;
  outboxDepth(): Promise<number | undefined>;
  close(): Promise<void>;
}

export async function openStore(config: ServiceConfig): Promise<StoreHandle> {
  const store = await createStore({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, dataDir: config.dataDir });
  return {
    kv: store,
    raw: store,
    async ping() {
      await store.getValue('service', 'ping');
    },
    async outboxDepth() {
      return (await store.overview()).outbox.pending;
    },
    close: () => store.close(),
  };
}

export type CoreHandle = Core;

export function createCore(deps: {
  engine: Engine;
  policy: Policy;
  store: StoreHandle;
  platforms: Partial<Record<Platform, ChatPlatform>>;
  logger: Logger;
  worker: ServiceConfig['worker'];
}): CoreHandle {
  return createBotCore({
    engine: deps.engine,
    policy: deps.policy,
    store: deps.store.raw,
    platforms: deps.platforms,
    logger: deps.logger,
    worker: { pollMs: deps.worker.pollMs, leaseMs: deps.worker.leaseMs },
  });
}

export interface SlackHandle {
  platform: ChatPlatform;
  attach(core: BotCore): { router: Router | RequestHandler; start(): Promise<void>; stop(): Promise<void> };
}

export function createSlack(env: NonNullable<ServiceConfig['slack']>, logger: Logger): SlackHandle {
  const config: SlackConfig = { ...env };
  const platform = createSlackPlatform(config, logger);
  return { platform, attach: (core) => createSlackReceiver({ config, core, platform, logger }) };
}

export interface TeamsHandle {
  platform: ChatPlatform;
  attach(core: BotCore): { handler: RequestHandler };
}

export function createTeams(env: NonNullable<ServiceConfig['teams']>, kv: KeyValueStore, logger: Logger): TeamsHandle {
  const config: TeamsConfig = {
    ...env,
    graphTokenUrl: env.graphTokenUrl ?? TEAMS_DEFAULTS.graphTokenUrl,
    graphTenantId: env.graphTenantId ?? 'common',
  };
  const platform = createTeamsPlatform({ config, kv, logger });
  return { platform, attach: (core) => createTeamsReceiver({ config, core, platform, kv, logger }) };
}

/**
 * The core as the receivers see it: always the CURRENT core (hot reload replaces it), counting
 * accepted events (new or duplicate) for /metrics.
 */
export function liveCore(current: () => BotCore, metrics: ServiceMetrics, platform: Platform): BotCore {
  return {
    async accept(message) {
      const r = await current().accept(message);
      metrics.eventsAccepted.inc({ platform, result: r.duplicate ? 'duplicate' : 'new' });
      return r;
    },
    incidentCommand: (id, command, actor, note) => current().incidentCommand(id, command, actor, note),
    feedback: (decisionId, kind, actor, justification) => current().feedback(decisionId, kind, actor, justification),
    getIncident: (id) => current().getIncident(id),
  };
}

export interface DecisionPreview {
  mode: string;
  actions: Array<{ kind: string; reasons: string[] }>;
  monitored: Array<{ kind: string; reasons: string[] }>;
  exemption?: string;
}

/** What the policy would do (the core's pure decide()), for the console playground. */
export function previewDecision(message: ChatMessage, findings: Finding[], policy: Policy, ruleModes: Record<string, 'enforce' | 'monitor' | 'off'>): DecisionPreview {
  const d = decide(message, findings, policy, ruleModes);
  const map = (a: { kind: string; reasons: Array<{ text: string }> }) => ({ kind: a.kind, reasons: a.reasons.map((r) => r.text) });
  return { mode: d.mode, actions: d.actions.map(map), monitored: d.monitored.map(map), exemption: d.exemption };
}
