import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { createTeamsPlatform, type TeamsConfig, type TeamsPlatform } from '../../src/adapters/teams/index.js';
import { normalizeTeamsActivity } from '../../src/adapters/teams/normalize.js';
import type { IncidentView, WarnRequest } from '../../src/bot/ports.js';
import { DEFAULT_IDS as ids, teamsFixture } from '../support/teams-activities.js';
import { startBotConnectorEmulator, type BotConnectorEmulator } from '../support/teams-connector-emulator.js';
import { memoryKv } from '../support/teams-memory-kv.js';
import { startGraphEmulator } from '../support/teams-graph-emulator.js';
import { startTokenEmulator } from '../support/teams-token-emulator.js';

const logger = pino({ level: 'silent' });

function config(): TeamsConfig {
  return {
    appId: '',
    appPassword: '',
    appType: 'MultiTenant',
    graphApiUrl: 'http://127.0.0.1:9/v1.0',
    graphTokenUrl: 'http://127.0.0.1:9/{tenant}/token',
    graphTenantId: ids.tenantId,
    graphClientId: 'c',
    graphClientSecret: 's',
    securityChannel: ids.securityChannelId,
  };
}

const view: IncidentView = {
  id: 'inc-1',
  number: 7,
  status: 'open',
  severity: 'high',
  category: 'personal',
  ruleId: 'personal/uk-nino',
  ruleName: 'UK National Insurance number',
  platform: 'teams',
  conversationId: ids.channelId,
  text: {
    title: 'HIGH · personal · UK National Insurance number',
    status: 'incident #7 · open',
    fields: [{ label: 'Evidence', value: 'AB •• •• •• C' }],
    done: ['author warned ✓'],
    problems: ['Message still visible: Graph refused'],
    history: [],
    buttons: [
      { command: 'acknowledge', label: 'Acknowledge' },
      { command: 'resolve', label: 'Resolve' },
    ],
  },
};

describe('Teams platform (proactive messages)', () => {
  let connector: BotConnectorEmulator;
  let platform: TeamsPlatform;
  const t = () => teamsFixture(connector.serviceUrl);

  before(async () => {
    connector = await startBotConnectorEmulator();
    platform = createTeamsPlatform({ config: config(), kv: memoryKv(), logger });
  });
  after(() => connector.close());

  function warnRequest(): WarnRequest {
    const message = normalizeTeamsActivity(t().channelMessage('my NI is AB123456C'));
    assert.ok(message);
    return {
      message,
      findings: [],
      decisionId: 'dec-42',
      dmCopy: false,
      notice: {
        headline: 'That message contained a UK National Insurance number (AB •• •• •• C).',
        why: 'Anyone in #deployments can read it.',
        whatNow: 'I have hidden it.',
        previews: ['AB •• •• •• C'],
        buttons: { falsePositive: "It's a false positive", override: 'Override with justification' },
        overridePrompt: 'Why does this need sharing?',
      },
    };
  }

  it('warns the author in a new 1:1 conversation with an Adaptive Card', async () => {
    const res = await platform.warn(warnRequest());
    assert.equal(res.ok, true, res.detail);
    const create = connector.requests.find((r) => r.kind === 'create-conversation');
    assert.ok(create);
    const params = create.body as { isGroup: boolean; members: Array<{ id: string }>; tenantId: string; bot: { id: string } };
    assert.equal(params.isGroup, false);
    assert.deepEqual(params.members.map((m) => m.id), [ids.user.id]);
    assert.equal(params.tenantId, ids.tenantId);
    const send = connector.requests.find((r) => r.kind === 'send' && r.conversationId.startsWith('a:dm-'));
    assert.ok(send, 'card sent into the new 1:1 conversation');
    assert.equal(send.activityId, undefined, 'a new message, not a reply');
    const card = (send.body as { attachments: Array<{ contentType: string; content: { actions: Array<Record<string, unknown>> } }> }).attachments[0];
    assert.equal(card?.contentType, 'application/vnd.microsoft.card.adaptive');
    const [fp, override] = card?.content.actions ?? [];
    assert.equal(fp?.type, 'Action.Execute');
    assert.deepEqual(fp?.data, { decisionId: 'dec-42', kind: 'false-positive' });
    assert.equal(override?.type, 'Action.ShowCard');
    assert.match(JSON.stringify(override), /"isRequired":true/);
    assert.ok(send.raw.includes('AB •• •• •• C'));
    assert.ok(!send.raw.includes('AB123456C'));
  });

  it('reports a refused 1:1 as a permanent failure', async () => {
    connector.failNext(403);
    const res = await platform.warn(warnRequest());
    assert.equal(res.ok, false);
    assert.equal(res.permanent, true);
    assert.match(res.detail, /403/);
  });

  it('cannot post an incident card before any installation, and says why', async () => {
    const fresh = createTeamsPlatform({ config: config(), kv: memoryKv(), logger });
    await assert.rejects(fresh.postIncidentCard(view), /install the app/);
  });

  it('posts the incident card in the security channel and updates it in place', async () => {
    await platform.refs.saveEndpoint({ serviceUrl: connector.serviceUrl, tenantId: ids.tenantId, bot: { id: ids.botId } });
    const ref = await platform.postIncidentCard(view);
    assert.equal(ref.platform, 'teams');
    assert.equal(ref.conversationId, ids.securityChannelId);
    assert.ok(ref.messageId);
    const post = await connector.waitFor((r) => r.kind === 'send' && r.conversationId === ids.securityChannelId);
    assert.equal(post.activityId, undefined, 'a new thread, not a reply');
    const content = (post.body as { attachments: Array<{ content: { actions: Array<{ verb?: string; data?: unknown }> } }> }).attachments[0]?.content;
    assert.deepEqual(content?.actions.map((a) => a.data), [
      { incidentId: 'inc-1', command: 'acknowledge' },
      { incidentId: 'inc-1', command: 'resolve' },
    ]);
    assert.match(post.raw, /Message still visible/);

    await platform.updateIncidentCard(ref, { ...view, status: 'acknowledged', text: { ...view.text, status: 'incident #7 · acknowledged' } });
    const put = await connector.waitFor((r) => r.kind === 'update');
    assert.equal(put.conversationId, ids.securityChannelId);
    assert.equal(put.activityId, ref.messageId);
    assert.match(put.raw, /incident #7 · acknowledged/);
  });

  it('redact: hides the message in Graph, then posts the masked copy in its thread', async () => {
    const tokens = await startTokenEmulator();
    const graph = await startGraphEmulator();
    try {
      const p = createTeamsPlatform({ config: { ...config(), graphApiUrl: graph.apiUrl, graphTokenUrl: tokens.tokenUrl }, kv: memoryKv(), logger });
      const message = normalizeTeamsActivity(t().channelReply('1700000000777', 'my NI is PW 73 12 58 B'));
      assert.ok(message);
      const res = await p.remove({
        message,
        findings: [],
        redactedText: 'my NI is •• •• •• •• B',
        mode: 'redact',
        policyTip: 'Hidden by data-loss prevention: it contained a UK National Insurance number.',
        allowOverride: false,
      });
      assert.equal(res.ok, true, res.detail);
      assert.match(res.detail, /masked copy posted/);
      assert.equal(graph.patches.at(-1)?.target, 'reply');
      const copy = await connector.waitFor((r) => r.kind === 'send' && r.conversationId === `${ids.channelId};messageid=1700000000777`);
      const body = copy.body as { text: string; textFormat: string };
      assert.equal(body.textFormat, 'plain');
      assert.match(body.text, /masked by DLP:\n\nmy NI is •• •• •• •• B$/);
      assert.ok(!copy.raw.includes('PW 73 12 58 B'));
    } finally {
      await graph.close();
      await tokens.close();
    }
  });

  it('block: hides the message and posts nothing', async () => {
    const tokens = await startTokenEmulator();
    const graph = await startGraphEmulator();
    try {
      const p = createTeamsPlatform({ config: { ...config(), graphApiUrl: graph.apiUrl, graphTokenUrl: tokens.tokenUrl }, kv: memoryKv(), logger });
      const message = normalizeTeamsActivity(t().chatMessage('x'));
      assert.ok(message);
      const sends = connector.requests.length;
      const res = await p.remove({ message, findings: [], redactedText: 'x', mode: 'block', policyTip: 'Hidden.', allowOverride: true });
      assert.equal(res.ok, true, res.detail);
      assert.equal(graph.patches.at(-1)?.target, 'chat');
      assert.equal(connector.requests.length, sends);
    } finally {
      await graph.close();
      await tokens.close();
    }
  });
});
