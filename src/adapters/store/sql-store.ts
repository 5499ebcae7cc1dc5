// One Store implementation over the SqlDriver surface, shared by SQLite and PostgreSQL so both
// behave the same by construction; the contract suite (test/store/contract.ts) checks it on each.
import { entryHash, type AuditEntry } from '../../bot/audit.js';
import type { ChatMessage, Platform } from '../../bot/message.js';
import { scrubPayload } from '../../bot/outbox-payloads.js';
import type { ActionKind, ActionResult, Actor, CardRef, IncidentStatus } from '../../bot/ports.js';
import type {
  AuditInput,
  CountRow,
  DecisionFilter,
  DecisionRecord,
  FeedbackRecord,
  IncidentCounts,
  IncidentFilter,
  IncidentPatch,
  IncidentRecord,
  NewIncident,
  NewOutboxAction,
  OutboxRow,
  OutboxStatus,
  Overview,
  PurgeResult,
  RuleStat,
  Store,
  StoreOps,
  StoredFinding,
  TimelineEntry,
} from '../../bot/store.js';
import type { Category, Severity } from '../../rules/types.js';
import type { SqlDriver, SqlExecutor, SqlValue } from './sql-driver.js';

type Row = Record<string, unknown>;

const json = (v: unknown): string => JSON.stringify(v);
const parse = <T>(v: unknown, fallback: T): T => (typeof v === 'string' && v.length > 0 ? (JSON.parse(v) as T) : fallback);
const num = (v: unknown): number => Number(v ?? 0);

function toIncident(r: Row, fingerprints: string[]): IncidentRecord {
  const assignee = parse<Actor | null>(r.assignee, null);
  return {
    id: String(r.id),
    number: num(r.number),
    status: r.status as IncidentStatus,
    severity: r.severity as Severity,
    category: r.category as Category,
    ruleId: String(r.rule_id),
    ruleName: String(r.rule_name),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    conversation: parse<ChatMessage['conversation']>(r.conversation, { id: String(r.conversation_id), kind: 'public-channel' }),
    authorId: String(r.author_id),
    ...(r.author_name ? { authorName: String(r.author_name) } : {}),
    messageId: String(r.message_id),
    ...(r.permalink ? { permalink: String(r.permalink) } : {}),
    previews: parse<string[]>(r.previews, []),
    fingerprints,
    occurrences: num(r.occurrences),
    ...(assignee ? { assignee } : {}),
    done: parse<string[]>(r.done, []),
    problems: parse<string[]>(r.problems, []),
    openedAt: String(r.opened_at),
    updatedAt: String(r.updated_at),
    ...(r.resolved_at ? { resolvedAt: String(r.resolved_at) } : {}),
  };
}

function toOutbox(r: Row): OutboxRow {
  const result = parse<ActionResult | null>(r.result, null);
  return {
    id: num(r.id),
    ...(r.decision_id ? { decisionId: String(r.decision_id) } : {}),
    ...(r.chain ? { chain: String(r.chain) } : {}),
    seq: num(r.seq),
    kind: r.kind as ActionKind,
    payload: parse<Record<string, unknown>>(r.payload, {}),
    notBefore: String(r.not_before),
    status: r.status as OutboxStatus,
    attempts: num(r.attempts),
    ...(r.lease_owner ? { leaseOwner: String(r.lease_owner) } : {}),
    ...(r.lease_until ? { leaseUntil: String(r.lease_until) } : {}),
    ...(result ? { result } : {}),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

function toAudit(r: Row): AuditEntry {
  return {
    seq: num(r.seq),
    at: String(r.at),
    kind: String(r.kind),
    subject: String(r.subject),
    data: parse<Record<string, unknown>>(r.data, {}),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}

const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_v, i) => `$${i + from}`).join(', ');

/** Operations bound to one executor: the root connection, or a transaction. */
class Ops implements StoreOps {
  constructor(
    readonly x: SqlExecutor,
    protected readonly dialect: SqlDriver['dialect'],
    /** Runs fn in a transaction unless already inside one. */
    protected readonly atomically: <T>(fn: (ops: Ops) => Promise<T>) => Promise<T>,
  ) {}

  async insertDecision(d: DecisionRecord): Promise<boolean> {
    const n = await this.x.run(
      `INSERT INTO decisions (id, platform, event_id, workspace_id, conversation_id, conversation_name, author_id, message_id,
         is_edit, mode, actions, reasons, text, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (platform, event_id) DO NOTHING`,
      [d.id, d.platform, d.eventId, d.workspaceId, d.conversationId, d.conversationName ?? null, d.authorId, d.messageId,
        d.isEdit ? 1 : 0, d.mode, json(d.actions), json(d.reasons), d.text ?? null, d.createdAt],
    );
    if (n === 0) return false;
    for (const [i, f] of d.findings.entries()) {
      await this.x.run(
        `INSERT INTO findings (decision_id, idx, rule_id, rule_name, category, severity, confidence, preview, fingerprint, mode, marking_level, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [d.id, i, f.ruleId, f.ruleName, f.category, f.severity, f.confidence, f.preview, f.fingerprint, f.mode, f.markingLevel ?? null, d.createdAt],
      );
    }
    return true;
  }

  private async decisionFrom(r: Row | undefined): Promise<DecisionRecord | undefined> {
    if (!r) return undefined;
    const fr = await this.x.all<Row>('SELECT * FROM findings WHERE decision_id = $1 ORDER BY idx', [String(r.id)]);
    const findings: StoredFinding[] = fr.map((f) => ({
      ruleId: String(f.rule_id),
      ruleName: String(f.rule_name),
      category: f.category as Category,
      severity: f.severity as Severity,
      confidence: Number(f.confidence),
      preview: String(f.preview),
      fingerprint: String(f.fingerprint),
      mode: String(f.mode),
      ...(f.marking_level ? { markingLevel: String(f.marking_level) } : {}),
    }));
    return {
      id: String(r.id),
      platform: r.platform as Platform,
      eventId: String(r.event_id),
      workspaceId: String(r.workspace_id),
      conversationId: String(r.conversation_id),
      ...(r.conversation_name ? { conversationName: String(r.conversation_name) } : {}),
      authorId: String(r.author_id),
      messageId: String(r.message_id),
      isEdit: num(r.is_edit) === 1,
      mode: String(r.mode),
      actions: parse<string[]>(r.actions, []),
      reasons: parse<string[]>(r.reasons, []),
      findings,
      ...(r.text !== null && r.text !== undefined ? { text: String(r.text) } : {}),
      createdAt: String(r.created_at),
    };
  }

  async getDecision(id: string): Promise<DecisionRecord | undefined> {
    return this.decisionFrom((await this.x.all<Row>('SELECT * FROM decisions WHERE id = $1', [id]))[0]);
  }

  async getDecisionByEvent(platform: Platform, eventId: string): Promise<DecisionRecord | undefined> {
    return this.decisionFrom((await this.x.all<Row>('SELECT * FROM decisions WHERE platform = $1 AND event_id = $2', [platform, eventId]))[0]);
  }

  async enqueue(actions: NewOutboxAction[]): Promise<void> {
    for (const a of actions) {
      await this.x.run(
        `INSERT INTO outbox (decision_id, chain, seq, kind, payload, status, attempts, not_before, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6, $6)`,
        [a.decisionId ?? null, a.chain ?? null, a.seq, a.kind, json(a.payload), a.notBefore],
      );
    }
  }

  async outboxFor(decisionId: string): Promise<OutboxRow[]> {
    return (await this.x.all<Row>('SELECT * FROM outbox WHERE decision_id = $1 ORDER BY seq, id', [decisionId])).map(toOutbox);
  }

  async cancelPending(decisionId: string, kinds: ActionKind[], result: ActionResult, now: string): Promise<number> {
    if (kinds.length === 0) return 0;
    const rows = await this.x.all<Row>(
      `SELECT id, payload FROM outbox WHERE decision_id = $1 AND status = 'pending' AND lease_owner IS NULL AND kind IN (${placeholders(kinds.length, 2)})`,
      [decisionId, ...kinds],
    );
    for (const r of rows) {
      await this.x.run('UPDATE outbox SET payload = $1 WHERE id = $2', [json(scrubPayload(parse<Record<string, unknown>>(r.payload, {}))), num(r.id)]);
    }
    return this.x.run(
      `UPDATE outbox SET status = 'skipped', result = $1, updated_at = $2, lease_owner = NULL, lease_until = NULL
       WHERE decision_id = $3 AND status = 'pending' AND lease_owner IS NULL AND kind IN (${placeholders(kinds.length, 4)})`,
      [json(result), now, decisionId, ...kinds],
    );
  }

  appendAudit(e: AuditInput): Promise<AuditEntry> {
    return this.atomically(async (ops) => {
      // Locking the head row serialises appenders across processes (SQLite: the write lock).
      const head = (await ops.x.all<Row>('SELECT seq, hash FROM audit_head WHERE id = 1 {{for_update}}'))[0];
      if (!head) throw new Error('audit_head row missing: the audit schema is damaged');
      const seq = num(head.seq) + 1;
      const prevHash = String(head.hash);
      const hash = entryHash(prevHash, e);
      await ops.x.run('INSERT INTO audit (seq, at, kind, subject, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        seq, e.at, e.kind, e.subject, json(e.data), prevHash, hash,
      ]);
      await ops.x.run('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, hash]);
      return { seq, at: e.at, kind: e.kind, subject: e.subject, data: e.data, prevHash, hash };
    });
  }

  async queueAudit(e: AuditInput): Promise<void> {
    await this.x.run('INSERT INTO audit_queue (at, kind, subject, data) VALUES ($1, $2, $3, $4)', [e.at, e.kind, e.subject, json(e.data)]);
  }

  insertIncident(i: NewIncident): Promise<IncidentRecord> {
    return this.atomically(async (ops) => {
      const c = (await ops.x.all<Row>("UPDATE counters SET value = value + 1 WHERE name = 'incident' RETURNING value"))[0];
      const number = num(c?.value);
      await ops.x.run(
        `INSERT INTO incidents (id, number, status, severity, category, rule_id, rule_name, platform, workspace_id, conversation_id,
           conversation, author_id, author_name, message_id, permalink, previews, occurrences, assignee, done, problems, opened_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, NULL, '[]', '[]', $17, $17)`,
        [i.id, number, i.status, i.severity, i.category, i.ruleId, i.ruleName, i.platform, i.workspaceId, i.conversation.id,
          json(i.conversation), i.authorId, i.authorName ?? null, i.messageId, i.permalink ?? null, json(i.previews), i.openedAt],
      );
      await ops.addFingerprints(i.id, i.fingerprints);
      const rec = await ops.getIncident(i.id);
      if (!rec) throw new Error(`incident ${i.id} vanished after insert`);
      return rec;
    });
  }

  protected async addFingerprints(incidentId: string, fps: string[]): Promise<void> {
    for (const fp of new Set(fps)) {
      await this.x.run('INSERT INTO incident_fingerprints (incident_id, fingerprint) VALUES ($1, $2) ON CONFLICT DO NOTHING', [incidentId, fp]);
    }
  }

  protected async incidentsFrom(rows: Row[]): Promise<IncidentRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => String(r.id));
    const fps = await this.x.all<Row>(
      `SELECT incident_id, fingerprint FROM incident_fingerprints WHERE incident_id IN (${placeholders(ids.length)}) ORDER BY fingerprint`,
      ids,
    );
    const byId = new Map<string, string[]>();
    for (const f of fps) {
      const list = byId.get(String(f.incident_id)) ?? [];
      list.push(String(f.fingerprint));
      byId.set(String(f.incident_id), list);
    }
    return rows.map((r) => toIncident(r, byId.get(String(r.id)) ?? []));
  }

  async getIncident(id: string): Promise<IncidentRecord | undefined> {
    // Accept the number too (#142 typed in the console or the CLI).
    const rows = /^\d+$/.test(id)
      ? await this.x.all<Row>('SELECT * FROM incidents WHERE id = $1 OR number = $2', [id, Number(id)])
      : await this.x.all<Row>('SELECT * FROM incidents WHERE id = $1', [id]);
    return (await this.incidentsFrom(rows))[0];
  }

  async findActiveIncidentByFingerprint(fingerprints: string[]): Promise<IncidentRecord | undefined> {
    if (fingerprints.length === 0) return undefined;
    const rows = await this.x.all<Row>(
      `SELECT i.* FROM incidents i WHERE i.status IN ('open', 'acknowledged') AND i.id IN
         (SELECT incident_id FROM incident_fingerprints WHERE fingerprint IN (${placeholders(fingerprints.length)}))
       ORDER BY i.number DESC LIMIT 1`,
      fingerprints,
    );
    return (await this.incidentsFrom(rows))[0];
  }

  async priorIncidentsByFingerprint(fingerprints: string[]): Promise<IncidentRecord[]> {
    if (fingerprints.length === 0) return [];
    const rows = await this.x.all<Row>(
      `SELECT i.* FROM incidents i WHERE i.id IN
         (SELECT incident_id FROM incident_fingerprints WHERE fingerprint IN (${placeholders(fingerprints.length)}))
       ORDER BY i.number DESC LIMIT 20`,
      fingerprints,
    );
    return this.incidentsFrom(rows);
  }

  async updateIncident(id: string, patch: IncidentPatch): Promise<IncidentRecord> {
    const sets: string[] = [];
    const params: SqlValue[] = [];
    const set = (col: string, v: SqlValue) => {
      params.push(v);
      sets.push(`${col} = $${params.length}`);
    };
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.assignee !== undefined) set('assignee', patch.assignee === null ? null : json(patch.assignee));
    if (patch.occurrences !== undefined) set('occurrences', patch.occurrences);
    if (patch.done !== undefined) set('done', json(patch.done));
    if (patch.problems !== undefined) set('problems', json(patch.problems));
    if (patch.previews !== undefined) set('previews', json(patch.previews));
    if (patch.resolvedAt !== undefined) set('resolved_at', patch.resolvedAt);
    set('updated_at', patch.updatedAt);
    params.push(id);
    const n = await this.x.run(`UPDATE incidents SET ${sets.join(', ')} WHERE id = $${params.length}`, params);
    if (n === 0) throw new Error(`incident ${id} not found`);
    if (patch.fingerprints) await this.addFingerprints(id, patch.fingerprints);
    const rec = await this.getIncident(id);
    if (!rec) throw new Error(`incident ${id} not found`);
    return rec;
  }

  async linkDecision(incidentId: string, decisionId: string): Promise<void> {
    await this.x.run('INSERT INTO incident_decisions (decision_id, incident_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [decisionId, incidentId]);
  }

  async incidentForDecision(decisionId: string): Promise<IncidentRecord | undefined> {
    const rows = await this.x.all<Row>(
      'SELECT i.* FROM incidents i JOIN incident_decisions d ON d.incident_id = i.id WHERE d.decision_id = $1',
      [decisionId],
    );
    return (await this.incidentsFrom(rows))[0];
  }

  async activeIncidentsForMessage(platform: Platform, conversationId: string, messageId: string): Promise<IncidentRecord[]> {
    const rows = await this.x.all<Row>(
      `SELECT DISTINCT i.* FROM incidents i
         JOIN incident_decisions l ON l.incident_id = i.id
         JOIN decisions d ON d.id = l.decision_id
       WHERE d.platform = $1 AND d.conversation_id = $2 AND d.message_id = $3 AND i.status IN ('open', 'acknowledged')
       ORDER BY i.number`,
      [platform, conversationId, messageId],
    );
    return this.incidentsFrom(rows);
  }

  async addTimeline(e: TimelineEntry): Promise<void> {
    await this.x.run('INSERT INTO incident_events (incident_id, at, kind, actor, note, decision_id) VALUES ($1, $2, $3, $4, $5, $6)', [
      e.incidentId, e.at, e.kind, e.actor ? json(e.actor) : null, e.note ?? null, e.decisionId ?? null,
    ]);
  }

  async timeline(incidentId: string): Promise<TimelineEntry[]> {
    const rows = await this.x.all<Row>('SELECT * FROM incident_events WHERE incident_id = $1 ORDER BY id', [incidentId]);
    return rows.map((r) => ({
      incidentId: String(r.incident_id),
      at: String(r.at),
      kind: String(r.kind),
      ...(r.actor ? { actor: parse<Actor>(r.actor, { platform: 'console', id: '?' }) } : {}),
      ...(r.note ? { note: String(r.note) } : {}),
      ...(r.decision_id ? { decisionId: String(r.decision_id) } : {}),
    }));
  }

  async addCard(incidentId: string, ref: CardRef): Promise<void> {
    await this.x.run('INSERT INTO incident_cards (incident_id, platform, conversation_id, message_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      incidentId, ref.platform, ref.conversationId, ref.messageId,
    ]);
  }

  async cards(incidentId: string): Promise<CardRef[]> {
    const rows = await this.x.all<Row>('SELECT * FROM incident_cards WHERE incident_id = $1 ORDER BY platform, conversation_id, message_id', [incidentId]);
    return rows.map((r) => ({ platform: r.platform as Platform, conversationId: String(r.conversation_id), messageId: String(r.message_id) }));
  }

  async insertFeedback(f: FeedbackRecord): Promise<void> {
    await this.x.run(
      'INSERT INTO feedback (id, decision_id, kind, actor, justification, rule_ids, released, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [f.id, f.decisionId, f.kind, json(f.actor), f.justification ?? null, json(f.ruleIds), f.released ? 1 : 0, f.createdAt],
    );
    for (const ruleId of new Set(f.ruleIds)) {
      await this.x.run('INSERT INTO feedback_rules (feedback_id, rule_id, kind) VALUES ($1, $2, $3)', [f.id, ruleId, f.kind]);
    }
  }

  async feedbackFor(decisionId: string): Promise<FeedbackRecord[]> {
    const rows = await this.x.all<Row>('SELECT * FROM feedback WHERE decision_id = $1 ORDER BY created_at, id', [decisionId]);
    return rows.map((r) => ({
      id: String(r.id),
      decisionId: String(r.decision_id),
      kind: r.kind as FeedbackRecord['kind'],
      actor: parse<Actor>(r.actor, { platform: 'console', id: '?' }),
      ...(r.justification ? { justification: String(r.justification) } : {}),
      ruleIds: parse<string[]>(r.rule_ids, []),
      released: num(r.released) === 1,
      createdAt: String(r.created_at),
    }));
  }
}

/** The full store: root operations plus claims, queries, purge and key-value space. */
export class SqlStore extends Ops implements Store {
  readonly kind: 'sqlite' | 'postgres';

  /** The SQL driver (tests tamper with rows through it; the CLI reports its dialect). */
  constructor(readonly driver: SqlDriver) {
    const atomically = <T>(fn: (ops: Ops) => Promise<T>): Promise<T> =>
      driver.transaction((tx) => fn(new Ops(tx, driver.dialect, (f) => f(txOps(tx)))));
    // Inside a transaction, nested "atomic" operations simply join it.
    const txOps = (tx: SqlExecutor): Ops => new Ops(tx, driver.dialect, (f) => f(txOps(tx)));
    super(driver, driver.dialect, atomically);
    this.kind = driver.dialect;
  }

  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
    return this.atomically((ops) => fn(ops));
  }

  async claim(owner: string, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
    return this.driver.transaction(async (tx) => {
      const rows = await tx.all<Row>(
        `UPDATE outbox SET lease_owner = $1, lease_until = $2, attempts = attempts + 1, updated_at = $3
         WHERE id IN (
           SELECT o.id FROM outbox o
           WHERE o.status = 'pending' AND o.not_before <= $3 AND (o.lease_until IS NULL OR o.lease_until <= $3)
             AND (o.chain IS NULL OR NOT EXISTS (
               SELECT 1 FROM outbox p WHERE p.chain = o.chain AND p.seq < o.seq AND p.status = 'pending'))
           ORDER BY o.id
           LIMIT $4
           {{skip_locked}})
         RETURNING *`,
        [owner, leaseUntil, now, limit],
      );
      return rows.map(toOutbox).sort((a, b) => a.id - b.id);
    });
  }

  settle(
    id: number,
    owner: string,
    status: Exclude<OutboxStatus, 'pending'>,
    result: ActionResult,
    now: string,
    audit?: AuditInput,
    payload?: Record<string, unknown>,
  ): Promise<boolean> {
    return this.settleWith(
      `UPDATE outbox SET status = $1, result = $2, updated_at = $3, lease_owner = NULL, lease_until = NULL, payload = COALESCE($6, payload)
       WHERE id = $4 AND lease_owner = $5 AND status = 'pending'`,
      [status, json(result), now, id, owner, payload ? json(payload) : null],
      audit,
    );
  }

  async extendLease(id: number, owner: string, leaseUntil: string): Promise<boolean> {
    const n = await this.driver.run("UPDATE outbox SET lease_until = $1 WHERE id = $2 AND lease_owner = $3 AND status = 'pending'", [leaseUntil, id, owner]);
    return n === 1;
  }

  release(id: number, owner: string, notBefore: string, result: ActionResult, now: string, audit?: AuditInput): Promise<boolean> {
    return this.settleWith(
      `UPDATE outbox SET not_before = $1, result = $2, updated_at = $3, lease_owner = NULL, lease_until = NULL
       WHERE id = $4 AND lease_owner = $5 AND status = 'pending'`,
      [notBefore, json(result), now, id, owner],
      audit,
    );
  }

  // The outcome and its queued audit entry commit together (a lost lease records neither); the
  // queue is chained into the trail by flushAuditQueue(), so settling never waits for the chain.
  private settleWith(sql: string, params: SqlValue[], audit?: AuditInput): Promise<boolean> {
    if (!audit) return this.driver.run(sql, params).then((n) => n === 1);
    return this.driver.transaction(async (tx) => {
      const n = await tx.run(sql, params);
      if (n !== 1) return false;
      await tx.run('INSERT INTO audit_queue (at, kind, subject, data) VALUES ($1, $2, $3, $4)', [audit.at, audit.kind, audit.subject, json(audit.data)]);
      return true;
    });
  }

  async flushAuditQueue(limit = 500): Promise<number> {
    // Cheap check first: an idle worker polls this and should not take the chain's lock for nothing.
    if ((await this.driver.all('SELECT id FROM audit_queue LIMIT 1')).length === 0) return 0;
    return this.atomically(async (ops) => {
      // Lock the chain first: queued entries are then moved by one process at a time, in order.
      await ops.x.all('SELECT seq FROM audit_head WHERE id = 1 {{for_update}}');
      const rows = await ops.x.all<Row>('SELECT * FROM audit_queue ORDER BY id LIMIT $1', [limit]);
      for (const r of rows) {
        await ops.appendAudit({ at: String(r.at), kind: String(r.kind), subject: String(r.subject), data: parse<Record<string, unknown>>(r.data, {}) });
        await ops.x.run('DELETE FROM audit_queue WHERE id = $1', [num(r.id)]);
      }
      return rows.length;
    });
  }

  async getOutbox(id: number): Promise<OutboxRow | undefined> {
    const r = (await this.driver.all<Row>('SELECT * FROM outbox WHERE id = $1', [id]))[0];
    return r ? toOutbox(r) : undefined;
  }

  async auditEntries(range: { since?: string; until?: string } = {}): Promise<AuditEntry[]> {
    const rows = await this.driver.all<Row>(
      'SELECT * FROM audit WHERE ($1 = \'\' OR at >= $1) AND ($2 = \'\' OR at < $2) ORDER BY seq',
      [range.since ?? '', range.until ?? ''],
    );
    return rows.map(toAudit);
  }

  async auditAnchor(): Promise<string> {
    const r = (await this.driver.all<Row>('SELECT anchor_hash FROM audit_head WHERE id = 1'))[0];
    return String(r?.anchor_hash ?? '');
  }

  /** The chain's head as recorded at the last append (lets verify notice a cut-off tail). */
  async auditHead(): Promise<{ seq: number; hash: string }> {
    const r = (await this.driver.all<Row>('SELECT seq, hash FROM audit_head WHERE id = 1'))[0];
    return { seq: num(r?.seq), hash: String(r?.hash ?? '') };
  }

  async listIncidents(filter: IncidentFilter = {}): Promise<IncidentRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (sql: string, ...values: SqlValue[]) => {
      let s = sql;
      for (const v of values) {
        params.push(v);
        s = s.replace('?', `$${params.length}`);
      }
      where.push(s);
    };
    const statuses = filter.status === undefined ? [] : Array.isArray(filter.status) ? filter.status : [filter.status];
    if (statuses.length > 0) add(`status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
    if (filter.ruleId) add('rule_id = ?', filter.ruleId);
    if (filter.conversationId) add('conversation_id = ?', filter.conversationId);
    if (filter.authorId) add('author_id = ?', filter.authorId);
    if (filter.platform) add('platform = ?', filter.platform);
    if (filter.since) add('opened_at >= ?', filter.since);
    if (filter.until) add('opened_at < ?', filter.until);
    params.push(Math.min(Math.max(filter.limit ?? 100, 1), 1000), Math.max(filter.offset ?? 0, 0));
    const rows = await this.driver.all<Row>(
      `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY number DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return this.incidentsFrom(rows);
  }

  async listDecisions(filter: DecisionFilter = {}): Promise<DecisionRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (sql: string, v: SqlValue) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.mode) add('d.mode = ?', filter.mode);
    if (filter.ruleId) add('d.id IN (SELECT decision_id FROM findings WHERE rule_id = ?)', filter.ruleId);
    if (filter.conversationId) add('d.conversation_id = ?', filter.conversationId);
    if (filter.authorId) add('d.author_id = ?', filter.authorId);
    if (filter.since) add('d.created_at >= ?', filter.since);
    if (filter.until) add('d.created_at < ?', filter.until);
    params.push(Math.min(Math.max(filter.limit ?? 100, 1), 1000), Math.max(filter.offset ?? 0, 0));
    const rows = await this.driver.all<Row>(
      `SELECT d.id FROM decisions d ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY d.created_at DESC, d.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const out: DecisionRecord[] = [];
    for (const r of rows) {
      const d = await this.getDecision(String(r.id));
      if (d) out.push(d);
    }
    return out;
  }

  async incidentCounts(range: { since?: string; until?: string } = {}): Promise<IncidentCounts> {
    const by = async (col: string): Promise<CountRow[]> => {
      const rows = await this.driver.all<Row>(
        `SELECT ${col} AS k, COUNT(*) AS n FROM incidents WHERE ($1 = '' OR opened_at >= $1) AND ($2 = '' OR opened_at < $2)
         GROUP BY ${col} ORDER BY COUNT(*) DESC, ${col}`,
        [range.since ?? '', range.until ?? ''],
      );
      return rows.map((r) => ({ key: String(r.k), count: num(r.n) }));
    };
    return { byRule: await by('rule_id'), byConversation: await by('conversation_id'), byAuthor: await by('author_id') };
  }

  async ruleStats(): Promise<RuleStat[]> {
    const f = await this.driver.all<Row>(
      `SELECT rule_id, MAX(rule_name) AS rule_name, COUNT(*) AS n, COUNT(DISTINCT decision_id) AS d,
              SUM(CASE WHEN mode = 'monitor' THEN 1 ELSE 0 END) AS m
       FROM findings GROUP BY rule_id`,
    );
    const inc = await this.driver.all<Row>('SELECT rule_id, COUNT(*) AS n FROM incidents GROUP BY rule_id');
    const fb = await this.driver.all<Row>('SELECT rule_id, kind, COUNT(*) AS n FROM feedback_rules GROUP BY rule_id, kind');
    const stats = new Map<string, RuleStat & { decisions: number }>();
    const get = (id: string, name = id) => {
      let s = stats.get(id);
      if (!s) {
        s = { ruleId: id, ruleName: name, findings: 0, monitored: 0, incidents: 0, falsePositives: 0, overrides: 0, falsePositiveRate: 0, decisions: 0 };
        stats.set(id, s);
      }
      return s;
    };
    for (const r of f) {
      const s = get(String(r.rule_id), String(r.rule_name));
      s.findings = num(r.n);
      s.decisions = num(r.d);
      s.monitored = num(r.m);
    }
    for (const r of inc) get(String(r.rule_id)).incidents = num(r.n);
    for (const r of fb) {
      const s = get(String(r.rule_id));
      if (r.kind === 'false-positive') s.falsePositives = num(r.n);
      else s.overrides = num(r.n);
    }
    return [...stats.values()]
      .map(({ decisions, ...s }) => ({ ...s, falsePositiveRate: decisions > 0 ? Math.min(1, s.falsePositives / decisions) : 0 }))
      .sort((a, b) => b.findings - a.findings || a.ruleId.localeCompare(b.ruleId));
  }

  async overview(): Promise<Overview> {
    const one = async (sql: string) => num((await this.driver.all<Row>(sql))[0]?.n);
    const incidentsByStatus: Record<IncidentStatus, number> = { open: 0, acknowledged: 0, resolved: 0, 'false-positive': 0 };
    for (const r of await this.driver.all<Row>('SELECT status, COUNT(*) AS n FROM incidents GROUP BY status')) {
      incidentsByStatus[r.status as IncidentStatus] = num(r.n);
    }
    const outbox: Record<OutboxStatus, number> = { pending: 0, done: 0, failed: 0, skipped: 0 };
    for (const r of await this.driver.all<Row>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status')) {
      outbox[r.status as OutboxStatus] = num(r.n);
    }
    const last = (await this.driver.all<Row>('SELECT MAX(created_at) AS t FROM decisions'))[0]?.t;
    return {
      decisions: await one('SELECT COUNT(*) AS n FROM decisions'),
      findings: await one('SELECT COUNT(*) AS n FROM findings'),
      incidentsByStatus,
      outbox,
      feedback: {
        falsePositives: await one("SELECT COUNT(*) AS n FROM feedback WHERE kind = 'false-positive'"),
        overrides: await one("SELECT COUNT(*) AS n FROM feedback WHERE kind = 'override'"),
      },
      ...(last ? { lastDecisionAt: String(last) } : {}),
    };
  }

  async fingerprintCount(fingerprint: string): Promise<number> {
    return num((await this.driver.all<Row>('SELECT COUNT(*) AS n FROM findings WHERE fingerprint = $1', [fingerprint]))[0]?.n);
  }

  async purge(before: string, now: string): Promise<PurgeResult> {
    await this.flushAuditQueue(100_000);
    return this.driver.transaction(async (tx) => {
      const ops: Ops = new Ops(tx, this.driver.dialect, <T>(f: (o: Ops) => Promise<T>): Promise<T> => f(ops));
      const head = (await tx.all<Row>('SELECT seq, hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1 {{for_update}}'))[0];
      // Closed incidents only: an open one older than the period still needs a responder.
      const incidents = await tx.run(
        "DELETE FROM incidents WHERE status IN ('resolved', 'false-positive') AND COALESCE(resolved_at, updated_at) < $1",
        [before],
      );
      await tx.run('DELETE FROM incident_decisions WHERE incident_id NOT IN (SELECT id FROM incidents)');
      const outbox = await tx.run("DELETE FROM outbox WHERE status <> 'pending' AND created_at < $1", [before]);
      const decisions = await tx.run(
        'DELETE FROM decisions WHERE created_at < $1 AND id NOT IN (SELECT decision_id FROM incident_decisions) AND id NOT IN (SELECT decision_id FROM outbox WHERE decision_id IS NOT NULL)',
        [before],
      );
      await tx.run('DELETE FROM feedback WHERE created_at < $1 AND decision_id NOT IN (SELECT id FROM decisions)', [before]);
      // Audit entries: cut the chain's prefix and remember the hash the first kept entry follows.
      const last = (await tx.all<Row>('SELECT seq, hash FROM audit WHERE at < $1 ORDER BY seq DESC LIMIT 1', [before]))[0];
      let auditEntries = 0;
      if (last) {
        auditEntries = await tx.run('DELETE FROM audit WHERE seq <= $1', [num(last.seq)]);
        await tx.run('UPDATE audit_head SET anchor_seq = $1, anchor_hash = $2 WHERE id = 1', [num(last.seq), String(last.hash)]);
      }
      const result: PurgeResult = { before, decisions, incidents, auditEntries, outbox };
      await ops.appendAudit({
        at: now,
        kind: 'purge',
        subject: `retention:${before}`,
        data: { ...result, previousAnchorSeq: num(head?.anchor_seq), anchorSeq: last ? num(last.seq) : num(head?.anchor_seq) },
      });
      return result;
    });
  }

  async getValue<T = unknown>(namespace: string, key: string): Promise<T | undefined> {
    const r = (await this.driver.all<Row>('SELECT value FROM kv WHERE namespace = $1 AND key = $2', [namespace, key]))[0];
    return r ? (JSON.parse(String(r.value)) as T) : undefined;
  }

  async putValue(namespace: string, key: string, value: unknown): Promise<void> {
    await this.driver.run(
      `INSERT INTO kv (namespace, key, value, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [namespace, key, json(value === undefined ? null : value), new Date().toISOString()],
    );
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
