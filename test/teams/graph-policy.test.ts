import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { applyPolicyViolation, retryAfterMs } from '../../src/adapters/teams/graph-policy.js';
import { GraphTokenProvider } from '../../src/adapters/teams/graph-token.js';
import { normalizeTeamsActivity } from '../../src/adapters/teams/normalize.js';
import type { RemoveRequest } from '../../src/bot/ports.js';
import type { Finding } from '../../src/rules/types.js';
import { DEFAULT_IDS as ids, teamsFixture, type TeamsActivity } from '../support/teams-activities.js';
import { startGraphEmulator, type GraphEmulator } from '../support/teams-graph-emulator.js';
import { startTokenEmulator, type TokenEmulator } from '../support/teams-token-emulator.js';

const logger = pino({ level: 'silent' });
const t = teamsFixture('http://127.0.0.1:9/');
const RAW = 'AB123456C';

const finding: Finding = {
  ruleId: 'personal/uk-nino',
  ruleName: 'UK National Insurance number',
  category: 'personal',
  severity: 'high',
  confidence: 0.9,
  start: 10,
  end: 19,
  preview: 'AB •• •• •• C',
  fingerprint: 'f'.repeat(64),
};

function removeRequest(activity: TeamsActivity, over: Partial<RemoveRequest> = {}): RemoveRequest {
  const message = normalizeTeamsActivity(activity);
  assert.ok(message);
  return {
    message,
    findings: [finding, { ...finding, start: 30, end: 39 }],
    redactedText: 'my NI is [UK National Insurance number]',
    mode: 'block',
    policyTip: 'This message was hidden: it contained a UK National Insurance number.',
    complianceUrl: 'https://intranet.example/dlp',
    allowOverride: true,
    ...over,
  };
}

describe('Graph policyViolation', () => {
  let graph: GraphEmulator;
  let tokens: TokenEmulator;
  let provider: GraphTokenProvider;
  const sleeps: number[] = [];
  const opts = () => ({
    apiUrl: graph.apiUrl,
    tokens: provider,
    maxRetries: 2,
    maxRetryAfterMs: 5000,
    timeoutMs: 5000,
    logger,
    sleep: async (ms: number) => void sleeps.push(ms),
  });

  before(async () => {
    tokens = await startTokenEmulator({ clientId: 'graph-client', clientSecret: 'graph-secret' });
    graph = await startGraphEmulator({ acceptToken: (tok) => tokens.issued.includes(tok) });
    provider = new GraphTokenProvider({
      tokenUrl: tokens.tokenUrl,
      tenantId: ids.tenantId,
      clientId: 'graph-client',
      clientSecret: 'graph-secret',
      timeoutMs: 5000,
      logger,
    });
  });
  after(async () => {
    await graph.close();
    await tokens.close();
  });

  it('PATCHes a channel message with BlockAccess and a policy tip', async () => {
    const a = t.channelMessage(`my NI is ${RAW}`);
    const res = await applyPolicyViolation(removeRequest(a), opts());
    assert.equal(res.ok, true, res.detail);
    const p = graph.patches.at(-1);
    assert.ok(p);
    assert.equal(p.target, 'channel');
    assert.equal(p.teamId, ids.aadGroupId);
    assert.equal(p.channelId, ids.channelId);
    assert.equal(p.messageId, a.id);
    const pv = (p.body as { policyViolation: Record<string, unknown> }).policyViolation;
    assert.equal(pv.dlpAction, 'BlockAccess');
    assert.equal(pv.verdictDetails, 'AllowFalsePositiveOverride,AllowOverrideWithJustification');
    assert.deepEqual(pv.policyTip, {
      generalText: 'This message was hidden: it contained a UK National Insurance number.',
      complianceUrl: 'https://intranet.example/dlp',
      matchedConditionDescriptions: ['UK National Insurance number'],
    });
    assert.ok(!p.raw.includes(RAW));
    assert.equal(tokens.requests.at(-1)?.path.includes(ids.tenantId), true);
  });

  it('addresses replies and chat messages, reusing the cached token', async () => {
    const tokenCalls = tokens.requests.length;
    const reply = t.channelReply('1700000000555', 'x');
    assert.equal((await applyPolicyViolation(removeRequest(reply, { allowOverride: false }), opts())).ok, true);
    const rp = graph.patches.at(-1);
    assert.equal(rp?.target, 'reply');
    assert.equal(rp?.rootMessageId, '1700000000555');
    assert.equal(rp?.messageId, reply.id);
    assert.equal((rp?.body as { policyViolation: { verdictDetails: string } }).policyViolation.verdictDetails, 'None');

    const chat = t.chatMessage('x');
    assert.equal((await applyPolicyViolation(removeRequest(chat), opts())).ok, true);
    const cp = graph.patches.at(-1);
    assert.equal(cp?.target, 'chat');
    assert.equal(cp?.chatId, ids.chatId);
    assert.equal(tokens.requests.length, tokenCalls, 'token was cached');
  });

  it('reports a 403 as permanent with the reason', async () => {
    graph.respondNext({ status: 403, code: 'Forbidden' });
    const res = await applyPolicyViolation(removeRequest(t.channelMessage('x')), opts());
    assert.equal(res.ok, false);
    assert.equal(res.permanent, true);
    assert.match(res.detail, /403/);
    assert.match(res.detail, /UpdatePolicyViolation/);
  });

  it('retries a 429 after Retry-After, then succeeds', async () => {
    sleeps.length = 0;
    const before = graph.patches.length;
    graph.respondNext({ status: 429, retryAfter: 2 });
    const res = await applyPolicyViolation(removeRequest(t.channelMessage('x')), opts());
    assert.equal(res.ok, true, res.detail);
    assert.deepEqual(sleeps, [2000]);
    assert.deepEqual(graph.patches.slice(before).map((p) => p.status), [429, 200]);
  });

  it('gives up on a long Retry-After without waiting, as a transient failure', async () => {
    sleeps.length = 0;
    graph.respondNext({ status: 429, retryAfter: 120 });
    const res = await applyPolicyViolation(removeRequest(t.channelMessage('x')), opts());
    assert.equal(res.ok, false);
    assert.notEqual(res.permanent, true);
    assert.deepEqual(sleeps, []);
  });

  it('does not call Graph for an external author', async () => {
    const before = graph.patches.length;
    const res = await applyPolicyViolation(removeRequest(t.chatMessage('x', { from: { tenantId: 'elsewhere' } })), opts());
    assert.equal(res.ok, false);
    assert.equal(res.permanent, true);
    assert.match(res.detail, /external/);
    assert.equal(graph.patches.length, before);
  });

  it('fetches a new token when Graph says 401', async () => {
    const issued = tokens.issued.length;
    provider.invalidate();
    // Poison the cache: a token the emulator does not accept, valid for an hour.
    (provider as unknown as { cached: { token: string; expiresAt: number } }).cached = { token: 'stale', expiresAt: Date.now() + 3_600_000 };
    const res = await applyPolicyViolation(removeRequest(t.channelMessage('x')), opts());
    assert.equal(res.ok, true, res.detail);
    assert.equal(tokens.issued.length, issued + 1);
  });

  it('reports refused credentials as permanent', async () => {
    const bad = new GraphTokenProvider({ tokenUrl: tokens.tokenUrl, tenantId: 't', clientId: 'graph-client', clientSecret: 'wrong', timeoutMs: 5000, logger });
    const res = await applyPolicyViolation(removeRequest(t.channelMessage('x')), { ...opts(), tokens: bad });
    assert.equal(res.ok, false);
    assert.equal(res.permanent, true);
    assert.match(res.detail, /401 invalid_client/);
  });
});

describe('GraphTokenProvider cache', () => {
  it('renews a token once it has expired', async () => {
    const tokens = await startTokenEmulator({ expiresIn: 600 });
    let now = 1_000_000;
    const p = new GraphTokenProvider({ tokenUrl: tokens.tokenUrl, tenantId: 't', clientId: 'c', clientSecret: 's', timeoutMs: 5000, logger, now: () => now });
    try {
      const [a, b] = await Promise.all([p.getToken(), p.getToken()]);
      assert.equal(a, b);
      assert.equal(tokens.issued.length, 1, 'concurrent callers share one request');
      now += 500_000;
      assert.equal(await p.getToken(), a);
      now += 100_000; // past expiry minus the early-renew margin
      assert.notEqual(await p.getToken(), a);
      assert.equal(tokens.issued.length, 2);
    } finally {
      await tokens.close();
    }
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    assert.equal(retryAfterMs('3', 9), 3000);
    assert.equal(retryAfterMs(null, 9), 9);
    const inFive = new Date(Date.now() + 5000).toUTCString();
    const ms = retryAfterMs(inFive, 0);
    assert.ok(ms > 3000 && ms <= 5000, String(ms));
  });
});
