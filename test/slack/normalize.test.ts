import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPermalink, normalizeSlackEvent } from '../../src/adapters/slack/normalize.js';
import type { SlackEnvelope, SlackMessageEvent } from '../../src/adapters/slack/slack-types.js';

function envelope(event: Partial<SlackMessageEvent>, extra: Partial<SlackEnvelope> = {}): SlackEnvelope {
  return {
    type: 'event_callback',
    team_id: 'T1',
    event_id: 'Ev1',
    event_time: 1700000000,
    event: { type: 'message', channel: 'C1', channel_type: 'channel', user: 'U1', text: 'hello', ts: '1700000000.000100', ...event },
    ...extra,
  };
}
const ctx = { botUserId: 'UBOT', botId: 'BBOT', teamUrl: 'https://acme.slack.com/' };

test('a plain channel message', () => {
  const m = normalizeSlackEvent(envelope({ text: 'mail <mailto:a@b.com|a@b.com> &amp; go' }), ctx);
  assert.ok(m);
  assert.equal(m.platform, 'slack');
  assert.equal(m.eventId, 'Ev1');
  assert.equal(m.workspaceId, 'T1');
  assert.equal(m.text, 'mail a@b.com & go');
  assert.equal(m.messageId, '1700000000.000100');
  assert.equal(m.conversation.kind, 'public-channel');
  assert.equal(m.author.id, 'U1');
  assert.equal(m.author.isExternal, false);
  assert.equal(m.isEdit, false);
  assert.equal(m.threadId, undefined);
  assert.equal(m.route.channel, 'C1');
  assert.equal(m.sentAt, '2023-11-14T22:13:20.000Z');
  assert.equal(m.permalink, 'https://acme.slack.com/archives/C1/p1700000000000100');
});

test('conversation kinds follow channel_type', () => {
  const kinds = { channel: 'public-channel', group: 'private-channel', mpim: 'group-chat', im: 'direct-message' };
  for (const [channelType, kind] of Object.entries(kinds)) {
    assert.equal(normalizeSlackEvent(envelope({ channel_type: channelType }), ctx)?.conversation.kind, kind);
  }
});

test('thread replies carry the thread ts; a thread parent does not', () => {
  const reply = normalizeSlackEvent(envelope({ ts: '1700000001.000200', thread_ts: '1700000000.000100' }), ctx);
  assert.equal(reply?.threadId, '1700000000.000100');
  assert.equal(reply?.route.threadTs, '1700000000.000100');
  assert.match(reply?.permalink ?? '', /\?thread_ts=1700000000\.000100&cid=C1$/);
  const parent = normalizeSlackEvent(envelope({ thread_ts: '1700000000.000100' }), ctx);
  assert.equal(parent?.threadId, undefined);
});

test('message_changed scans the new text and keeps the edited message id', () => {
  const m = normalizeSlackEvent(
    envelope({
      subtype: 'message_changed',
      hidden: true,
      user: undefined,
      text: undefined,
      ts: '1700000050.000000',
      event_ts: '1700000050.000000',
      message: { type: 'message', user: 'U1', text: 'now with pw', ts: '1700000000.000100', edited: { user: 'U1', ts: '1700000050.000000' } },
      previous_message: { type: 'message', user: 'U1', text: 'before', ts: '1700000000.000100' },
    }),
    ctx,
  );
  assert.ok(m);
  assert.equal(m.isEdit, true);
  assert.equal(m.text, 'now with pw');
  assert.equal(m.messageId, '1700000000.000100');
  assert.equal(m.sentAt, new Date(1700000050000).toISOString());
});

test('message_changed with unchanged words (unfurl) is ignored', () => {
  const same = { type: 'message', user: 'U1', text: 'see https://x', ts: '1700000000.000100' };
  assert.equal(normalizeSlackEvent(envelope({ subtype: 'message_changed', message: same, previous_message: same }), ctx), null);
});

test('file_share carries snippet text inline', () => {
  const m = normalizeSlackEvent(
    envelope({
      subtype: 'file_share',
      text: 'my notes',
      files: [
        { id: 'F1', name: 'creds.txt', mimetype: 'text/plain', mode: 'snippet', preview: 'password=hunter2', url_private_download: 'https://files.slack.com/F1' },
        { id: 'F2', name: 'pic.png', mimetype: 'image/png', mode: 'hosted', size: 10 },
      ],
    }),
    ctx,
  );
  assert.ok(m);
  assert.equal(m.files.length, 2);
  assert.equal(m.files[0]?.inlineText, 'password=hunter2');
  assert.equal(m.files[0]?.url, 'https://files.slack.com/F1');
  assert.equal(m.files[1]?.inlineText, undefined);
  assert.equal(m.files[1]?.size, 10);
});

test('bot messages and the bot itself are ignored', () => {
  assert.equal(normalizeSlackEvent(envelope({ bot_id: 'B9', subtype: 'bot_message' }), ctx), null);
  assert.equal(normalizeSlackEvent(envelope({ bot_id: 'BBOT' }), ctx), null);
  assert.equal(normalizeSlackEvent(envelope({ user: 'UBOT' }), ctx), null);
  assert.equal(
    normalizeSlackEvent(envelope({ subtype: 'message_changed', message: { user: 'UBOT', bot_id: 'BBOT', text: 'x', ts: '1.0' } }), ctx),
    null,
  );
});

test('non-message subtypes are ignored', () => {
  for (const subtype of ['channel_join', 'message_deleted', 'message_replied', 'channel_topic']) {
    assert.equal(normalizeSlackEvent(envelope({ subtype }), ctx), null, subtype);
  }
});

test('Slack Connect: external author is marked and the context team routes the message', () => {
  const m = normalizeSlackEvent(
    envelope({ user: 'UEXT', user_team: 'TOTHER', team: 'TOTHER' }, { team_id: 'TOTHER', context_team_id: 'T1', is_ext_shared_channel: true }),
    ctx,
  );
  assert.ok(m);
  assert.equal(m.workspaceId, 'T1');
  assert.equal(m.route.teamId, 'T1');
  assert.equal(m.author.isExternal, true);
  assert.equal(m.conversation.kind, 'shared-external');
  assert.equal(m.conversation.hasExternalMembers, true);
  const internal = normalizeSlackEvent(envelope({ user: 'U1', user_team: 'T1' }, { context_team_id: 'T1', is_ext_shared_channel: true }), ctx);
  assert.equal(internal?.author.isExternal, false);
});

test('buildPermalink matches chat.getPermalink form', () => {
  assert.equal(buildPermalink('https://a.slack.com', 'C9', '1.000002'), 'https://a.slack.com/archives/C9/p1000002');
});
