/**
 * End-to-end harness for Teams: the REAL core (SQLite in a temp dir), the real engine, the Teams
 * receiver and platform over HTTP on 127.0.0.1, pointed at the Bot Connector, token and Graph
 * emulators.
 *
 *   const h = await startTeamsHarness({ rulesDir });      // rulesDir defaults to the shipped rules
 *   await h.post(h.teams.install());                       // the bot is added to the team
 *   const res = await h.post(h.teams.channelMessage('NI AB 12 34 56 C'));
 *   await h.drain();                                       // run the outbox until idle
 *   h.connector.requests, h.graph.patches, h.outgoingBodies()
 *   await h.close();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import pino, { type Logger } from 'pino';
import { createTeamsPlatform, createTeamsReceiver, type TeamsConfig, type TeamsPlatform } from '../../src/adapters/teams/index.js';
import { createSqliteStore, type SqlStore } from '../../src/adapters/store/index.js';
import { createBotCore, type Core } from '../../src/bot/core.js';
import { defaultPolicy, type Policy } from '../../src/bot/policy.js';
import type { WorkerOptions } from '../../src/bot/outbox-worker.js';
import { createEngine, loadRules, SHIPPED_RULES_DIR } from '../../src/rules/index.js';
import { DEFAULT_IDS, teamsFixture } from './teams-activities.js';
import { startBotConnectorEmulator, type BotConnectorEmulator } from './teams-connector-emulator.js';
import { startGraphEmulator, type GraphEmulator } from './teams-graph-emulator.js';
import { startTokenEmulator, type TokenEmulator } from './teams-token-emulator.js';

export interface TeamsHarnessOptions {
  rulesDir?: string;
  policy?: Policy;
  config?: Partial<TeamsConfig>;
  logger?: Logger;
  /** Outbox worker options (default: fast retries, 10 ms polls). */
  worker?: WorkerOptions;
}

export interface PostResult {
  status: number;
  raw: string;
  body: unknown;
}

export interface TeamsHarness {
  url: string;
  connector: BotConnectorEmulator;
  graph: GraphEmulator;
  tokens: TokenEmulator;
  core: Core;
  store: SqlStore;
  platform: TeamsPlatform;
  config: TeamsConfig;
  teams: ReturnType<typeof teamsFixture>;
  /** POST raw text or an activity to /api/messages. */
  post(activity: unknown): Promise<PostResult>;
  /** Run the outbox until nothing is due (retries included). */
  drain(): Promise<void>;
  /** Everything the bot sent out (connector, Graph, token endpoint) and its HTTP answers. */
  outgoingBodies(): string[];
  close(): Promise<void>;
}

export const GRAPH_CLIENT = { id: 'graph-client-id', secret: 'graph-client-secret' };

export async function startTeamsHarness(opts: TeamsHarnessOptions = {}): Promise<TeamsHarness> {
  const logger = opts.logger ?? pino({ level: 'silent' });
  const connector = await startBotConnectorEmulator();
  const tokens = await startTokenEmulator({ clientId: GRAPH_CLIENT.id, clientSecret: GRAPH_CLIENT.secret });
  const graph = await startGraphEmulator({ acceptToken: (t) => tokens.issued.includes(t) });
  const dir = await mkdtemp(join(tmpdir(), 'chat-dlp-teams-'));
  const store = await createSqliteStore({ dataDir: dir });

  const set = await loadRules(opts.rulesDir ?? SHIPPED_RULES_DIR);
  if (set.errors.length) throw new Error(`harness rules: ${set.errors.map((e) => `${e.file}:${e.line ?? 0} ${e.message}`).join('; ')}`);
  const engine = createEngine(set.rules, { fingerprintKey: 'teams-harness-fingerprint-key' });

  const config: TeamsConfig = {
    appId: '',
    appPassword: '',
    appType: 'MultiTenant',
    graphApiUrl: graph.apiUrl,
    graphTokenUrl: tokens.tokenUrl,
    graphTenantId: DEFAULT_IDS.tenantId,
    graphClientId: GRAPH_CLIENT.id,
    graphClientSecret: GRAPH_CLIENT.secret,
    securityChannel: DEFAULT_IDS.securityChannelId,
    complianceUrl: 'https://intranet.example/dlp-policy',
    ...opts.config,
  };
  const platform = createTeamsPlatform({ config, kv: store, logger });
  const core = createBotCore({
    engine,
    policy: opts.policy ?? defaultPolicy(),
    store,
    platforms: { teams: platform },
    logger,
    worker: opts.worker ?? { baseBackoffMs: 5, maxBackoffMs: 20, pollMs: 10 },
  });
  const { handler } = createTeamsReceiver({ config, core, platform, kv: store, logger });

  const app = express();
  app.post('/api/messages', handler);
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const responses: string[] = [];

  return {
    url,
    connector,
    graph,
    tokens,
    core,
    store,
    platform,
    config,
    teams: teamsFixture(connector.serviceUrl),
    async post(activity) {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof activity === 'string' ? activity : JSON.stringify(activity),
      });
      const raw = await res.text();
      responses.push(raw);
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      return { status: res.status, raw, body };
    },
    async drain() {
      // Bounded: a stuck action must fail the test, not hang it.
      for (let i = 0; i < 50; i++) {
        const ran = await core.worker.runOnce();
        if (ran === 0) {
          await new Promise((r) => setTimeout(r, 25));
          if ((await core.worker.runOnce()) === 0) return;
        }
      }
      throw new Error('outbox did not become idle');
    },
    outgoingBodies() {
      return [
        ...connector.requests.map((r) => `${r.path}\n${r.raw}`),
        ...graph.requests.map((r) => `${r.path}\n${r.raw}`),
        ...tokens.requests.map((r) => `${r.path}\n${r.raw}`),
        ...responses,
      ];
    },
    async close() {
      await core.worker.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([connector.close(), graph.close(), tokens.close()]);
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
