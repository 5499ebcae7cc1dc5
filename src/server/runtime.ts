// The service's live state, shared by the HTTP routes, the console and the reloader. Start-up
// fills it in step by step after the port is already open, so /healthz answers at once and
// /readyz tells what is still missing.
import type { RequestHandler, Router } from 'express';
import type { IntegrationStatus, ServiceConfig } from '../config.js';
import type { ServiceMetrics } from './metrics.js';
import type { Policy } from '../bot/policy.js';
import type { LiveEngine } from './live-engine.js';
import type { CoreHandle, StoreHandle } from './integrations.js';
import type { ReloadOutcome, RulesReloader } from './rules-reloader.js';

export interface RulesState {
  /** Rule files in force. */
  files: string[];
  /** Errors from the load in force (start-up with some bad files) or the last refused change. */
  errors: string[];
  loadedAt?: string;
  lastRefused?: ReloadOutcome;
  policy?: Policy;
  policyErrors: string[];
}

export interface Runtime {
  config: ServiceConfig;
  metrics: ServiceMetrics;
  engine: LiveEngine;
  integrations: IntegrationStatus[];
  phase: 'starting' | 'ready' | 'stopping' | 'failed';
  /** Why start-up has not finished (or failed). */
  problem?: string;
  rules: RulesState;
  store?: StoreHandle;
  core?: CoreHandle;
  reloader?: RulesReloader;
  slack?: { router: Router | RequestHandler; start(): Promise<void>; stop(): Promise<void> };
  teams?: { handler: RequestHandler };
  /** Actions (HTTP requests touching the core) in flight, for graceful shutdown. */
  inFlight: number;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail: string }>;
}

export async function readiness(rt: Runtime): Promise<Readiness> {
  const checks: Readiness['checks'] = {};
  if (!rt.store) checks.store = { ok: false, detail: rt.problem ?? 'not opened yet' };
  else {
    try {
      await rt.store.ping();
      checks.store = { ok: true, detail: rt.config.databaseUrl ? 'postgres' : 'sqlite' };
    } catch (e) {
      checks.store = { ok: false, detail: `unreachable: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  checks.rules = rt.rules.loadedAt
    ? { ok: rt.engine.ruleCount > 0, detail: `${rt.engine.ruleCount} rules from ${rt.rules.files.length} files` }
    : { ok: false, detail: 'not loaded yet' };
  checks.core = rt.core ? { ok: true, detail: 'running' } : { ok: false, detail: rt.problem ?? 'starting' };
  if (rt.config.slack) checks.slack = rt.slack ? { ok: true, detail: rt.config.slack.appToken ? 'socket mode' : 'POST /slack/events' } : { ok: false, detail: 'starting' };
  if (rt.config.teams) checks.teams = rt.teams ? { ok: true, detail: 'POST /api/messages' } : { ok: false, detail: 'starting' };
  if (rt.phase === 'stopping') checks.shutdown = { ok: false, detail: 'shutting down' };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
