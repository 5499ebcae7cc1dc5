import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWarnRef } from '../../src/adapters/slack/action-ids.js';
import { incidentCardBlocks, overrideModal, redactedCopyText, warningBlocks } from '../../src/adapters/slack/blocks.js';
import { createWorkerKicker } from '../../src/adapters/slack/worker-kicker.js';
import type { IncidentView, WarningNotice } from '../../src/bot/ports.js';

const notice: WarningNotice = {
  headline: 'That message contained <!channel> & a key',
  why: 'why',
  whatNow: 'now',
  previews: ['AKIA••••'],
  buttons: { delete: 'Delete my message', falsePositive: 'FP', override: 'Justify' },
  overridePrompt: 'Why?',
};

test('warning text is escaped so core words cannot inject mentions', () => {
  const blocks = warningBlocks({ notice, ref: { d: 'd1', c: 'C1', t: '1.2', u: 'U1' }, canDelete: true });
  const json = JSON.stringify(blocks);
  assert.ok(!json.includes('<!channel>'));
  assert.match(json, /&lt;!channel&gt; &amp; a key/);
});

test('delete button only where the bot can delete; override carries its prompt', () => {
  const ids = (canDelete: boolean) =>
    (warningBlocks({ notice, ref: { d: 'd1', c: 'C1', t: '1.2', u: 'U1' }, canDelete }).at(-1)?.elements as Array<{ action_id: string; value: string }>);
  assert.deepEqual(ids(true).map((e) => e.action_id), ['dlp_warn_delete', 'dlp_warn_false_positive', 'dlp_warn_override']);
  assert.deepEqual(ids(false).map((e) => e.action_id), ['dlp_warn_false_positive', 'dlp_warn_override']);
  assert.equal(decodeWarnRef(ids(false)[1]?.value)?.p, 'Why?');
  assert.equal(decodeWarnRef(ids(false)[0]?.value)?.p, undefined);
});

test('override modal has one required input', () => {
  const v = overrideModal('Why?', '{"d":"x"}') as unknown as { blocks: Array<{ type: string; optional: boolean; label: { text: string } }>; private_metadata: string };
  assert.equal(v.blocks.length, 1);
  assert.equal(v.blocks[0]?.type, 'input');
  assert.equal(v.blocks[0]?.optional, false);
  assert.equal(v.blocks[0]?.label.text, 'Why?');
  assert.equal(v.private_metadata, '{"d":"x"}');
});

test('incident card: fields in sections of at most 10, problems shown, only the offered buttons', () => {
  const view: IncidentView = {
    id: 'i1', number: 1, status: 'acknowledged', severity: 'high', category: 'secret', ruleId: 'r', ruleName: 'R', platform: 'slack', conversationId: 'C1',
    text: {
      title: 'HIGH · secret · R', status: 'incident #1 · acknowledged',
      fields: Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: `v${i}` })),
      done: [], problems: ['Message still visible: external author'], history: ['Acknowledged by @sam at 14:05'],
      buttons: [{ command: 'resolve', label: 'Resolve' }],
    },
  };
  const blocks = incidentCardBlocks(view);
  const sections = blocks.filter((b) => Array.isArray(b.fields));
  assert.deepEqual(sections.map((b) => (b.fields as unknown[]).length), [10, 2]);
  assert.match(JSON.stringify(blocks), /:red_circle: \*Message still visible: external author\*/);
  const actions = blocks.find((b) => b.type === 'actions')?.elements as Array<{ action_id: string }>;
  assert.deepEqual(actions.map((a) => a.action_id), ['dlp_incident_resolve']);
});

test('masked copy names the author and escapes the text', () => {
  assert.equal(redactedCopyText('U1', 'a <@U2> & b'), 'Message from <@U1>, redacted by chat-dlp: a &lt;@U2&gt; &amp; b');
});

test('worker kicker coalesces kicks and bounds concurrent rounds', async () => {
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  const kicker = createWorkerKicker(async () => {
    active += 1;
    maxActive = Math.max(maxActive, active);
    runs += 1;
    await new Promise((r) => setImmediate(r));
    active -= 1;
  }, { concurrency: 2 });
  for (let i = 0; i < 10; i++) kicker.kick();
  await kicker.idle();
  assert.equal(maxActive, 2);
  assert.ok(runs >= 2 && runs <= 10, `runs ${runs}`);
  const before = runs;
  kicker.kick();
  await kicker.idle();
  assert.equal(runs, before + 1, 'a kick after idle runs exactly one round');
});
