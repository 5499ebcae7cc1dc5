// The store contract: one suite, run against SQLite (sqlite.test.ts) and PostgreSQL
// (postgres.test.ts). Anything the core relies on from storage is pinned here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { SqlStore } from '../../src/adapters/store/sql-store.js';
import { verifyChain, GENESIS_HASH } from '../../src/bot/audit.js';
import type { DecisionRecord, NewIncident } from '../../src/bot/store.js';

export interface StoreFactory {
  /** A store on fresh storage. */
  open(): Promise<SqlStore>;
  /** A second store on the SAME storage (another process would see this). */
  reopen(store: SqlStore): Promise<SqlStore>;
}

const T0 = '2026-11-25T10:00:00.000Z';
const at = (sec: number) => new Date(new Date(T0).getTime() + sec * 1000).toISOString();

export function decisionRecord(over: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    id: randomUUID(),
    platform: 'slack',
    eventId: `Ev-${randomUUID()}`,
    workspaceId: 'T1',
    conversationId: 'C1',
    conversationName: 'general',
    authorId: 'U1',
    messageId: '1700000000.000100',
    isEdit: false,
    mode: 'enforce',
    actions: ['redact', 'warn', 'escalate'],
    reasons: ['redact: aws-access-key-id (high) → defaults.secret.high'],
    findings: [
      { ruleId: 'aws-access-key-id', ruleName: 'AWS access key', category: 'secret', severity: 'high', confidence: 0.85, preview: 'AKIA••••••••MXEQ', fingerprint: 'f'.repeat(64), mode: 'enforce' },
    ],
    createdAt: T0,
    ...over,
  };
}

export function newIncident(over: Partial<NewIncident> = {}): NewIncident {
  return {
    id: randomUUID(),
    status: 'open',
    severity: 'high',
    category: 'secret',
    ruleId: 'aws-access-key-id',
    ruleName: 'AWS access key',
    platform: 'slack',
    workspaceId: 'T1',
    conversation: { id: 'C1', name: 'general', kind: 'public-channel' },
    authorId: 'U1',
    messageId: '1700000000.000100',
    previews: ['AKIA••••••••MXEQ'],
    fingerprints: ['a'.repeat(64)],
    openedAt: T0,
    ...over,
  };
}

export function storeContract(name: string, factory: StoreFactory): void {
  const withStore = (title: string, fn: (s: SqlStore) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const s = await factory.open();
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    });

  withStore('migrations are versioned and applied once; reopening applies nothing', async (s) => {
    const rows = await s.driver.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(rows.map((r) => Number(r.version)), [1, 2]);
    const again = await factory.reopen(s);
    try {
      const rows2 = await again.driver.all<{ n: number }>('SELECT COUNT(*) AS n FROM schema_migrations');
      assert.equal(Number(rows2[0]?.n), 2);
    } finally {
      await again.close();
    }
  });

  withStore('a decision is stored once per (platform, event id) and read back whole', async (s) => {
    const d = decisionRecord();
    assert.equal(await s.insertDecision(d), true);
    assert.equal(await s.insertDecision({ ...d, id: randomUUID() }), false, 'same event id is a duplicate');
    assert.equal(await s.insertDecision({ ...d, id: randomUUID(), platform: 'teams' }), true, 'other platform, same id is new');
    const back = await s.getDecision(d.id);
    assert.deepEqual(back, d);
    assert.equal((await s.getDecisionByEvent('slack', d.eventId))?.id, d.id);
    assert.equal(await s.getDecision('nope'), undefined);
    const withText = decisionRecord({ text: 'kept because policy said so' });
    await s.insertDecision(withText);
    assert.equal((await s.getDecision(withText.id))?.text, 'kept because policy said so');
  });

  withStore('a transaction commits everything or nothing', async (s) => {
    const d = decisionRecord();
    await assert.rejects(
      s.transaction(async (tx) => {
        await tx.insertDecision(d);
        await tx.enqueue([{ decisionId: d.id, chain: d.id, seq: 1, kind: 'remove', payload: {}, notBefore: T0 }]);
        await tx.appendAudit({ at: T0, kind: 'decision', subject: d.id, data: {} });
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await s.getDecision(d.id), undefined);
    assert.deepEqual(await s.outboxFor(d.id), []);
    assert.deepEqual(await s.auditEntries(), []);
    await s.transaction(async (tx) => {
      await tx.insertDecision(d);
      await tx.appendAudit({ at: T0, kind: 'decision', subject: d.id, data: {} });
    });
    assert.ok(await s.getDecision(d.id));
    assert.equal((await s.auditEntries()).length, 1);
  });

  withStore('claims follow chain order, and a settled action is never handed out again', async (s) => {
    const d = decisionRecord();
    await s.insertDecision(d);
    await s.enqueue(['remove', 'warn', 'escalate'].map((kind, i) => ({ decisionId: d.id, chain: d.id, seq: i + 1, kind: kind as 'remove', payload: { i }, notBefore: T0 })));
    const first = await s.claim('w1', at(1), at(61), 10);
    assert.deepEqual(first.map((r) => r.kind), ['remove'], 'only the head of the chain');
    assert.equal(first[0]?.attempts, 1);
    assert.deepEqual(await s.claim('w2', at(2), at(62), 10), [], 'claimed and leased');
    assert.equal(await s.settle(first[0]!.id, 'w1', 'done', { ok: true, detail: 'ok' }, at(3)), true);
    const second = await s.claim('w2', at(4), at(64), 10);
    assert.deepEqual(second.map((r) => r.kind), ['warn']);
    assert.equal(await s.settle(second[0]!.id, 'w2', 'failed', { ok: false, permanent: true, detail: 'no' }, at(5)), true);
    const third = await s.claim('w1', at(6), at(66), 10);
    assert.deepEqual(third.map((r) => r.kind), ['escalate'], 'a failed action does not block the chain');
    await s.settle(third[0]!.id, 'w1', 'done', { ok: true, detail: 'posted' }, at(7), undefined, { scrubbed: true });
    assert.deepEqual(await s.claim('w1', at(100), at(160), 10), []);
    const rows = await s.outboxFor(d.id);
    assert.deepEqual(rows.map((r) => r.status), ['done', 'failed', 'done']);
    assert.deepEqual(rows[1]?.result, { ok: false, permanent: true, detail: 'no' });
    assert.deepEqual(rows[0]?.payload, { i: 0 });
    assert.deepEqual(rows[2]?.payload, { scrubbed: true }, 'settle can replace the payload');
  });

  withStore('an expired lease is claimable again and the old owner can no longer settle', async (s) => {
    await s.enqueue([{ seq: 0, kind: 'update-card', payload: { incidentId: 'x' }, notBefore: T0 }]);
    const [row] = await s.claim('dead', at(1), at(31), 5);
    assert.ok(row);
    assert.deepEqual(await s.claim('alive', at(30), at(90), 5), [], 'lease still valid');
    const [again] = await s.claim('alive', at(31), at(91), 5);
    assert.equal(again?.id, row.id);
    assert.equal(again?.attempts, 2);
    assert.equal(await s.settle(row.id, 'dead', 'done', { ok: true, detail: 'late' }, at(40)), false);
    assert.equal(await s.extendLease(row.id, 'dead', at(200)), false, 'a lost lease cannot be extended');
    assert.equal(await s.extendLease(row.id, 'alive', at(200)), true);
    assert.deepEqual(await s.claim('third', at(150), at(210), 5), [], 'the heartbeat kept it');
    assert.equal(await s.settle(row.id, 'alive', 'done', { ok: true, detail: 'ok' }, at(41)), true);
    assert.equal((await s.getOutbox(row.id))?.result?.detail, 'ok');
  });

  withStore('a settled action queues its audit entry; flushing chains it in order', async (s) => {
    await s.appendAudit({ at: at(0), kind: 'decision', subject: 'd', data: {} });
    await s.enqueue([{ seq: 0, kind: 'update-card', payload: {}, notBefore: T0 }, { seq: 0, kind: 'update-card', payload: {}, notBefore: T0 }]);
    const [r1, r2] = await s.claim('w', at(1), at(61), 5);
    const audit = (n: number) => ({ at: at(n), kind: 'action', subject: `a${n}`, data: { n } });
    assert.equal(await s.release(r1!.id, 'w', at(5), { ok: false, detail: 'later' }, at(2), audit(2)), true);
    assert.equal(await s.settle(r2!.id, 'w', 'done', { ok: true, detail: 'ok' }, at(3), audit(3)), true);
    assert.equal(await s.settle(r2!.id, 'other', 'done', { ok: true, detail: 'x' }, at(4), audit(4)), false, 'lost lease: nothing queued');
    assert.deepEqual((await s.auditEntries()).map((e) => e.subject), ['d'], 'queued, not yet chained');
    assert.equal(await s.flushAuditQueue(), 2);
    assert.equal(await s.flushAuditQueue(), 0);
    const entries = await s.auditEntries();
    assert.deepEqual(entries.map((e) => e.subject), ['d', 'a2', 'a3']);
    assert.deepEqual(entries[2]?.data, { n: 3 });
    assert.equal(verifyChain(entries, await s.auditAnchor(), await s.auditHead()).ok, true);
  });

  withStore('release() schedules a retry: not due before notBefore', async (s) => {
    await s.enqueue([{ seq: 0, kind: 'update-card', payload: {}, notBefore: T0 }]);
    const [row] = await s.claim('w', at(1), at(61), 5);
    assert.equal(await s.release(row!.id, 'w', at(10), { ok: false, detail: 'rate limited' }, at(2)), true);
    assert.deepEqual(await s.claim('w', at(9), at(69), 5), []);
    const [retry] = await s.claim('w', at(10), at(70), 5);
    assert.equal(retry?.id, row!.id);
    assert.equal(retry?.result?.detail, 'rate limited');
  });

  withStore('concurrent claimers never receive the same action', async (s) => {
    const others = await Promise.all([factory.reopen(s), factory.reopen(s)]);
    try {
      const n = 60;
      await s.enqueue(Array.from({ length: n }, (_v, i) => ({ seq: 0, kind: 'update-card' as const, payload: { i }, notBefore: T0 })));
      const stores = [s, ...others];
      const seen: number[] = [];
      await Promise.all(
        stores.map(async (st, w) => {
          for (;;) {
            const rows = await st.claim(`w${w}`, at(1), at(61), 3);
            if (rows.length === 0) break;
            for (const r of rows) {
              seen.push(r.id);
              assert.equal(await st.settle(r.id, `w${w}`, 'done', { ok: true, detail: 'ok' }, at(2)), true);
            }
          }
        }),
      );
      assert.equal(seen.length, n);
      assert.equal(new Set(seen).size, n);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  withStore('cancelPending skips unclaimed actions of the given kinds only', async (s) => {
    const d = decisionRecord();
    await s.insertDecision(d);
    await s.enqueue([
      { decisionId: d.id, chain: d.id, seq: 1, kind: 'remove', payload: {}, notBefore: T0 },
      { decisionId: d.id, chain: d.id, seq: 2, kind: 'warn', payload: {}, notBefore: T0 },
    ]);
    assert.equal(await s.cancelPending(d.id, ['remove'], { ok: true, detail: 'released' }, at(1)), 1);
    const rows = await s.outboxFor(d.id);
    assert.deepEqual(rows.map((r) => r.status), ['skipped', 'pending']);
    const [next] = await s.claim('w', at(2), at(62), 5);
    assert.equal(next?.kind, 'warn');
  });

  withStore('audit entries form a hash chain that verifies; ranges filter by time', async (s) => {
    for (let i = 0; i < 5; i++) await s.appendAudit({ at: at(i * 60), kind: 'decision', subject: `d${i}`, data: { i, nested: { b: 1, a: [1, 2] } } });
    const all = await s.auditEntries();
    assert.deepEqual(all.map((e) => e.seq), [1, 2, 3, 4, 5]);
    assert.equal(all[0]?.prevHash, GENESIS_HASH);
    assert.equal(all[1]?.prevHash, all[0]?.hash);
    assert.deepEqual(verifyChain(all, await s.auditAnchor(), await s.auditHead()), { ok: true, checked: 5, problems: [] });
    const mid = await s.auditEntries({ since: at(60), until: at(180) });
    assert.deepEqual(mid.map((e) => e.subject), ['d1', 'd2']);
    assert.deepEqual(all[2]?.data, { i: 2, nested: { b: 1, a: [1, 2] } });
  });

  withStore('concurrent audit appends from several connections keep one unbroken chain', async (s) => {
    const others = await Promise.all([factory.reopen(s), factory.reopen(s)]);
    try {
      await Promise.all([s, ...others].map(async (st, w) => {
        for (let i = 0; i < 10; i++) await st.appendAudit({ at: at(i), kind: 'action', subject: `w${w}-${i}`, data: {} });
      }));
      const all = await s.auditEntries();
      assert.equal(all.length, 30);
      assert.equal(verifyChain(all, await s.auditAnchor(), await s.auditHead()).ok, true);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  withStore('incidents: numbers, fingerprints, links, timeline, cards, updates', async (s) => {
    const a = await s.insertIncident(newIncident({ fingerprints: ['fp1', 'fp2'] }));
    const b = await s.insertIncident(newIncident({ fingerprints: ['fp3'], ruleId: 'github-pat', ruleName: 'GitHub token', conversation: { id: 'C2', kind: 'private-channel' }, authorId: 'U2' }));
    assert.equal(b.number, a.number + 1);
    assert.deepEqual(a.fingerprints, ['fp1', 'fp2']);
    assert.equal(a.occurrences, 1);
    assert.equal((await s.getIncident(String(a.number)))?.id, a.id, 'found by number');
    assert.equal((await s.findActiveIncidentByFingerprint(['zz', 'fp2']))?.id, a.id);
    assert.equal(await s.findActiveIncidentByFingerprint(['zz']), undefined);

    const d = decisionRecord();
    await s.insertDecision(d);
    await s.linkDecision(a.id, d.id);
    await s.linkDecision(a.id, d.id);
    assert.equal((await s.incidentForDecision(d.id))?.id, a.id);
    assert.deepEqual((await s.activeIncidentsForMessage('slack', 'C1', d.messageId)).map((i) => i.id), [a.id]);

    await s.addTimeline({ incidentId: a.id, at: at(1), kind: 'opened' });
    await s.addTimeline({ incidentId: a.id, at: at(2), kind: 'acknowledged', actor: { platform: 'slack', id: 'U9', name: 'sam' }, note: 'on it' });
    const tl = await s.timeline(a.id);
    assert.deepEqual(tl.map((t) => t.kind), ['opened', 'acknowledged']);
    assert.deepEqual(tl[1]?.actor, { platform: 'slack', id: 'U9', name: 'sam' });

    await s.addCard(a.id, { platform: 'slack', conversationId: 'CSEC', messageId: '1.1' });
    await s.addCard(a.id, { platform: 'slack', conversationId: 'CSEC', messageId: '1.1' });
    await s.addCard(a.id, { platform: 'teams', conversationId: '19:sec', messageId: 'm1' });
    assert.equal((await s.cards(a.id)).length, 2);

    const up = await s.updateIncident(a.id, { status: 'resolved', assignee: { platform: 'console', id: 'sam' }, occurrences: 3, done: ['message removed ✓'], problems: ['x'], fingerprints: ['fp9'], resolvedAt: at(5), updatedAt: at(5) });
    assert.equal(up.status, 'resolved');
    assert.equal(up.occurrences, 3);
    assert.deepEqual(up.assignee, { platform: 'console', id: 'sam' });
    assert.deepEqual(up.fingerprints, ['fp1', 'fp2', 'fp9']);
    assert.equal(await s.findActiveIncidentByFingerprint(['fp1']), undefined, 'resolved incidents are not joined');
    assert.deepEqual((await s.priorIncidentsByFingerprint(['fp9'])).map((i) => i.id), [a.id]);
    assert.deepEqual(await s.activeIncidentsForMessage('slack', 'C1', d.messageId), []);
    await assert.rejects(s.updateIncident('missing', { updatedAt: at(6) }), /not found/);

    assert.deepEqual((await s.listIncidents({ status: 'open' })).map((i) => i.id), [b.id]);
    assert.deepEqual((await s.listIncidents()).map((i) => i.id), [b.id, a.id], 'newest first');
    assert.deepEqual((await s.listIncidents({ ruleId: 'aws-access-key-id' })).map((i) => i.id), [a.id]);
    assert.deepEqual((await s.listIncidents({ authorId: 'U2', status: ['open', 'acknowledged'] })).map((i) => i.id), [b.id]);
    assert.deepEqual((await s.listIncidents({ limit: 1, offset: 1 })).map((i) => i.id), [a.id]);
    const counts = await s.incidentCounts();
    assert.deepEqual(counts.byConversation, [{ key: 'C1', count: 1 }, { key: 'C2', count: 1 }]);
    assert.deepEqual(counts.byAuthor.map((c) => c.key).sort(), ['U1', 'U2']);
  });

  withStore('feedback is recorded per rule and gives false-positive rates', async (s) => {
    const d1 = decisionRecord();
    const d2 = decisionRecord();
    await s.insertDecision(d1);
    await s.insertDecision(d2);
    await s.insertFeedback({ id: randomUUID(), decisionId: d1.id, kind: 'false-positive', actor: { platform: 'slack', id: 'U1' }, ruleIds: ['aws-access-key-id'], released: false, createdAt: at(1) });
    await s.insertFeedback({ id: randomUUID(), decisionId: d2.id, kind: 'override', actor: { platform: 'slack', id: 'U1' }, justification: 'test key', ruleIds: ['aws-access-key-id'], released: true, createdAt: at(2) });
    const stats = (await s.ruleStats()).find((r) => r.ruleId === 'aws-access-key-id');
    assert.deepEqual(stats, { ruleId: 'aws-access-key-id', ruleName: 'AWS access key', findings: 2, monitored: 0, incidents: 0, falsePositives: 1, overrides: 1, falsePositiveRate: 0.5 });
    const fb = await s.feedbackFor(d2.id);
    assert.equal(fb[0]?.justification, 'test key');
    assert.equal(fb[0]?.released, true);
    const o = await s.overview();
    assert.equal(o.decisions, 2);
    assert.deepEqual(o.feedback, { falsePositives: 1, overrides: 1 });
    assert.equal(o.lastDecisionAt, T0);
  });

  withStore('decisions can be listed by mode, rule and conversation, newest first', async (s) => {
    const a = decisionRecord({ mode: 'monitor', createdAt: at(1) });
    const b = decisionRecord({ mode: 'enforce', createdAt: at(2), conversationId: 'C2' });
    const c = decisionRecord({ mode: 'monitor', createdAt: at(3), findings: [{ ...decisionRecord().findings[0]!, ruleId: 'github-pat' }] });
    for (const d of [a, b, c]) await s.insertDecision(d);
    assert.deepEqual((await s.listDecisions()).map((d) => d.id), [c.id, b.id, a.id]);
    assert.deepEqual((await s.listDecisions({ mode: 'monitor' })).map((d) => d.id), [c.id, a.id]);
    assert.deepEqual((await s.listDecisions({ ruleId: 'github-pat' })).map((d) => d.id), [c.id]);
    assert.deepEqual((await s.listDecisions({ conversationId: 'C2' })).map((d) => d.id), [b.id]);
    assert.deepEqual((await s.listDecisions({ since: at(2), limit: 1 })).map((d) => d.id), [c.id]);
    assert.equal((await s.listDecisions({ mode: 'monitor' }))[0]?.findings[0]?.ruleId, 'github-pat');
  });

  withStore('key-value space for adapters', async (s) => {
    assert.equal(await s.getValue('teams', 'conv:1'), undefined);
    await s.putValue('teams', 'conv:1', { serviceUrl: 'https://smba', n: 1 });
    await s.putValue('teams', 'conv:1', { serviceUrl: 'https://smba', n: 2 });
    await s.putValue('other', 'conv:1', 'x');
    assert.deepEqual(await s.getValue('teams', 'conv:1'), { serviceUrl: 'https://smba', n: 2 });
    assert.equal(await s.getValue('other', 'conv:1'), 'x');
  });

  withStore('retention purge removes old closed data, keeps open incidents, is audited, and the trail still verifies', async (s) => {
    const old = decisionRecord({ createdAt: at(0) });
    const recent = decisionRecord({ createdAt: at(10_000) });
    await s.insertDecision(old);
    await s.insertDecision(recent);
    const closed = await s.insertIncident(newIncident({ openedAt: at(0) }));
    await s.updateIncident(closed.id, { status: 'resolved', resolvedAt: at(5), updatedAt: at(5) });
    const open = await s.insertIncident(newIncident({ openedAt: at(0) }));
    for (let i = 0; i < 4; i++) await s.appendAudit({ at: at(i), kind: 'decision', subject: `old${i}`, data: {} });
    await s.appendAudit({ at: at(10_000), kind: 'decision', subject: 'recent', data: {} });
    const r = await s.purge(at(5_000), at(20_000));
    assert.deepEqual({ d: r.decisions, i: r.incidents, a: r.auditEntries }, { d: 1, i: 1, a: 4 });
    assert.equal(await s.getDecision(old.id), undefined);
    assert.ok(await s.getDecision(recent.id));
    assert.equal(await s.getIncident(closed.id), undefined);
    assert.ok(await s.getIncident(open.id), 'open incidents wait for a responder');
    const entries = await s.auditEntries();
    assert.deepEqual(entries.map((e) => e.subject), ['recent', `retention:${at(5_000)}`]);
    assert.equal(entries[1]?.kind, 'purge');
    assert.deepEqual(verifyChain(entries, await s.auditAnchor(), await s.auditHead()).problems, []);
    assert.notEqual(await s.auditAnchor(), GENESIS_HASH);
  });

  withStore('tampering is named: edited, deleted, reordered', async (s) => {
    for (let i = 1; i <= 8; i++) await s.appendAudit({ at: at(i), kind: 'decision', subject: `d${i}`, data: { i } });
    const check = async () => verifyChain(await s.auditEntries(), await s.auditAnchor(), await s.auditHead());
    assert.equal((await check()).ok, true);
    // edited
    await s.driver.run('UPDATE audit SET data = $1 WHERE seq = 3', [JSON.stringify({ i: 99 })]);
    let v = await check();
    assert.deepEqual(v.problems.map((p) => [p.kind, p.seq]), [['edited', 3]]);
    await s.driver.run('UPDATE audit SET data = $1 WHERE seq = 3', [JSON.stringify({ i: 3 })]);
    // deleted
    await s.driver.run('DELETE FROM audit WHERE seq = 5');
    v = await check();
    assert.deepEqual(v.problems.map((p) => [p.kind, p.seq]), [['deleted', 6]]);
    assert.match(v.problems[0]?.message ?? '', /#5 was deleted/);
    // reordered: swap the positions (sequence numbers) of entries 7 and 8
    await s.driver.run('UPDATE audit SET seq = 1007 WHERE seq = 7');
    await s.driver.run('UPDATE audit SET seq = 7 WHERE seq = 8');
    await s.driver.run('UPDATE audit SET seq = 8 WHERE seq = 1007');
    v = await check();
    assert.ok(v.problems.some((p) => p.kind === 'reordered' && p.seq === 7), JSON.stringify(v.problems));
    assert.ok(v.problems.some((p) => p.kind === 'reordered' && p.seq === 8));
    // cut-off tail
    await s.driver.run('DELETE FROM audit WHERE seq >= 7');
    v = await check();
    assert.ok(v.problems.some((p) => p.kind === 'deleted' && /after #6/.test(p.message)), JSON.stringify(v.problems));
  });
}
