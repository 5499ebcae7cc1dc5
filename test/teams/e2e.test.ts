// End to end through the real CloudAdapter over HTTP, the real core (SQLite), the real engine,
// and the Bot Connector / token / Graph emulators. Every outgoing request is checked for leaks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { loadPolicy, policySchema } from '../../src/bot/policy.js';
import { SHIPPED_RULES_DIR } from '../../src/rules/index.js';
import { DEFAULT_IDS as ids } from '../support/teams-activities.js';
import type { ConnectorRequest } from '../support/teams-connector-emulator.js';
import { startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';

// A valid-looking NI number that is not the HMRC documentation example (allow-listed).
const NINO = 'PW 73 12 58 B';
const NINO_COMPACT = 'PW731258B';

// The shipped rules; a policy that hides NI numbers and tells security (the expectation;
// the shipped policy.yaml only redacts personal data of high severity).
const policy = policySchema.parse({
  version: 1,
  defaults: {
    secret: { low: ['warn'], medium: ['warn'], high: ['redact', 'escalate'], critical: ['block', 'escalate'] },
    personal: { low: ['notify'], medium: ['warn'], high: ['block', 'escalate'], critical: ['block', 'escalate'] },
    legal: { low: ['notify'], medium: ['warn'], high: ['warn', 'escalate'], critical: ['block', 'escalate'] },
    classification: { low: ['warn'], medium: ['warn'], high: ['block', 'escalate'], critical: ['block', 'escalate'] },
  },
});

type Card = { body: unknown[]; actions?: Array<{ type: string; verb?: string; data?: Record<string, string> }> };

function cardOf(r: ConnectorRequest): Card {
  const a = (r.body as { attachments?: Array<{ content: Card }> }).attachments?.[0];
  assert.ok(a, `no card in ${r.method} ${r.path}`);
  return a.content;
}

function assertNoLeak(h: TeamsHarness, ...values: string[]): void {
  for (const body of h.outgoingBodies()) {
    for (const v of values) assert.ok(!body.includes(v), `raw value "${v}" left the process: ${body.slice(0, 200)}`);
  }
}

const securityPosts = (h: TeamsHarness) =>
  h.connector.requests.filter((r) => (r.kind === 'send' || r.kind === 'update') && r.conversationId.startsWith(ids.securityChannelId));

describe('Teams end to end', () => {
  let h: TeamsHarness;

  before(async () => {
    h = await startTeamsHarness({ policy });
    const res = await h.post(h.teams.install());
    assert.equal(res.status, 200);
  });
  after(() => h.close());

  it('a NI number in a channel: 1:1 warning, policyViolation PATCH, security card; none carry the number', async () => {
    const msg = h.teams.channelMessage(`<p>Hi <at>Sam</at>, my national insurance number is ${NINO}</p>`);
    const res = await h.post(msg);
    assert.equal(res.status, 200);
    await h.drain();

    const patch = await h.graph.waitFor((p) => p.messageId === msg.id);
    assert.equal(patch.target, 'channel');
    assert.equal(patch.teamId, ids.aadGroupId);
    assert.equal(patch.channelId, ids.channelId);
    assert.equal(patch.status, 200);
    const pv = (patch.body as { policyViolation: { dlpAction: string; policyTip: { complianceUrl?: string } } }).policyViolation;
    assert.equal(pv.dlpAction, 'BlockAccess');
    assert.ok(pv.policyTip.complianceUrl);

    const create = await h.connector.waitFor((r) => r.kind === 'create-conversation');
    assert.deepEqual((create.body as { members: Array<{ id: string }> }).members.map((m) => m.id), [ids.user.id]);
    const dm = await h.connector.waitFor((r) => r.kind === 'send' && r.conversationId.startsWith('a:dm-'));
    const warning = cardOf(dm);
    assert.match(JSON.stringify(warning), /••/, 'masked preview shown');
    assert.ok(warning.actions?.some((a) => a.type === 'Action.Execute' && a.data?.kind === 'false-positive'));

    const card = securityPosts(h).find((r) => r.kind === 'send');
    assert.ok(card, 'incident card posted in the security channel');
    const verbs = cardOf(card).actions?.filter((a) => a.type === 'Action.Execute').map((a) => a.data?.command);
    assert.deepEqual(verbs?.slice().sort(), ['acknowledge', 'assign-to-me', 'false-positive', 'resolve']);

    assertNoLeak(h, NINO, NINO_COMPACT);
  });

  it('Action.Execute Acknowledge and Resolve change the incident and return the refreshed card', async () => {
    const post = securityPosts(h).find((r) => r.kind === 'send');
    assert.ok(post);
    const incidentId = cardOf(post).actions?.find((a) => a.data?.command === 'acknowledge')?.data?.incidentId;
    assert.ok(incidentId);

    const ack = await h.post(h.teams.invoke('dlp.incident', { incidentId, command: 'acknowledge' }));
    assert.equal(ack.status, 200);
    const ackBody = ack.body as { statusCode: number; type: string; value: Card };
    assert.equal(ackBody.statusCode, 200);
    assert.equal(ackBody.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal((await h.core.getIncident(incidentId))?.status, 'acknowledged');
    assert.match(JSON.stringify(ackBody.value), /acknowledged/i);

    const resolve = await h.post(h.teams.invoke('dlp.incident', { incidentId, command: 'resolve' }));
    assert.equal(resolve.status, 200);
    assert.equal((await h.core.getIncident(incidentId))?.status, 'resolved');
    const resolved = (resolve.body as { value: Card }).value;
    assert.match(JSON.stringify(resolved), /resolved/i);
    assert.ok(!resolved.actions?.some((a) => a.data?.command === 'acknowledge'), 'no Acknowledge once resolved');

    await h.drain(); // the card elsewhere is refreshed through the outbox
    assertNoLeak(h, NINO, NINO_COMPACT);
  });

  it('an edit that adds a SECRET marking is caught', async () => {
    const msg = h.teams.channelMessage('<p>Plans for the Friday release</p>');
    assert.equal((await h.post(msg)).status, 200);
    await h.drain();
    assert.equal(h.graph.patches.some((p) => p.messageId === msg.id), false, 'clean message left alone');

    const cards = securityPosts(h).length;
    assert.equal((await h.post(h.teams.edit(msg, '<p>SECRET: Plans for the Friday release</p>'))).status, 200);
    await h.drain();
    const patch = await h.graph.waitFor((p) => p.messageId === msg.id);
    assert.equal(patch.target, 'channel');
    assert.ok(securityPosts(h).length > cards, 'escalated');
  });

  it('a reply is hidden on its thread path', async () => {
    const reply = h.teams.channelReply('1700000000999', `and his is ${NINO}`);
    assert.equal((await h.post(reply)).status, 200);
    await h.drain();
    const patch = await h.graph.waitFor((p) => p.messageId === reply.id);
    assert.equal(patch.target, 'reply');
    assert.equal(patch.rootMessageId, '1700000000999');
    assertNoLeak(h, NINO, NINO_COMPACT);
  });

  it('a federated author is escalated, and the card says the message could not be hidden', async () => {
    const before = securityPosts(h).length;
    const patches = h.graph.patches.length;
    const msg = h.teams.chatMessage(`<p>NI ${NINO}</p>`, { from: { id: '29:ext-user', aadObjectId: 'ext-aad', tenantId: 'fabrikam-tenant', name: 'Pat External' } });
    assert.equal((await h.post(msg)).status, 200);
    await h.drain();
    assert.equal(h.graph.patches.length, patches, 'Graph cannot act on federated senders: not called');
    const posts = securityPosts(h).slice(before);
    assert.ok(posts.length > 0, 'escalated');
    assert.match(posts.map((p) => p.raw).join('\n'), /external/i);
    assertNoLeak(h, NINO, NINO_COMPACT);
  });

  it('a Graph 403 is reported in the escalation', async () => {
    const before = securityPosts(h).length;
    h.graph.respondNext({ status: 403, code: 'Forbidden' });
    const msg = h.teams.channelMessage(`NI number ${NINO}`);
    assert.equal((await h.post(msg)).status, 200);
    await h.drain();
    const patch = await h.graph.waitFor((p) => p.messageId === msg.id);
    assert.equal(patch.status, 403);
    const text = securityPosts(h).slice(before).map((p) => p.raw).join('\n');
    assert.match(text, /403/);
    assert.match(text, /"color":"Attention"/);
  });

  it('a Graph 429 is retried after Retry-After', async () => {
    h.graph.respondNext({ status: 429, retryAfter: 1 });
    const msg = h.teams.channelMessage(`NI number ${NINO}`);
    assert.equal((await h.post(msg)).status, 200);
    await h.drain();
    const statuses = h.graph.patches.filter((p) => p.messageId === msg.id).map((p) => p.status);
    assert.deepEqual(statuses, [429, 200]);
  });

  it('the employee can report a false positive from the warning card', async () => {
    const dm = h.connector.requests.find((r) => r.kind === 'send' && r.conversationId.startsWith('a:dm-'));
    assert.ok(dm);
    const fp = cardOf(dm).actions?.find((a) => a.data?.kind === 'false-positive');
    assert.ok(fp?.data);
    const res = await h.post(h.teams.invoke('dlp.feedback', fp.data, dm.conversationId));
    assert.equal(res.status, 200);
    const body = res.body as { statusCode: number; value: Card };
    assert.equal(body.statusCode, 200);
    assert.match(JSON.stringify(body.value), /Thanks/);
  });

  it('an override without justification is refused', async () => {
    const res = await h.post(h.teams.invoke('dlp.feedback', { decisionId: 'whatever', kind: 'override' }, 'a:dm-1'));
    // botbuilder answers an invoke with the invoke response's own status.
    assert.equal(res.status, 400);
    assert.equal((res.body as { statusCode: number }).statusCode, 400);
  });

  it('malformed activities get a 400 and the bot keeps working', async () => {
    assert.equal((await h.post('{not json')).status, 400);
    assert.equal((await h.post({})).status, 400);
    assert.equal((await h.post({ type: 'message', channelId: 'msteams', serviceUrl: 'not a url', conversation: { id: 'x' } })).status, 400);
    const noFrom = h.teams.channelMessage('hello') as Record<string, unknown>;
    delete noFrom.from;
    assert.equal((await h.post(noFrom)).status, 400);
    assert.equal((await h.post([1, 2, 3])).status, 400);
    const noValue = h.teams.invoke('dlp.incident', {}) as Record<string, unknown>;
    delete noValue.value;
    assert.equal((await h.post(noValue)).status, 400, 'card action without a value');
    const submit = { ...h.teams.invoke('dlp.incident', {}), value: { action: { type: 'Action.Submit', data: {} } } };
    assert.equal((await h.post(submit)).status, 400, 'only Action.Execute is an adaptiveCard/action');

    const ok = h.teams.channelMessage(`still here ${NINO}`);
    assert.equal((await h.post(ok)).status, 200);
    await h.drain();
    await h.graph.waitFor((p) => p.messageId === ok.id);
  });

  it('a redelivered activity is not acted on twice', async () => {
    const msg = h.teams.channelMessage(`NI ${NINO}`);
    assert.equal((await h.post(msg)).status, 200);
    assert.equal((await h.post(msg)).status, 200);
    await h.drain();
    assert.equal(h.graph.patches.filter((p) => p.messageId === msg.id).length, 1);
    assertNoLeak(h, NINO, NINO_COMPACT);
  });
});

describe('Teams end to end with the shipped policy', () => {
  let h: TeamsHarness;

  before(async () => {
    const { policy: shipped, errors } = loadPolicy(join(SHIPPED_RULES_DIR, 'policy.yaml'));
    assert.deepEqual(errors, []);
    assert.ok(shipped);
    h = await startTeamsHarness({ policy: shipped });
    assert.equal((await h.post(h.teams.install())).status, 200);
  });
  after(() => h.close());

  it('hides a NI number and keeps the thread readable with a masked copy', async () => {
    const msg = h.teams.channelMessage(`<p>for payroll: national insurance ${NINO}</p>`);
    assert.equal((await h.post(msg)).status, 200);
    await h.drain();
    const patch = await h.graph.waitFor((p) => p.messageId === msg.id);
    assert.equal(patch.status, 200);
    const copy = await h.connector.waitFor((r) => r.kind === 'send' && r.conversationId === `${ids.channelId};messageid=${msg.id}`);
    assert.match((copy.body as { text: string }).text, /masked by DLP/);
    await h.connector.waitFor((r) => r.kind === 'send' && r.conversationId.startsWith('a:dm-'));
    assertNoLeak(h, NINO, NINO_COMPACT);
  });
});
