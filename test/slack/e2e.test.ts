// End to end through HTTP: emulator -> signed Events API request -> Bolt receiver -> real core
// (shipped rules, SQLite) -> outbox worker -> Slack platform -> emulator's Web API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Core } from '../../src/bot/core.js';
import { defaultPolicy, type Policy } from '../../src/bot/policy.js';
import type { BotCore } from '../../src/bot/ports.js';
import { SlackEmulator, type RecordedCall } from '../support/slack-emulator.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionPayload, editEnvelope, messageEnvelope, viewSubmissionPayload } from '../support/slack-payloads.js';

const PASSWORD = 'S3cr3t-Pa55w0rd-2024';
const AWS_KEY = 'AKIAIOSFODNN7QWERTYU';

let emu: SlackEmulator;
before(async () => {
  emu = await SlackEmulator.start();
});
after(async () => {
  await emu.close();
});

async function withHarness(opts: Parameters<typeof startSlackHarness>[0], fn: (h: SlackHarness) => Promise<void>): Promise<void> {
  emu.reset();
  const h = await startSlackHarness({ emulator: emu, ...opts });
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

function assertNoLeak(...secrets: string[]): void {
  for (const s of secrets) {
    const leaks = emu.requestsContaining(s);
    assert.equal(leaks.length, 0, `raw value sent to Slack in: ${leaks.map((c) => c.method).join(', ')}`);
  }
}

function cardCalls(h: SlackHarness) {
  return emu.callsTo('chat.postMessage').filter((c) => c.body.channel === h.securityChannel);
}

test('a password posted in a channel: ephemeral warning for the author, card for security, nothing leaks', async () => {
  await withHarness({}, async (h) => {
    const ts = emu.nextTs();
    const res = await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEPLOY', user: 'UALEX', ts, text: `the prod db password=${PASSWORD} ok?` }));
    assert.equal(res.status, 200);
    await h.drain();
    const eph = emu.callsTo('chat.postEphemeral');
    assert.equal(eph.length, 1, 'one ephemeral warning');
    assert.equal(eph[0]?.body.user, 'UALEX');
    assert.equal(eph[0]?.body.channel, 'CDEPLOY');
    const cards = cardCalls(h);
    assert.equal(cards.length, 1, 'one incident card');
    const blocks = JSON.stringify(cards[0]?.body.blocks);
    assert.match(blocks, /dlp_incident_acknowledge/);
    assert.match(blocks, /archives\/CDEPLOY\/p/);
    assertNoLeak(PASSWORD);
  });
});

/** Secrets rated high are warned and escalated, not removed; overrides may release them. */
function warnOnlyPolicy(): Policy {
  const p = defaultPolicy();
  p.defaults.secret.high = ['warn', 'escalate'];
  p.overrides.max_severity = 'high';
  return p;
}

function buttons(call: RecordedCall | undefined): Array<{ action_id: string; value?: string }> {
  const blocks = (call?.body.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value?: string }> }>;
  return blocks.find((b) => b.type === 'actions')?.elements ?? [];
}

test('an edit that adds a secret is caught; the edited message is the one acted on', async () => {
  await withHarness({}, async (h) => {
    const ts = emu.nextTs();
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'COPS', user: 'UALEX', ts, text: 'deploy key coming' }));
    await h.drain();
    assert.equal(emu.callsTo('chat.postEphemeral').length, 0, 'clean message: no warning');
    const edit = editEnvelope({ channel: 'COPS', user: 'UALEX', ts, oldText: 'deploy key coming', newText: `deploy key ${AWS_KEY}`, editTs: emu.nextTs() });
    assert.equal((await emu.sendEvent(h.eventsUrl, edit)).status, 200);
    await h.drain();
    assert.equal(emu.callsTo('chat.postEphemeral').length, 1);
    assert.equal(cardCalls(h).length, 1);
    const del = emu.callsTo('chat.delete');
    assert.equal(del.length, 1);
    assert.equal(del[0]?.body.ts, ts, 'the edited message (original ts) is removed');
    assert.equal(emu.message('COPS', ts), undefined);
    assertNoLeak(AWS_KEY);
  });
});

test('a retried event (X-Slack-Retry-Num) is handled once', async () => {
  await withHarness({}, async (h) => {
    const env = messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts: emu.nextTs(), text: `key ${AWS_KEY}` });
    assert.equal((await emu.sendEvent(h.eventsUrl, env)).status, 200);
    assert.equal((await emu.sendEvent(h.eventsUrl, env, { retryNum: 1, retryReason: 'http_timeout' })).status, 200);
    await h.drain();
    assert.equal((await emu.sendEvent(h.eventsUrl, env, { retryNum: 2, retryReason: 'http_error' })).status, 200);
    await h.drain();
    assert.equal(emu.callsTo('chat.postEphemeral').length, 1);
    assert.equal(cardCalls(h).length, 1);
    assert.equal(emu.callsTo('chat.delete').length, 1);
    assert.equal((await h.core.listIncidents()).length, 1);
  });
});

test('Slack Connect: an external author is escalated, not deleted, and the card says it is still visible', async () => {
  await withHarness({}, async (h) => {
    const ts = emu.nextTs();
    const env = messageEnvelope({ channel: 'CSHARED', user: 'UPARTNER', ts, text: `try ${AWS_KEY}`, teamId: 'TPARTNER', userTeam: 'TPARTNER', contextTeamId: emu.teamId, extShared: true });
    assert.equal((await emu.sendEvent(h.eventsUrl, env)).status, 200);
    await h.drain();
    assert.equal(emu.callsTo('chat.delete').length, 0, 'never tries to delete an external user\'s message');
    assert.ok(emu.message('CSHARED', ts), 'message still there');
    const cards = cardCalls(h);
    assert.equal(cards.length, 1);
    assert.match(JSON.stringify(cards.at(-1)?.body.blocks) + JSON.stringify(emu.callsTo('chat.update').map((c) => c.body.blocks)), /red_circle/);
    const [incident] = await h.core.listIncidents();
    assert.equal(incident?.conversationId, 'CSHARED');
    assertNoLeak(AWS_KEY);
  });
});

test('card buttons change the incident and update the card in place', async () => {
  await withHarness({}, async (h) => {
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts: emu.nextTs(), text: `key ${AWS_KEY}` }));
    await h.drain();
    const card = cardCalls(h)[0];
    const cardTs = (card?.response as { ts: string }).ts;
    const ack = buttons(card).find((b) => b.action_id === 'dlp_incident_acknowledge');
    assert.ok(ack?.value, 'card has an Acknowledge button carrying the incident id');
    const incidentId = ack.value;

    const click = (actionId: string) =>
      emu.sendInteraction(h.eventsUrl, blockActionPayload({ actionId, value: incidentId, userId: 'USAM', userName: 'sam', channel: h.securityChannel, messageTs: cardTs, responseUrl: emu.responseUrl() }));
    assert.equal((await click('dlp_incident_acknowledge')).status, 200);
    const upd1 = await emu.waitFor('chat.update', (c) => c.body.ts === cardTs && /Acknowledged by/.test(JSON.stringify(c.body.blocks)));
    assert.equal(upd1.body.channel, h.securityChannel);
    assert.equal((await h.core.getIncident(incidentId))?.status, 'acknowledged');

    assert.equal((await click('dlp_incident_resolve')).status, 200);
    const upd2 = await emu.waitFor('chat.update', (c) => c.body.ts === cardTs && /Resolved by/.test(JSON.stringify(c.body.blocks)));
    assert.match(JSON.stringify(upd2.body.blocks), /sam/);
    assert.equal((await h.core.getIncident(incidentId))?.status, 'resolved');
    await h.drain();
    assert.match(JSON.stringify(emu.message(h.securityChannel, cardTs)?.blocks), /Resolved by/);
    assertNoLeak(AWS_KEY);
  });
});

test('a bad signature or a stale timestamp gets 401 and causes nothing', async () => {
  await withHarness({}, async (h) => {
    const env = messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts: emu.nextTs(), text: `key ${AWS_KEY}` });
    assert.equal((await emu.sendEvent(h.eventsUrl, env, { signingSecret: 'not-the-secret' })).status, 401);
    assert.equal((await emu.sendEvent(h.eventsUrl, env, { signature: 'v0=deadbeef' })).status, 401);
    assert.equal((await emu.sendEvent(h.eventsUrl, env, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status, 401);
    const fp = blockActionPayload({ actionId: 'dlp_incident_resolve', value: 'x', userId: 'U1', channel: 'C1', messageTs: '1.1', responseUrl: emu.responseUrl() });
    assert.equal((await emu.sendInteraction(h.eventsUrl, fp, { signingSecret: 'nope' })).status, 401);
    assert.equal(await h.drain(), 0);
    assert.deepEqual(emu.calls.filter((c) => c.method !== 'auth.test').map((c) => c.method), []);
    assert.equal((await h.core.listIncidents()).length, 0);
  });
});

test('warning buttons: false positive and override with a required justification reach the core', async () => {
  await withHarness({ policy: warnOnlyPolicy() }, async (h) => {
    const ts = emu.nextTs();
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts, text: `the db password=${PASSWORD}` }));
    await h.drain();
    const warning = emu.callsTo('chat.postEphemeral')[0];
    const ids = buttons(warning).map((b) => b.action_id);
    assert.deepEqual(ids, ['dlp_warn_delete', 'dlp_warn_false_positive', 'dlp_warn_override']);
    const override = buttons(warning).find((b) => b.action_id === 'dlp_warn_override');

    // Someone else cannot use the author's buttons.
    const r0 = await emu.sendInteraction(h.eventsUrl, blockActionPayload({ actionId: 'dlp_warn_override', value: override?.value ?? '', userId: 'UMALLORY', channel: 'CDEV', messageTs: ts, responseUrl: emu.responseUrl(), ephemeral: true }));
    assert.equal(r0.status, 200);
    assert.equal(emu.callsTo('views.open').length, 0);

    const responseUrl = emu.responseUrl();
    const r1 = await emu.sendInteraction(h.eventsUrl, blockActionPayload({ actionId: 'dlp_warn_override', value: override?.value ?? '', userId: 'UALEX', channel: 'CDEV', messageTs: ts, responseUrl, ephemeral: true }));
    assert.equal(r1.status, 200);
    const opened = await emu.waitFor('views.open');
    const view = opened.body.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id: string; optional: boolean; element: { action_id: string } }> };
    assert.equal(view.callback_id, 'dlp_override_modal');
    assert.equal(view.blocks[0]?.optional, false);

    // Blank justification: the modal answers with an error and nothing is recorded.
    const blank = await emu.sendInteraction(h.eventsUrl, viewSubmissionPayload({ callbackId: view.callback_id, privateMetadata: view.private_metadata, userId: 'UALEX', values: { justification: { justification_input: '   ' } } }));
    assert.equal(blank.status, 200);
    assert.equal((JSON.parse(blank.body) as { response_action: string }).response_action, 'errors');

    const reason = 'needed for vendor migration ticket 4411';
    const ok = await emu.sendInteraction(h.eventsUrl, viewSubmissionPayload({ callbackId: view.callback_id, privateMetadata: view.private_metadata, userId: 'UALEX', values: { justification: { justification_input: reason } } }));
    assert.equal(ok.status, 200);
    const told = await emu.waitFor('response_url', (c) => c.headers.host !== undefined && String(c.body.text ?? '').startsWith('Thanks'));
    assert.match(String(told.body.text), /reason is recorded/);
    assert.equal(emu.requestsContaining(reason).length, 0, 'the justification is not echoed to Slack');

    const fpUrl = emu.responseUrl();
    const fpValue = buttons(warning).find((b) => b.action_id === 'dlp_warn_false_positive')?.value ?? '';
    await emu.sendInteraction(h.eventsUrl, blockActionPayload({ actionId: 'dlp_warn_false_positive', value: fpValue, userId: 'UALEX', channel: 'CDEV', messageTs: ts, responseUrl: fpUrl, ephemeral: true }));
    const fpTold = await emu.waitFor('response_url', (c) => /false positive/.test(String(c.body.text)));
    assert.equal(fpTold.body.replace_original, true);
    const [incident] = await h.core.listIncidents();
    assert.ok(incident);
    const detail = await h.core.incidentDetail(incident.id);
    const kinds = detail?.timeline.map((t) => t.kind) ?? [];
    assert.ok(kinds.includes('feedback.override'), `timeline: ${kinds.join(', ')}`);
    assert.ok(kinds.includes('feedback.false-positive'), `timeline: ${kinds.join(', ')}`);
    assertNoLeak(PASSWORD);
  });
});

test('"Delete my message" deletes the original with the admin token', async () => {
  await withHarness({ policy: warnOnlyPolicy() }, async (h) => {
    const ts = emu.nextTs();
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts, text: `the db password=${PASSWORD}` }));
    await h.drain();
    assert.ok(emu.message('CDEV', ts));
    const del = buttons(emu.callsTo('chat.postEphemeral')[0]).find((b) => b.action_id === 'dlp_warn_delete');
    await emu.sendInteraction(h.eventsUrl, blockActionPayload({ actionId: 'dlp_warn_delete', value: del?.value ?? '', userId: 'UALEX', channel: 'CDEV', messageTs: ts, responseUrl: emu.responseUrl(), ephemeral: true }));
    const call = await emu.waitFor('chat.delete');
    assert.equal(call.token, 'admin');
    await emu.waitFor('response_url', (c) => /deleted/.test(String(c.body.text)));
    assert.equal(emu.message('CDEV', ts), undefined);
  });
});

test('without the admin token the message stays, the author is warned and the card says it is still visible', async () => {
  await withHarness({ adminToken: false }, async (h) => {
    const ts = emu.nextTs();
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts, text: `key ${AWS_KEY}` }));
    await h.drain();
    assert.equal(emu.callsTo('chat.delete').length, 0);
    assert.ok(emu.message('CDEV', ts));
    assert.equal(emu.callsTo('chat.postEphemeral').length, 1);
    const card = emu.message(h.securityChannel, (cardCalls(h)[0]?.response as { ts: string }).ts);
    assert.match(JSON.stringify(card?.blocks), /red_circle/);
    assert.match(JSON.stringify(card?.blocks), /still visible/i);
    assertNoLeak(AWS_KEY);
  });
});

test('bot messages, the bot\'s own masked copies and url_verification cause no scan', async () => {
  await withHarness({}, async (h) => {
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UBOT', botId: 'BBOT', ts: emu.nextTs(), text: `copy ${AWS_KEY}` }));
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UOTHERBOT', botId: 'B9', subtype: 'bot_message', ts: emu.nextTs(), text: `ci ${AWS_KEY}` }));
    const challenge = await emu.sendEvent(h.eventsUrl, { token: 'x', challenge: 'c-123', type: 'url_verification' });
    assert.equal(challenge.status, 200);
    assert.match(challenge.body, /c-123/);
    assert.equal(await h.drain(), 0);
    assert.equal((await h.core.listIncidents()).length, 0);
  });
});

test('a text snippet shared as a file is scanned', async () => {
  await withHarness({}, async (h) => {
    const files = [{ id: 'F1', name: 'env.txt', mimetype: 'text/plain', mode: 'snippet', preview: `AWS_ACCESS_KEY_ID=${AWS_KEY}`, url_private_download: 'https://files.slack.com/F1' }];
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts: emu.nextTs(), text: 'config attached', subtype: 'file_share', files }));
    await h.drain();
    assert.equal((await h.core.listIncidents()).length, 1);
    assertNoLeak(AWS_KEY);
  });
});

test('if recording fails the bot answers 500, Slack retries, and the retry is handled once', async () => {
  let failures = 1;
  const wrapCore = (core: Core): BotCore => ({
    ...core,
    accept: async (m) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('store briefly unavailable');
      }
      return core.accept(m);
    },
    incidentCommand: (...a) => core.incidentCommand(...a),
    feedback: (...a) => core.feedback(...a),
    getIncident: (id) => core.getIncident(id),
  });
  await withHarness({ wrapCore }, async (h) => {
    const env = messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts: emu.nextTs(), text: `key ${AWS_KEY}` });
    const deliveries = await emu.deliverEvent(h.eventsUrl, env);
    assert.deepEqual(deliveries.map((d) => d.status), [500, 200]);
    await h.drain();
    assert.equal(emu.callsTo('chat.postEphemeral').length, 1);
    assert.equal((await h.core.listIncidents()).length, 1);
  });
});

test('a thread reply is warned in its thread and its masked copy goes back into the thread', async () => {
  await withHarness({ policy: (() => { const p = defaultPolicy(); p.defaults.secret.high = ['redact', 'warn']; return p; })() }, async (h) => {
    const parent = emu.nextTs();
    const ts = emu.nextTs();
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts, threadTs: parent, text: `try password=${PASSWORD}` }));
    await h.drain();
    assert.equal(emu.callsTo('chat.postEphemeral')[0]?.body.thread_ts, parent);
    const copy = emu.callsTo('chat.postMessage').find((c) => c.body.channel === 'CDEV');
    assert.equal(copy?.body.thread_ts, parent);
    assert.match(String(copy?.body.text), /^Message from <@UALEX>, redacted by chat-dlp: try password=/);
    assertNoLeak(PASSWORD);
  });
});

test('an edit that removes the secret resolves the incident and the card says so', async () => {
  await withHarness({ policy: warnOnlyPolicy() }, async (h) => {
    const ts = emu.nextTs();
    const text = `the db password=${PASSWORD}`;
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts, text }));
    await h.drain();
    const card = cardCalls(h)[0];
    const cardTs = (card?.response as { ts: string }).ts;
    await emu.sendEvent(h.eventsUrl, editEnvelope({ channel: 'CDEV', user: 'UALEX', ts, oldText: text, newText: 'the db password is in the vault', editTs: emu.nextTs() }));
    await h.drain();
    const [incident] = await h.core.listIncidents();
    assert.equal(incident?.status, 'resolved');
    assert.match(JSON.stringify(emu.message(h.securityChannel, cardTs)?.blocks), /edited the sensitive text out/);
    assertNoLeak(PASSWORD);
  });
});
