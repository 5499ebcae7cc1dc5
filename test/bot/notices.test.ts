// Words people read: under 60 words before the buttons, masked previews only, honest about what happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { incidentCardText, warningNotice, type NoticeFinding, type Removal } from '../../src/bot/notices.js';
import type { Conversation } from '../../src/bot/message.js';

const key: NoticeFinding = { ruleId: 'aws-access-key-id', ruleName: 'AWS access key', category: 'secret', severity: 'high', confidence: 0.9, preview: 'AKIA••••••••MXEQ' };
const nino: NoticeFinding = { ruleId: 'uk-nino', ruleName: 'UK National Insurance number', category: 'personal', severity: 'medium', confidence: 0.8, preview: 'AB •• •• •• C' };
const secretMark: NoticeFinding = { ruleId: 'uk-secret', ruleName: 'SECRET marking', category: 'classification', severity: 'high', confidence: 1, preview: 'SECRET', marking: { scheme: 'uk', level: 'secret' } };
const conv: Conversation = { id: 'C1', name: 'deployments', kind: 'public-channel', memberCount: 212, hasGuests: true };
const words = (...s: string[]) => s.join(' ').split(/\s+/).filter(Boolean).length;

test('warnings stay under 60 words and say what happened, why, and what to do', () => {
  for (const f of [key, nino, secretMark]) {
    for (const removal of ['removed', 'redacted', 'not-removed', 'none'] as Removal[]) {
      for (const tone of ['warn', 'notify'] as const) {
        const n = warningNotice({ findings: [f, key], conversation: conv, removal, tone, allowOverride: true });
        assert.ok(words(n.headline, n.why, n.whatNow) < 60, `${f.ruleId}/${removal}/${tone}: ${words(n.headline, n.why, n.whatNow)} words`);
        assert.ok(n.headline.includes(f.preview) || n.headline.includes(key.preview));
        assert.ok(n.why.length > 0 && n.whatNow.length > 0);
      }
    }
  }
});

test('the warning tells the truth about removal', () => {
  const n = (removal: Removal) => warningNotice({ findings: [key], conversation: conv, removal, tone: 'warn', allowOverride: false });
  assert.match(n('redacted').whatNow, /removed the message and posted a masked copy/);
  assert.match(n('not-removed').whatNow, /couldn't remove/);
  assert.equal(n('redacted').buttons.delete, undefined, 'no delete button for a removed message');
  assert.ok(n('none').buttons.delete);
  assert.equal(n('none').buttons.override, undefined, 'override only when policy allows');
  assert.match(n('none').why, /212 people in #deployments, including guests/);
  assert.match(n('none').headline, /^🔒 That message contained an AWS access key \(AKIA••••••••MXEQ\)\.$/);
});

test('classification warnings name the level; personal data warnings ask for an approved system', () => {
  const c = warningNotice({ findings: [secretMark], conversation: conv, removal: 'removed', tone: 'warn', allowOverride: false });
  assert.match(c.why, /not cleared for SECRET/);
  const p = warningNotice({ findings: [nino], conversation: { id: 'D1', kind: 'direct-message' }, removal: 'none', tone: 'warn', allowOverride: false });
  assert.match(p.headline, /a UK National Insurance number/);
  assert.match(p.whatNow, /approved system/);
});

test('the incident card shows where, who, evidence, done and problems, and buttons for the state', () => {
  const card = incidentCardText(
    { number: 142, status: 'open', severity: 'high', category: 'secret', ruleName: 'AWS access key', conversation: conv, authorId: 'U1', authorName: 'alex', openedAt: '2026-11-25T14:02:31.000Z', previews: ['AKIA••••••••MXEQ'], occurrences: 1, seenBefore: { count: 2, incidentNumber: 97 }, done: ['author warned ✓'], problems: ['Message still visible: no admin token'] },
    [{ at: '2026-11-25T14:02:31.000Z', kind: 'opened' }, { at: '2026-11-25T14:05:00.000Z', kind: 'acknowledged', actor: { platform: 'slack', id: 'U9', name: 'sam' } }],
  );
  assert.equal(card.title, 'HIGH · secret · AWS access key');
  assert.equal(card.status, 'incident #142 · open');
  const f = Object.fromEntries(card.fields.map((x) => [x.label, x.value]));
  assert.equal(f.Where, '#deployments (public, 212 members, guests present)');
  assert.equal(f.Who, '@alex');
  assert.equal(f['Seen before'], '2× (incident #97)');
  assert.deepEqual(card.problems, ['Message still visible: no admin token']);
  assert.deepEqual(card.history, ['Opened at 14:02', 'Acknowledged by @sam at 14:05']);
  assert.deepEqual(card.buttons.map((b) => b.command), ['acknowledge', 'assign-to-me', 'resolve', 'false-positive']);
  const closed = incidentCardText({ number: 1, status: 'resolved', severity: 'low', category: 'personal', ruleName: 'x', conversation: conv, authorId: 'U1', openedAt: '2026-11-25T14:02:31.000Z', previews: [], occurrences: 1, done: [], problems: [] }, []);
  assert.deepEqual(closed.buttons, []);
  assert.equal(closed.status, 'incident #1 · resolved');
});

test('card history reads like sentences for feedback and edits', async () => {
  const { historyLine } = await import('../../src/bot/notices.js');
  const alex = { platform: 'slack' as const, id: 'U1', name: 'alex' };
  assert.equal(historyLine({ at: '2026-11-25T14:07:00.000Z', kind: 'feedback.false-positive', actor: alex, note: 'author reported a false positive' }), '@alex reported a false positive at 14:07');
  assert.equal(historyLine({ at: '2026-11-25T14:08:00.000Z', kind: 'feedback.override', actor: alex, note: 'author overrode (message released): customer asked' }), '@alex overrode at 14:08: message released; customer asked');
  assert.equal(historyLine({ at: '2026-11-25T14:09:00.000Z', kind: 'edit-resolved' }), 'Resolved at 14:09: the author edited the sensitive text out');
});
