// The core end to end on a real SQLite file: accept → outbox → worker → platform, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBotCore, CoreError } from '../../src/bot/core.js';
import { defaultPolicy, policySchema, type Policy } from '../../src/bot/policy.js';
import { createSqliteStore } from '../../src/adapters/store/sqlite.js';
import { AWS_KEY, fakeEngine, manualClock, message, recordingPlatform, silentLogger } from './helpers.js';

async function setup(policy: Policy = defaultPolicy(), opts: { modes?: Record<string, 'enforce' | 'monitor' | 'off'> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dlp-core-'));
  const store = await createSqliteStore({ dataDir: dir });
  const slack = recordingPlatform('slack');
  const clock = manualClock();
  const core = createBotCore({ engine: fakeEngine(opts.modes), policy, store, platforms: { slack }, logger: silentLogger(), clock: clock.now, worker: { baseBackoffMs: 1000 } });
  return {
    core, store, slack, clock,
    async done() {
      await core.worker.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const policyWith = (over: Record<string, unknown>) => policySchema.parse({ ...defaultPolicy(), ...over });

test('a high secret is removed, then the author warned, then escalated, each once and in order', async () => {
  const t = await setup();
  try {
    const m = message({ text: `deploy key ${AWS_KEY} for prod` });
    const r = await t.core.accept(m);
    assert.equal(r.duplicate, false);
    assert.deepEqual(r.actions, ['remove', 'warn', 'escalate']);
    assert.equal(r.findings, 1);
    const ran = await t.core.worker.runOnce();
    assert.equal(ran, 3);
    assert.deepEqual(t.slack.calls.map((c) => c.kind), ['remove', 'warn', 'post']);
    const [remove, warn, post] = t.slack.calls;
    assert.ok(remove?.kind === 'remove' && remove.req.mode === 'redact');
    assert.ok(remove.req.redactedText.includes('AKIA') && !remove.req.redactedText.includes(AWS_KEY));
    assert.ok(!remove.req.message.text.includes(AWS_KEY), 'outbox message carries the redacted text');
    assert.ok(warn?.kind === 'warn' && warn.req.notice.whatNow.includes('removed'));
    assert.equal(warn.req.decisionId, r.decisionId);
    assert.ok(post?.kind === 'post');
    assert.equal(post.view.status, 'open');
    assert.match(post.view.text.title, /HIGH · secret · AWS access key/);
    assert.ok(post.view.text.done.some((d) => d.includes('message removed')));
    assert.ok(post.view.text.done.includes('author warned ✓'));
    assert.equal(await t.core.worker.runOnce(), 0, 'nothing runs twice');
  } finally {
    await t.done();
  }
});

test('a duplicate event id is recognised by the store and records nothing new', async () => {
  const t = await setup();
  try {
    const m = message({ text: `key ${AWS_KEY}` });
    const a = await t.core.accept(m);
    const b = await t.core.accept({ ...m });
    assert.equal(b.duplicate, true);
    assert.equal(b.decisionId, a.decisionId);
    assert.deepEqual(b.actions, []);
    await t.core.worker.runOnce();
    assert.equal(t.slack.calls.filter((c) => c.kind === 'remove').length, 1);
    const o = await t.core.overview();
    assert.equal(o.decisions, 1);
  } finally {
    await t.done();
  }
});

test('a remove that fails permanently still warns (saying so) and escalates with a red problem', async () => {
  const t = await setup(policyWith({ defaults: { ...defaultPolicy().defaults, personal: { low: [], medium: ['redact'], high: ['redact'], critical: ['redact'] } } }));
  try {
    t.slack.removeResult = { ok: false, permanent: true, detail: 'no admin token' };
    const r = await t.core.accept(message({ text: 'my NI is AB123456C thanks' }));
    assert.deepEqual(r.actions, ['remove', 'warn', 'escalate'], 'a conditional escalation is queued behind every removal');
    await t.core.worker.runOnce();
    const kinds = t.slack.calls.map((c) => c.kind);
    assert.deepEqual(kinds, ['remove', 'warn', 'post']);
    const warn = t.slack.calls[1];
    assert.ok(warn?.kind === 'warn' && /couldn't remove/.test(warn.req.notice.whatNow));
    const post = t.slack.calls[2];
    assert.ok(post?.kind === 'post');
    assert.deepEqual(post.view.text.problems, ['Message still visible: no admin token']);
  } finally {
    await t.done();
  }
});

test('when removal works and policy did not ask, the conditional escalation is skipped', async () => {
  const t = await setup(policyWith({ defaults: { ...defaultPolicy().defaults, personal: { low: [], medium: ['redact'], high: ['redact'], critical: ['redact'] } } }));
  try {
    await t.core.accept(message({ text: 'NI CE123456A' }));
    await t.core.worker.runOnce();
    assert.deepEqual(t.slack.calls.map((c) => c.kind), ['remove', 'warn']);
    assert.equal((await t.core.listIncidents()).length, 0);
  } finally {
    await t.done();
  }
});

test('transient failures are retried with backoff; the action is not due before its time', async () => {
  const t = await setup();
  try {
    let n = 0;
    t.slack.removeResult = () => (++n < 3 ? { ok: false, detail: 'rate limited' } : { ok: true, detail: 'deleted' });
    await t.core.accept(message({ text: `key ${AWS_KEY}` }));
    await t.core.worker.runOnce();
    assert.equal(n, 1);
    await t.core.worker.runOnce();
    assert.equal(n, 1, 'not due yet');
    t.clock.advance(1000);
    await t.core.worker.runOnce();
    assert.equal(n, 2);
    t.clock.advance(1500);
    await t.core.worker.runOnce();
    assert.equal(n, 2, 'second backoff is 2 s');
    t.clock.advance(600);
    await t.core.worker.runOnce();
    assert.equal(n, 3);
    assert.deepEqual(t.slack.calls.map((c) => c.kind), ['remove', 'remove', 'remove', 'warn', 'post']);
  } finally {
    await t.done();
  }
});

test('monitor mode records the decision but nothing visible happens', async () => {
  const t = await setup(undefined, { modes: { 'aws-access-key-id': 'monitor' } });
  try {
    const r = await t.core.accept(message({ text: `key ${AWS_KEY}` }));
    assert.deepEqual(r.actions, []);
    assert.ok(r.decisionId);
    await t.core.worker.runOnce();
    assert.equal(t.slack.calls.length, 0);
    const stats = await t.core.ruleStats();
    const s = stats.find((x) => x.ruleId === 'aws-access-key-id');
    assert.equal(s?.monitored, 1);
    const d = await t.store.getDecision(r.decisionId ?? '');
    assert.equal(d?.mode, 'monitor');
    assert.ok(d?.reasons.some((x) => x.includes('defaults.secret.high')));
  } finally {
    await t.done();
  }
});

test('the same value leaked again joins the open incident and updates its card', async () => {
  const t = await setup();
  try {
    await t.core.accept(message({ text: `key ${AWS_KEY}` }));
    await t.core.worker.runOnce();
    await t.core.accept(message({ text: `again ${AWS_KEY}`, conversation: { id: 'C2', name: 'random', kind: 'public-channel' } }));
    await t.core.worker.runOnce();
    const incidents = await t.core.listIncidents();
    assert.equal(incidents.length, 1);
    const detail = await t.core.incidentDetail(incidents[0]?.id ?? '');
    assert.equal(detail?.incident.occurrences, 2);
    assert.ok(detail?.timeline.some((e) => e.kind === 'joined'));
    assert.equal(t.slack.calls.filter((c) => c.kind === 'post').length, 1);
    assert.ok(t.slack.calls.filter((c) => c.kind === 'update').length >= 1);
  } finally {
    await t.done();
  }
});

test('incident commands move the state machine, record who and when, and update every card', async () => {
  const t = await setup();
  try {
    await t.core.accept(message({ text: `key ${AWS_KEY}` }));
    await t.core.worker.runOnce();
    const [inc] = await t.core.listIncidents();
    assert.ok(inc);
    const sam = { platform: 'slack' as const, id: 'U9', name: 'sam' };
    const v1 = await t.core.incidentCommand(inc.id, 'acknowledge', sam);
    assert.equal(v1.status, 'acknowledged');
    assert.ok(v1.text.history.some((h) => /Acknowledged by @sam at \d\d:\d\d/.test(h)));
    const v2 = await t.core.incidentCommand(String(inc.number), 'assign-to-me', sam);
    assert.equal(v2.assignee?.id, 'U9');
    const v3 = await t.core.incidentCommand(inc.id, 'resolve', sam, 'key rotated');
    assert.equal(v3.status, 'resolved');
    assert.ok(v3.text.history.some((h) => h.includes('Resolved by @sam') && h.includes('key rotated')));
    assert.deepEqual(v3.text.buttons, []);
    await assert.rejects(t.core.incidentCommand(inc.id, 'false-positive', sam), (e: unknown) => e instanceof CoreError && e.code === 'invalid-transition');
    await assert.rejects(t.core.incidentCommand('nope', 'resolve', sam), (e: unknown) => e instanceof CoreError && e.code === 'unknown-incident');
    await t.core.worker.runOnce();
    const updates = t.slack.calls.filter((c) => c.kind === 'update');
    assert.equal(updates.length, 3);
    const last = updates.at(-1);
    assert.ok(last?.kind === 'update' && last.view.status === 'resolved' && last.ref.messageId === 'card-1');
    const audit = await t.store.auditEntries();
    assert.deepEqual(audit.filter((a) => a.kind.startsWith('incident.')).map((a) => a.kind), ['incident.opened', 'incident.acknowledged', 'incident.assigned', 'incident.resolved']);
  } finally {
    await t.done();
  }
});

test('an edit that removes the sensitive text resolves the incident it opened, and says why', async () => {
  const t = await setup();
  try {
    const m = message({ text: `key ${AWS_KEY}` });
    await t.core.accept(m);
    await t.core.worker.runOnce();
    const r = await t.core.accept({ ...m, eventId: `${m.eventId}-edit`, isEdit: true, text: 'key (removed, sorry)' });
    assert.equal(r.findings, 0);
    const [inc] = await t.core.listIncidents();
    assert.equal(inc?.status, 'resolved');
    assert.ok(inc?.text.history.some((h) => h.includes('edited the sensitive text out')));
    await t.core.worker.runOnce();
    assert.ok(t.slack.calls.some((c) => c.kind === 'update' && c.view.status === 'resolved'));
  } finally {
    await t.done();
  }
});

test('feedback: false positives count against the rule; an override releases a pending removal', async () => {
  const policy = policyWith({ defaults: { ...defaultPolicy().defaults, personal: { low: [], medium: ['redact'], high: ['redact'], critical: ['redact'] } } });
  const t = await setup(policy);
  try {
    const alex = { platform: 'slack' as const, id: 'U1', name: 'alex' };
    const a = await t.core.accept(message({ text: 'NI CE123456A' }));
    const fp = await t.core.feedback(a.decisionId ?? '', 'false-positive', alex);
    assert.equal(fp.released, false);
    const b = await t.core.accept(message({ text: 'NI AB123456C' }));
    const noReason = await t.core.feedback(b.decisionId ?? '', 'override', alex, '   ');
    assert.equal(noReason.released, false);
    const ok = await t.core.feedback(b.decisionId ?? '', 'override', alex, `customer asked for it, see ${AWS_KEY}`);
    assert.equal(ok.released, true);
    await t.core.worker.runOnce();
    const removed = t.slack.calls.filter((c) => c.kind === 'remove');
    assert.equal(removed.length, 1, 'only the first message was removed');
    const stats = (await t.core.ruleStats()).find((s) => s.ruleId === 'uk-nino');
    assert.equal(stats?.falsePositives, 1);
    assert.equal(stats?.overrides, 1);
    assert.equal(stats?.falsePositiveRate, 0.5);
    const fb = await t.store.feedbackFor(b.decisionId ?? '');
    const justification = fb.find((f) => f.kind === 'override')?.justification ?? '';
    assert.ok(justification.length > 0 && !justification.includes(AWS_KEY), 'justifications are masked before storage');
    await assert.rejects(t.core.feedback('missing', 'false-positive', alex), (e: unknown) => e instanceof CoreError && e.code === 'unknown-decision');
  } finally {
    await t.done();
  }
});

test('exempt authors (bots) and conversations are recorded as exempt with no actions', async () => {
  const t = await setup();
  try {
    const r = await t.core.accept(message({ text: `key ${AWS_KEY}`, author: { id: 'B1', isBot: true, isExternal: false, isGuest: false } }));
    assert.deepEqual(r.actions, []);
    const d = await t.store.getDecision(r.decisionId ?? '');
    assert.equal(d?.mode, 'exempt');
    assert.ok(d?.reasons.includes('exempt: exemptions.bots'));
  } finally {
    await t.done();
  }
});

test('clean messages are not recorded', async () => {
  const t = await setup();
  try {
    const r = await t.core.accept(message({ text: 'lunch at noon?' }));
    assert.deepEqual(r, { duplicate: false, findings: 0, actions: [] });
    assert.equal((await t.core.overview()).decisions, 0);
  } finally {
    await t.done();
  }
});

test('an edit that still contains the value does not count as a new leak; clean edits elsewhere record nothing', async () => {
  const t = await setup();
  try {
    const m = message({ text: `key ${AWS_KEY}` });
    await t.core.accept(m);
    await t.core.worker.runOnce();
    await t.core.accept({ ...m, eventId: `${m.eventId}-e1`, isEdit: true, text: `key ${AWS_KEY} (typo fixed)` });
    await t.core.worker.runOnce();
    const [inc] = await t.core.listIncidents();
    assert.equal(inc?.status, 'open');
    const detail = await t.core.incidentDetail(inc?.id ?? '');
    assert.equal(detail?.incident.occurrences, 1);
    assert.ok(detail?.timeline.some((e) => e.kind === 'edited'));
    assert.equal(detail?.decisions.length, 2);
    const before = (await t.core.overview()).decisions;
    await t.core.accept(message({ text: 'a clean message', isEdit: true }));
    assert.equal((await t.core.overview()).decisions, before);
  } finally {
    await t.done();
  }
});

test('snippets shared as files are scanned; the outbox keeps only their redacted text, and none once settled', async () => {
  const t = await setup();
  try {
    const m = message({ text: 'see attached', files: [{ id: 'F1', name: 'creds.txt', mimeType: 'text/plain', inlineText: `AWS_KEY=${AWS_KEY}` }] });
    const r = await t.core.accept(m);
    assert.equal(r.findings, 1);
    assert.deepEqual(r.actions, ['remove', 'warn', 'escalate']);
    const pending = await t.store.outboxFor(r.decisionId ?? '');
    const carried = JSON.stringify(pending.map((p) => p.payload));
    assert.ok(!carried.includes(AWS_KEY) && carried.includes('AKIA'), 'redacted snippet in the outbox');
    await t.core.worker.runOnce();
    const remove = t.slack.calls[0];
    assert.ok(remove?.kind === 'remove' && remove.req.message.files[0]?.inlineText?.startsWith('AWS_KEY=AKIA•'));
    const settled = await t.store.outboxFor(r.decisionId ?? '');
    for (const row of settled) {
      const msg = row.payload.message as { text: string; files: Array<{ inlineText?: string }> };
      assert.equal(msg.text, '');
      assert.equal(msg.files[0]?.inlineText, undefined);
    }
  } finally {
    await t.done();
  }
});

test('retention: purgeExpired removes what is older than retention_days, audits it, and the trail still verifies', async () => {
  const t = await setup(policyWith({ retention_days: 30 }));
  try {
    const r = await t.core.accept(message({ text: `key ${AWS_KEY}` }));
    await t.core.worker.runOnce();
    const [inc] = await t.core.listIncidents();
    await t.core.incidentCommand(inc?.id ?? '', 'resolve', { platform: 'console', id: 'sam' });
    t.clock.advance(10 * 86_400_000);
    assert.deepEqual(await t.core.purgeExpired().then((p) => [p?.decisions, p?.incidents]), [0, 0], 'nothing is 30 days old yet');
    t.clock.advance(25 * 86_400_000);
    const p = await t.core.purgeExpired();
    assert.equal(p?.decisions, 1);
    assert.equal(p?.incidents, 1);
    assert.ok((p?.auditEntries ?? 0) > 0);
    assert.equal(await t.store.getDecision(r.decisionId ?? ''), undefined);
    const audit = await t.store.auditEntries();
    assert.equal(audit.at(-1)?.kind, 'purge');
    assert.deepEqual((await t.core.verifyAudit()).problems, []);
    const off = await setup(policyWith({ retention_days: 0 }));
    assert.equal(await off.core.purgeExpired(), undefined, 'retention 0 keeps everything');
    await off.done();
  } finally {
    await t.done();
  }
});

test('with a grace period the author is warned first and an override in time releases the message', async () => {
  const defaults = { ...defaultPolicy().defaults, personal: { low: [], medium: ['redact'], high: ['redact'], critical: ['redact'] } };
  const t = await setup(policyWith({ defaults, overrides: { allowed: true, max_severity: 'medium', grace_seconds: 60 } }));
  try {
    const alex = { platform: 'slack' as const, id: 'U1', name: 'alex' };
    const a = await t.core.accept(message({ text: 'NI CE123456A' }));
    assert.deepEqual(a.actions, ['warn', 'remove', 'escalate']);
    await t.core.worker.runOnce();
    assert.deepEqual(t.slack.calls.map((c) => c.kind), ['warn'], 'removal waits for the grace period');
    const warn = t.slack.calls[0];
    assert.ok(warn?.kind === 'warn' && /remove the message shortly unless/.test(warn.req.notice.whatNow));
    assert.ok(warn.req.notice.buttons.override);
    const fb = await t.core.feedback(a.decisionId ?? '', 'override', alex, 'the customer asked me to confirm it');
    assert.equal(fb.released, true);
    t.clock.advance(61_000);
    await t.core.worker.runOnce();
    assert.deepEqual(t.slack.calls.map((c) => c.kind), ['warn'], 'released: never removed, not escalated');

    // Without an override the removal runs once the grace period is over.
    const b = await t.core.accept(message({ text: 'NI AB123456C' }));
    await t.core.worker.runOnce();
    t.clock.advance(30_000);
    await t.core.worker.runOnce();
    assert.equal(t.slack.calls.filter((c) => c.kind === 'remove').length, 0);
    t.clock.advance(31_000);
    await t.core.worker.runOnce();
    assert.equal(t.slack.calls.filter((c) => c.kind === 'remove').length, 1);
    const late = await t.core.feedback(b.decisionId ?? '', 'override', alex, 'too late now');
    assert.equal(late.released, false);
  } finally {
    await t.done();
  }
});
