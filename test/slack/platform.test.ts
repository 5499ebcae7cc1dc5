// The Slack ChatPlatform against the emulator over real HTTP: what each outbox action sends.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { createSlackPlatform, type SlackConfig } from '../../src/adapters/slack/index.js';
import { decodeWarnRef } from '../../src/adapters/slack/action-ids.js';
import type { ChatMessage } from '../../src/bot/message.js';
import type { IncidentView, WarningNotice } from '../../src/bot/ports.js';
import { SlackEmulator } from '../support/slack-emulator.js';

const SECRET = 'AKIAIOSFODNN7QWERTYU';
const logger = pino({ level: 'silent' });
let emu: SlackEmulator;

before(async () => {
  emu = await SlackEmulator.start();
});
after(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

function config(extra: Partial<SlackConfig> = {}): SlackConfig {
  return {
    signingSecret: emu.signingSecret,
    botToken: emu.botToken,
    adminUserToken: emu.adminToken,
    apiUrl: emu.apiUrl,
    securityChannel: 'CSEC',
    retry: { retries: 2, minTimeout: 10, maxTimeout: 50, factor: 1 },
    ...extra,
  };
}

function message(ts: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    platform: 'slack',
    eventId: `Ev-${ts}`,
    workspaceId: emu.teamId,
    conversation: { id: 'C1', kind: 'public-channel' },
    author: { id: 'U1', isGuest: false, isExternal: false, isBot: false },
    messageId: ts,
    text: `key ${SECRET}`,
    isEdit: false,
    files: [],
    sentAt: new Date().toISOString(),
    route: { channel: 'C1', ts, teamId: emu.teamId },
    ...extra,
  };
}

const notice: WarningNotice = {
  headline: 'That message contained an AWS access key (AKIA••••••••••••TYU).',
  why: 'Keys posted in chat can be copied by anyone in the channel.',
  whatNow: 'Please rotate the key now.',
  previews: ['AKIA••••••••••••TYU'],
  buttons: { delete: 'Delete my message', falsePositive: "It's a false positive", override: 'Override with justification' },
  overridePrompt: 'Why do you need to share this?',
};

function view(extra: Partial<IncidentView['text']> = {}): IncidentView {
  return {
    id: 'inc-1',
    number: 7,
    status: 'open',
    severity: 'high',
    category: 'secret',
    ruleId: 'secret/aws-access-key-id',
    ruleName: 'AWS access key',
    platform: 'slack',
    conversationId: 'C1',
    text: {
      title: 'HIGH · secret · AWS access key',
      status: 'incident #7 · open',
      fields: [{ label: 'Who', value: '@u1' }, { label: 'Evidence', value: 'key AKIA••••••••••••TYU' }],
      done: ['author warned ✓'],
      problems: ['Message still visible: no admin token'],
      history: [],
      buttons: [
        { command: 'acknowledge', label: 'Acknowledge' },
        { command: 'resolve', label: 'Resolve' },
      ],
      permalink: 'https://acme.slack.com/archives/C1/p1',
      ...extra,
    },
  };
}

test('warn posts an ephemeral to the author in the thread, with buttons, and a DM copy when asked', async () => {
  const p = createSlackPlatform(config(), logger);
  const m = message('1700000000.000001', { threadId: '1700000000.000000' });
  const r = await p.warn({ message: m, findings: [], notice, dmCopy: true, decisionId: 'dec-1' });
  assert.equal(r.ok, true, r.detail);
  const eph = emu.callsTo('chat.postEphemeral');
  assert.equal(eph.length, 1);
  assert.equal(eph[0]?.body.channel, 'C1');
  assert.equal(eph[0]?.body.user, 'U1');
  assert.equal(eph[0]?.body.thread_ts, '1700000000.000000');
  assert.equal(eph[0]?.token, 'bot');
  const blocks = eph[0]?.body.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>;
  const actions = blocks.find((b) => b.type === 'actions');
  assert.deepEqual(actions?.elements?.map((e) => e.action_id), ['dlp_warn_delete', 'dlp_warn_false_positive', 'dlp_warn_override']);
  assert.deepEqual(decodeWarnRef(actions?.elements?.[0]?.value), { d: 'dec-1', c: 'C1', t: '1700000000.000001', u: 'U1', th: '1700000000.000000' });
  const dm = emu.callsTo('chat.postMessage');
  assert.equal(dm.length, 1);
  assert.equal(dm[0]?.body.channel, 'U1');
  assert.equal(emu.requestsContaining(SECRET).length, 0);
});

test('in a DM with the bot the warning is one lasting message there', async () => {
  const p = createSlackPlatform(config(), logger);
  const m = message('1700000000.000003', { conversation: { id: 'D1', kind: 'direct-message' }, route: { channel: 'D1', ts: '1700000000.000003', teamId: emu.teamId, channelType: 'im' } });
  const r = await p.warn({ message: m, findings: [], notice, dmCopy: true, decisionId: 'dec-3' });
  assert.equal(r.ok, true, r.detail);
  assert.equal(emu.callsTo('chat.postEphemeral').length, 0);
  const posted = emu.callsTo('chat.postMessage');
  assert.equal(posted.length, 1);
  assert.equal(posted[0]?.body.channel, 'D1');
});

test('warn without admin token offers no delete button; not_in_channel is permanent', async () => {
  const p = createSlackPlatform(config({ adminUserToken: undefined }), logger);
  emu.setNotInChannel('C1');
  const r = await p.warn({ message: message('1700000000.000002'), findings: [], notice, dmCopy: false, decisionId: 'dec-2' });
  assert.equal(r.ok, false);
  assert.equal(r.permanent, true);
  assert.match(r.detail, /not_in_channel/);
  const blocks = emu.callsTo('chat.postEphemeral')[0]?.body.blocks as Array<{ type: string; elements?: Array<{ action_id?: string }> }>;
  const ids = blocks.find((b) => b.type === 'actions')?.elements?.map((e) => e.action_id);
  assert.deepEqual(ids, ['dlp_warn_false_positive', 'dlp_warn_override']);
});

test('remove deletes the original with the admin token and posts the masked copy', async () => {
  const ts = emu.nextTs();
  emu.storeMessage({ channel: 'C1', ts, text: `key ${SECRET}`, user: 'U1' });
  const p = createSlackPlatform(config(), logger);
  const r = await p.remove({ message: message(ts), findings: [], redactedText: 'key AKIA••••••••••••TYU <!channel>', mode: 'redact', policyTip: '', allowOverride: false });
  assert.equal(r.ok, true, r.detail);
  const del = emu.callsTo('chat.delete');
  assert.equal(del[0]?.token, 'admin');
  assert.equal(emu.message('C1', ts), undefined);
  const copy = emu.callsTo('chat.postMessage')[0];
  assert.equal(copy?.body.channel, 'C1');
  assert.equal(copy?.body.text, 'Message from <@U1>, redacted by chat-dlp: key AKIA••••••••••••TYU &lt;!channel&gt;');
  assert.equal(emu.requestsContaining(SECRET).length, 0);
});

test('remove is retry-safe: a second attempt after the delete still posts the copy once', async () => {
  const ts = emu.nextTs();
  emu.storeMessage({ channel: 'C1', ts, text: 'x', user: 'U1' });
  emu.fail('chat.postMessage', { error: 'fatal_error' });
  const p = createSlackPlatform(config(), logger);
  const req = { message: message(ts), findings: [], redactedText: 'masked', mode: 'redact' as const, policyTip: '', allowOverride: false };
  const first = await p.remove(req);
  assert.equal(first.ok, false);
  assert.notEqual(first.permanent, true);
  const second = await p.remove(req);
  assert.equal(second.ok, true, second.detail);
  assert.equal(emu.callsTo('chat.postMessage').filter((c) => (c.response as { ok: boolean }).ok).length, 1);
});

test('remove without an admin token, or for an external author, is a permanent refusal', async () => {
  const noAdmin = createSlackPlatform(config({ adminUserToken: undefined }), logger);
  const r1 = await noAdmin.remove({ message: message('1.1'), findings: [], redactedText: 'x', mode: 'redact', policyTip: '', allowOverride: false });
  assert.deepEqual(r1, { ok: false, permanent: true, detail: 'no admin token: message still visible' });
  const p = createSlackPlatform(config(), logger);
  const ext = message('1.2', { author: { id: 'UEXT', isGuest: false, isExternal: true, isBot: false } });
  const r2 = await p.remove({ message: ext, findings: [], redactedText: 'x', mode: 'redact', policyTip: '', allowOverride: false });
  assert.equal(r2.ok, false);
  assert.equal(r2.permanent, true);
  assert.equal(emu.callsTo('chat.delete').length, 0);
});

test('cant_delete_message is reported as permanent and says the message is still visible', async () => {
  const ts = emu.nextTs();
  emu.storeMessage({ channel: 'C1', ts, text: 'x', user: 'U1' });
  emu.fail('chat.delete', { error: 'cant_delete_message' });
  const p = createSlackPlatform(config(), logger);
  const r = await p.remove({ message: message(ts), findings: [], redactedText: 'x', mode: 'block', policyTip: '', allowOverride: false });
  assert.equal(r.ok, false);
  assert.equal(r.permanent, true);
  assert.match(r.detail, /cant_delete_message: message still visible/);
});

test('incident card is posted to the security channel and updated in place', async () => {
  const p = createSlackPlatform(config(), logger);
  const ref = await p.postIncidentCard(view());
  assert.equal(ref.conversationId, 'CSEC');
  const posted = emu.callsTo('chat.postMessage')[0];
  const blocks = posted?.body.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string; url?: string }> }>;
  const buttons = blocks.find((b) => b.type === 'actions')?.elements ?? [];
  assert.deepEqual(buttons.map((b) => b.action_id), ['dlp_incident_acknowledge', 'dlp_incident_resolve', 'dlp_open_message']);
  assert.equal(buttons[0]?.value, 'inc-1');
  assert.equal(buttons[2]?.url, 'https://acme.slack.com/archives/C1/p1');
  assert.match(JSON.stringify(blocks), /:red_circle: \*Message still visible/);
  await p.updateIncidentCard(ref, view({ status: 'incident #7 · acknowledged', history: ['Acknowledged by @sam at 14:05'] }));
  const upd = emu.callsTo('chat.update')[0];
  assert.equal(upd?.body.ts, ref.messageId);
  assert.equal(upd?.body.channel, 'CSEC');
  assert.match(JSON.stringify(upd?.body.blocks), /Acknowledged by @sam at 14:05/);
  assert.match(JSON.stringify(emu.message('CSEC', ref.messageId)?.blocks), /acknowledged/);
});

test('429 with Retry-After is honoured, then the call succeeds', async () => {
  emu.fail('chat.postMessage', { status: 429, retryAfter: 1 });
  const p = createSlackPlatform(config(), logger);
  const started = Date.now();
  const ref = await p.postIncidentCard(view());
  const waited = Date.now() - started;
  const calls = emu.callsTo('chat.postMessage');
  assert.equal(calls.length, 2);
  assert.equal(calls[0]?.status, 429);
  assert.equal(calls[1]?.status, 200);
  assert.ok((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0) >= 900, `second call came ${waited} ms after the first`);
  assert.ok(ref.messageId);
});

test('a 5xx is retried; platform errors are not', async () => {
  emu.fail('chat.update', { status: 500 });
  const p = createSlackPlatform(config(), logger);
  const ref = await p.postIncidentCard(view());
  await p.updateIncidentCard(ref, view());
  assert.equal(emu.callsTo('chat.update').length, 2);
  await assert.rejects(p.updateIncidentCard({ platform: 'slack', conversationId: 'CSEC', messageId: '9.9' }, view()), /message_not_found/);
  assert.equal(emu.callsTo('chat.update').length, 3);
});
