// The receiver alone, with a recording core: authentication, body handling, failures, installs.
// (The end-to-end tests drive it with the real core.)
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import pino from 'pino';
import { createTeamsPlatform, createTeamsReceiver, type TeamsConfig } from '../../src/adapters/teams/index.js';
import type { ChatMessage } from '../../src/bot/message.js';
import type { BotCore } from '../../src/bot/ports.js';
import { DEFAULT_IDS as ids, teamsFixture } from '../support/teams-activities.js';
import { memoryKv } from '../support/teams-memory-kv.js';
import { startBotConnectorEmulator } from '../support/teams-connector-emulator.js';

const logger = pino({ level: 'silent' });
const t = teamsFixture('http://127.0.0.1:9/');

function config(appId = ''): TeamsConfig {
  return {
    appId,
    appPassword: appId ? 'not-a-real-secret' : '',
    appType: appId ? 'SingleTenant' : 'MultiTenant',
    ...(appId ? { appTenantId: ids.tenantId } : {}),
    graphApiUrl: 'http://127.0.0.1:9/v1.0',
    graphTokenUrl: 'http://127.0.0.1:9/token',
    graphTenantId: ids.tenantId,
    graphClientId: 'c',
    graphClientSecret: 's',
    securityChannel: ids.securityChannelId,
    memberLookup: false,
  };
}

function recordingCore(fail: { accept: boolean }) {
  const accepted: ChatMessage[] = [];
  const core: BotCore = {
    async accept(m) {
      if (fail.accept) throw new Error('database is down');
      accepted.push(m);
      return { duplicate: false, findings: 0, actions: [] };
    },
    incidentCommand: async () => {
      throw new Error('not used');
    },
    feedback: async () => ({ released: false, detail: 'noted' }),
    getIncident: async () => undefined,
  };
  return { core, accepted };
}

async function serve(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, server };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('Teams receiver', () => {
  const fail = { accept: false };
  const { core, accepted } = recordingCore(fail);
  const kv = memoryKv();
  let local: { url: string; server: Server };
  let parsed: { url: string; server: Server };
  let secured: { url: string; server: Server };

  before(async () => {
    const platform = createTeamsPlatform({ config: config(), kv, logger });
    const { handler } = createTeamsReceiver({ config: config(), core, platform, kv, logger });
    const a = express();
    a.post('/api/messages', handler);
    local = await serve(a);
    // Same handler behind express.json(), as a host app might mount it.
    const b = express();
    b.post('/api/messages', express.json(), handler);
    parsed = await serve(b);

    const authed = config('0b7e5a3c-1111-4222-8333-944455556666');
    const p2 = createTeamsPlatform({ config: authed, kv: memoryKv(), logger });
    const c = express();
    c.post('/api/messages', createTeamsReceiver({ config: authed, core, platform: p2, logger }).handler);
    secured = await serve(c);
  });
  after(() => {
    for (const s of [local, parsed, secured]) s.server.close();
  });

  it('refuses an unauthenticated activity when an app id is configured', async () => {
    const before = accepted.length;
    const res = await post(secured.url, t.channelMessage('hello'));
    assert.equal(res.status, 401);
    const forged = await post(secured.url, t.channelMessage('hello'), { authorization: 'Bearer not.a.jwt' });
    assert.equal(forged.status, 401);
    assert.equal(accepted.length, before, 'nothing reached the core');
  });

  it('accepts a message whether or not the body was parsed already', async () => {
    const a = t.channelMessage('first');
    assert.equal((await post(local.url, a)).status, 200);
    const b = t.channelMessage('second');
    assert.equal((await post(parsed.url, b)).status, 200);
    assert.deepEqual(accepted.slice(-2).map((m) => [m.messageId, m.text]), [
      [a.id, 'first'],
      [b.id, 'second'],
    ]);
  });

  it('does not scan messages sent by bots', async () => {
    const before = accepted.length;
    const res = await post(local.url, t.channelMessage('from a bot', { from: { id: ids.botId, role: 'bot' } }));
    assert.equal(res.status, 200);
    assert.equal(accepted.length, before);
  });

  it('answers 500 when the core fails, without echoing the message, and keeps serving', async () => {
    fail.accept = true;
    const res = await post(local.url, t.channelMessage('the text that must not be echoed'));
    assert.equal(res.status, 500);
    assert.doesNotMatch(await res.text(), /must not be echoed|database/);
    fail.accept = false;
    assert.equal((await post(local.url, t.channelMessage('again'))).status, 200);
  });

  it('saves conversation references on installation', async () => {
    const res = await post(local.url, t.install());
    assert.equal(res.status, 200);
    const keys = [...kv.data.keys()];
    assert.ok(keys.includes(`teams.conversation-ref/${ids.teamId}`), keys.join(', '));
    assert.ok(keys.some((k) => k === `teams.tenant-endpoint/${ids.tenantId}`));
    const ref = kv.data.get(`teams.conversation-ref/${ids.teamId}`) as { serviceUrl: string; conversation: { id: string }; activityId?: string };
    assert.equal(ref.serviceUrl, 'http://127.0.0.1:9/');
    assert.equal(ref.conversation.id, ids.teamId);
    assert.equal(ref.activityId, undefined, 'proactive posts start new threads');
  });

  it('spots guests and federated authors from the roster', async () => {
    const connector = await startBotConnectorEmulator();
    const withLookup = { ...config(), memberLookup: true };
    const platform = createTeamsPlatform({ config: withLookup, kv: memoryKv(), logger });
    const app = express();
    app.post('/api/messages', createTeamsReceiver({ config: withLookup, core, platform, logger }).handler);
    const srv = await serve(app);
    try {
      const roster = teamsFixture(connector.serviceUrl);
      connector.setMember({ id: '29:guest-1', userRole: 'guest', tenantId: ids.tenantId });
      connector.setMember({ id: '29:fed-1', userRole: 'user', tenantId: 'fabrikam-tenant' });
      for (const id of ['29:guest-1', '29:fed-1', '29:unknown-1']) {
        assert.equal((await post(srv.url, roster.channelMessage('hi', { from: { id, aadObjectId: `aad-${id}` } }))).status, 200);
      }
      const [guest, fed, unknown] = accepted.slice(-3).map((m) => m.author);
      assert.deepEqual([guest?.isGuest, guest?.isExternal], [true, false]);
      assert.deepEqual([fed?.isGuest, fed?.isExternal], [false, true]);
      assert.deepEqual([unknown?.isGuest, unknown?.isExternal], [false, false]);
      // A second message from the same author is served from the cache.
      const lookups = connector.requests.filter((r) => r.kind === 'get-member').length;
      await post(srv.url, roster.channelMessage('again', { from: { id: '29:guest-1' } }));
      assert.equal(connector.requests.filter((r) => r.kind === 'get-member').length, lookups);
    } finally {
      srv.server.close();
      await connector.close();
    }
  });

  it('rejects an unknown card verb politely', async () => {
    const res = await post(local.url, t.invoke('something.else', {}));
    assert.equal(res.status, 200);
    assert.match(await res.text(), /no longer valid/);
  });
});
