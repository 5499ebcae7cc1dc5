import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeTeamsActivity } from '../../src/adapters/teams/normalize.js';
import { teamsHtmlToText } from '../../src/adapters/teams/html-text.js';
import { DEFAULT_IDS as ids, teamsFixture } from '../support/teams-activities.js';

const t = teamsFixture('http://127.0.0.1:9/');

describe('teams html to text', () => {
  it('turns mentions, links, code and entities into plain text', () => {
    const html =
      '<p><at>Sam Jones</at> see <a href="https://wiki.example/run?key=abc">the runbook</a> &amp; this:</p><pre><code>line one\nline two</code></pre><h2>Secret plans</h2>';
    const text = teamsHtmlToText(html);
    assert.match(text, /@Sam Jones see the runbook \[https:\/\/wiki\.example\/run\?key=abc\] & this:/);
    assert.match(text, /line one\nline two/);
    // headings keep their case: upper-casing would invent classification markings
    assert.match(text, /Secret plans/);
    assert.doesNotMatch(text, /<|&amp;/);
  });

  it('leaves plain text untouched', () => {
    assert.equal(teamsHtmlToText('a < b and c > d'), 'a < b and c > d');
  });
});

describe('normalizeTeamsActivity', () => {
  it('normalises a channel message with its Graph route', () => {
    const a = t.channelMessage('<p>hello <at>Sam</at></p>');
    const m = normalizeTeamsActivity(a);
    assert.ok(m);
    assert.equal(m.platform, 'teams');
    assert.equal(m.text, 'hello @Sam');
    assert.equal(m.messageId, a.id);
    assert.equal(m.eventId, `${ids.channelId}/${a.id}`);
    assert.equal(m.workspaceId, ids.tenantId);
    assert.equal(m.conversation.id, ids.channelId);
    assert.equal(m.conversation.kind, 'public-channel');
    assert.equal(m.isEdit, false);
    assert.equal(m.threadId, undefined);
    assert.equal(m.author.id, ids.user.aadObjectId);
    assert.equal(m.author.isExternal, false);
    assert.deepEqual(m.files, []);
    assert.equal(m.route.aadGroupId, ids.aadGroupId);
    assert.equal(m.route.teamsChannelId, ids.channelId);
    assert.equal(m.route.rootMessageId, a.id);
    assert.equal(m.route.authorTeamsId, ids.user.id);
    assert.ok(m.permalink?.startsWith('https://teams.microsoft.com/l/message/'));
  });

  it('addresses a reply by its thread root', () => {
    const a = t.channelReply('1700000000123', 'a reply');
    const m = normalizeTeamsActivity(a);
    assert.ok(m);
    assert.equal(m.threadId, '1700000000123');
    assert.equal(m.route.rootMessageId, '1700000000123');
    assert.equal(m.messageId, a.id);
  });

  it('normalises a group chat message', () => {
    const m = normalizeTeamsActivity(t.chatMessage('hi all'));
    assert.ok(m);
    assert.equal(m.conversation.kind, 'group-chat');
    assert.equal(m.route.chatId, ids.chatId);
    assert.equal(m.route.aadGroupId, undefined);
  });

  it('gives an edit the same message id but a new event id', () => {
    const first = t.channelMessage('draft');
    const edit = t.edit(first, 'final text');
    const a = normalizeTeamsActivity(first);
    const b = normalizeTeamsActivity(edit);
    assert.ok(a && b);
    assert.equal(b.isEdit, true);
    assert.equal(b.messageId, a.messageId);
    assert.notEqual(b.eventId, a.eventId);
    assert.equal(b.text, 'final text');
  });

  it('identifies federated and guest authors', () => {
    const fed = normalizeTeamsActivity(t.chatMessage('x', { from: { tenantId: 'other-tenant', aadObjectId: 'ext-1' } }));
    assert.ok(fed);
    assert.equal(fed.author.isExternal, true);
    assert.equal(fed.conversation.hasExternalMembers, true);
    assert.equal(fed.conversation.kind, 'shared-external');
    const guest = normalizeTeamsActivity(t.channelMessage('x', { from: { userRole: 'guest' } }));
    assert.ok(guest);
    assert.equal(guest.author.isGuest, true);
    assert.equal(guest.author.isExternal, false);
  });

  it('lists attachments as files and skips the html body copy', () => {
    const a = t.channelMessage('see file');
    (a.attachments as unknown[]).push({
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: 'keys.txt',
      contentUrl: 'https://contoso.sharepoint.com/keys.txt',
      content: { uniqueId: 'f-1', fileType: 'txt', downloadUrl: 'https://short-lived/?token=zzz' },
    });
    const m = normalizeTeamsActivity(a);
    assert.ok(m);
    assert.equal(m.files.length, 1);
    assert.equal(m.files[0]?.name, 'keys.txt');
    assert.equal(m.files[0]?.id, 'f-1');
    assert.doesNotMatch(JSON.stringify(m), /short-lived/);
  });

  it('ignores bots and non-message activities', () => {
    assert.equal(normalizeTeamsActivity(t.channelMessage('x', { from: { id: '28:other-bot', role: 'bot' } })), undefined);
    assert.equal(normalizeTeamsActivity(t.install()), undefined);
  });
});
