// The bot core: scan → decide → record decision + outbox in ONE transaction (idempotent by
// event id), then the outbox worker acts. Also incident commands, feedback and console queries.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { severityRank, type Engine, type Finding } from '../rules/types.js';
import { decide, type Decision } from './decide.js';
import { maskFreeText } from './free-text.js';
import { CoreError, incidentView, openOrJoin, transition } from './incidents.js';
import type { ChatMessage, Platform } from './message.js';
import { FEEDBACK_TEXT, policyTip, warningNotice, type Removal } from './notices.js';
import { outboxFindings, type EscalatePayload, type RemovePayload, type WarnPayload } from './outbox-payloads.js';
import { createOutboxWorker, type OutboxWorker, type WorkerOptions } from './outbox-worker.js';
import type { Mode, Policy } from './policy.js';
import type { AcceptResult, ActionKind, Actor, BotCore, ChatPlatform, IncidentCommand, IncidentView } from './ports.js';
import type {
  AuditInput,
  DecisionFilter,
  DecisionRecord,
  FeedbackRecord,
  IncidentCounts,
  IncidentFilter,
  IncidentRecord,
  NewOutboxAction,
  OutboxRow,
  Overview,
  PurgeResult,
  RuleStat,
  Store,
  StoreOps,
  TimelineEntry,
} from './store.js';
import { verifyChain, type AuditEntry, type VerifyResult } from './audit.js';

export interface CoreDeps {
  engine: Engine;
  policy: Policy;
  store: Store;
  platforms: Partial<Record<Platform, ChatPlatform>>;
  logger: Logger;
  clock?: () => Date;
  worker?: WorkerOptions;
}

export interface IncidentDetail {
  incident: IncidentRecord;
  view: IncidentView;
  timeline: TimelineEntry[];
  cards: Awaited<ReturnType<Store['cards']>>;
  decisions: DecisionRecord[];
}

export interface Core extends BotCore {
  readonly worker: OutboxWorker;
  readonly policy: Policy;
  readonly store: Store;
  /** The pure decision for a message, without recording anything (CLI dry runs, console previews). */
  preview(message: ChatMessage): { findings: Finding[]; decision: Decision };
  listIncidents(filter?: IncidentFilter): Promise<IncidentView[]>;
  /** Recorded decisions, newest first; `{ mode: 'monitor' }` is the dry run of monitored rules. */
  listDecisions(filter?: DecisionFilter): Promise<DecisionRecord[]>;
  incidentDetail(id: string): Promise<IncidentDetail | undefined>;
  ruleStats(): Promise<RuleStat[]>;
  incidentCounts(range?: { since?: string; until?: string }): Promise<IncidentCounts>;
  overview(): Promise<Overview>;
  /** Retention: purge what is older than policy.retention_days (audited). Undefined when retention is off. */
  purgeExpired(): Promise<PurgeResult | undefined>;
  verifyAudit(): Promise<VerifyResult>;
}

const SYSTEM: Actor = { platform: 'console', id: 'chat-dlp', name: 'chat-dlp' };

/** A view of `tx` whose audit appends are queued until flush(), in the same order. */
function deferAudit(tx: StoreOps): { tx: StoreOps; flush: () => Promise<void> } {
  const queued: AuditInput[] = [];
  const view = Object.create(tx, {
    appendAudit: {
      value: async (e: AuditInput): Promise<AuditEntry> => {
        queued.push(e);
        return { ...e, seq: 0, prevHash: '', hash: '' };
      },
    },
  }) as StoreOps;
  return {
    tx: view,
    async flush() {
      // Queued, not chained: concurrent accepts never wait for the chain's lock (the worker chains them).
      for (const e of queued) await tx.queueAudit(e);
    },
  };
}

export function createBotCore(deps: CoreDeps): Core {
  const { engine, policy, store, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const log = logger.child({ component: 'core' });
  const ruleModes: Record<string, Mode> = Object.fromEntries(engine.rules.map((r) => [r.id, r.mode]));

  const worker = createOutboxWorker(
    { store, platforms: deps.platforms, logger, clock, periodic: () => purgeExpired() },
    deps.worker ?? {},
  );

  function scan(message: ChatMessage): { textFindings: Finding[]; fileFindings: Map<string, Finding[]> } {
    const textFindings = engine.scan(message.text);
    const fileFindings = new Map<string, Finding[]>();
    for (const f of message.files) {
      if (f.inlineText) fileFindings.set(f.id, engine.scan(f.inlineText));
    }
    return { textFindings, fileFindings };
  }

  function preview(message: ChatMessage): { findings: Finding[]; decision: Decision } {
    const { textFindings, fileFindings } = scan(message);
    const findings = [...textFindings, ...[...fileFindings.values()].flat()];
    return { findings, decision: decide(message, findings, policy, ruleModes) };
  }

  /** The message as the outbox may keep it: every sensitive span replaced, in the text and snippets. */
  function safeMessage(message: ChatMessage, textFindings: Finding[], fileFindings: Map<string, Finding[]>): ChatMessage {
    return {
      ...message,
      text: textFindings.length > 0 ? engine.redact(message.text, textFindings) : message.text,
      files: message.files.map((f) => {
        const ff = fileFindings.get(f.id);
        return f.inlineText && ff && ff.length > 0 ? { ...f, inlineText: engine.redact(f.inlineText, ff) } : f;
      }),
    };
  }

  function plan(decisionId: string, message: ChatMessage, decision: Decision, findings: Finding[], at: string): NewOutboxAction[] {
    if (decision.mode !== 'enforce') return [];
    const kinds = new Set(decision.actions.map((a) => a.kind));
    const enforced = decision.perFinding.filter((p) => p.mode === 'enforce').map((p) => findings[p.index]).filter((f): f is Finding => !!f);
    const safe = outboxFindings(enforced);
    const out: NewOutboxAction[] = [];
    const push = (kind: ActionKind, payload: object, notBefore = at) =>
      out.push({ decisionId, chain: decisionId, seq: out.length + 1, kind, payload: payload as Record<string, unknown>, notBefore });
    const removeMode = kinds.has('block') ? 'block' : kinds.has('redact') ? 'redact' : undefined;
    const allowOverride = overrideAllowed(enforced);
    const graceMs = removeMode && allowOverride ? policy.overrides.grace_seconds * 1000 : 0;
    const pushRemove = () => {
      if (!removeMode) return;
      const p: RemovePayload = {
        message,
        findings: safe,
        mode: removeMode,
        redactedText: message.text,
        policyTip: policyTip(enforced),
        ...(policy.policy_url ? { complianceUrl: policy.policy_url } : {}),
        allowOverride,
      };
      push('remove', p, new Date(new Date(at).getTime() + graceMs).toISOString());
    };
    // With a grace period the author is warned first and may justify before the removal runs.
    if (graceMs === 0) pushRemove();
    if (kinds.has('warn') || kinds.has('notify')) {
      const tone = kinds.has('warn') ? 'warn' : 'notify';
      const notice = (removal: Removal) =>
        warningNotice({ findings: enforced, conversation: message.conversation, removal, tone, allowOverride, ...(policy.policy_url ? { policyUrl: policy.policy_url } : {}) });
      const p: WarnPayload = {
        message,
        findings: safe,
        notices: { removed: notice('removed'), redacted: notice('redacted'), 'not-removed': notice('not-removed'), pending: notice('pending'), none: notice('none') },
        dmCopy: policy.dm_copy,
      };
      push(tone === 'warn' ? 'warn' : 'notify', p);
    }
    if (graceMs > 0) pushRemove();
    if (kinds.has('escalate') || removeMode) {
      const p: EscalatePayload = { message, findings: safe, conditional: !kinds.has('escalate') };
      push('escalate', p);
    }
    return out;
  }

  function overrideAllowed(findings: readonly Finding[]): boolean {
    if (!policy.overrides.allowed || findings.length === 0) return policy.overrides.allowed;
    const worst = Math.max(...findings.map((f) => severityRank(f.severity)));
    return worst <= severityRank(policy.overrides.max_severity);
  }

  async function enqueueCardUpdates(tx: StoreOps, incidentId: string, at: string): Promise<void> {
    const cards = await tx.cards(incidentId);
    await tx.enqueue(cards.map((card) => ({ seq: 0, kind: 'update-card' as const, payload: { incidentId, card }, notBefore: at })));
  }

  async function accept(message: ChatMessage): Promise<AcceptResult> {
    const seen = await store.getDecisionByEvent(message.platform, message.eventId);
    if (seen) return { duplicate: true, decisionId: seen.id, findings: seen.findings.length, actions: [] };

    const { textFindings, fileFindings } = scan(message);
    const findings = [...textFindings, ...[...fileFindings.values()].flat()];
    const decision = decide(message, findings, policy, ruleModes);
    // Clean messages are not recorded (volume); clean edits only when they close an incident.
    if (findings.length === 0) {
      const open = message.isEdit ? await store.activeIncidentsForMessage(message.platform, message.conversation.id, message.messageId) : [];
      if (open.length === 0) return { duplicate: false, findings: 0, actions: [] };
    }

    const at = now();
    const decisionId = randomUUID();
    const safe = safeMessage(message, textFindings, fileFindings);
    const outbox = plan(decisionId, safe, decision, findings, at);
    const reasons = [...decision.actions, ...decision.monitored].flatMap((a) => a.reasons.map((r) => `${a.kind}: ${r.text}`));
    if (decision.exemption) reasons.push(`exempt: ${decision.exemption}`);
    const record: DecisionRecord = {
      id: decisionId,
      platform: message.platform,
      eventId: message.eventId,
      workspaceId: message.workspaceId,
      conversationId: message.conversation.id,
      ...(message.conversation.name ? { conversationName: message.conversation.name } : {}),
      authorId: message.author.id,
      messageId: message.messageId,
      isEdit: message.isEdit,
      mode: decision.mode,
      actions: decision.actions.map((a) => a.kind),
      reasons,
      findings: decision.perFinding.map((p) => {
        const f = findings[p.index] as Finding;
        return {
          ruleId: f.ruleId,
          ruleName: f.ruleName,
          category: f.category,
          severity: f.severity,
          confidence: f.confidence,
          preview: f.preview,
          fingerprint: f.fingerprint,
          mode: decision.mode === 'exempt' ? 'exempt' : p.mode,
          ...(f.marking ? { markingLevel: f.marking.level } : {}),
        };
      }),
      ...(policy.store_text ? { text: message.text } : {}),
      createdAt: at,
    };

    const inserted = await store.transaction(async (outer) => {
      if (!(await outer.insertDecision(record))) return false;
      // Audit entries are queued in this transaction and chained by the worker (flushAuditQueue).
      const { tx, flush } = deferAudit(outer);
      await tx.appendAudit({
        at,
        kind: 'decision',
        subject: decisionId,
        data: {
          platform: message.platform,
          eventId: message.eventId,
          conversationId: message.conversation.id,
          authorId: message.author.id,
          messageId: message.messageId,
          isEdit: message.isEdit,
          mode: decision.mode,
          actions: record.actions,
          monitored: decision.monitored.map((a) => a.kind),
          reasons,
          findings: record.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, preview: f.preview, fingerprint: f.fingerprint, mode: f.mode })),
        },
      });
      await tx.enqueue(outbox);
      if (decision.mode === 'enforce' && decision.actions.some((a) => a.kind === 'escalate')) {
        const escalated = decision.perFinding.filter((p) => p.mode === 'enforce' && p.actions.includes('escalate')).map((p) => findings[p.index] as Finding);
        const { incident, joined } = await openOrJoin(tx, { message: safe, decisionId, findings: outboxFindings(escalated.length ? escalated : findings), now: at });
        if (joined) await enqueueCardUpdates(tx, incident.id, at);
      }
      if (decision.editCleared) await resolveByEdit(tx, message, decisionId, at);
      await flush();
      return true;
    });
    if (!inserted) {
      const prior = await store.getDecisionByEvent(message.platform, message.eventId);
      return { duplicate: true, ...(prior ? { decisionId: prior.id } : {}), findings: prior?.findings.length ?? 0, actions: [] };
    }
    log.info({ decisionId, platform: message.platform, eventId: message.eventId, mode: decision.mode, findings: findings.length, actions: outbox.map((o) => o.kind) }, 'decision recorded');
    if (outbox.length > 0) worker.kick();
    return { duplicate: false, decisionId, findings: findings.length, actions: outbox.map((o) => o.kind) };
  }

  // An edit without anything sensitive closes the incident its message opened (not ones that
  // other messages joined: those values are still out there).
  async function resolveByEdit(tx: StoreOps, message: ChatMessage, decisionId: string, at: string): Promise<void> {
    const incidents = await tx.activeIncidentsForMessage(message.platform, message.conversation.id, message.messageId);
    for (const inc of incidents) {
      if (inc.occurrences > 1) {
        await tx.addTimeline({ incidentId: inc.id, at, kind: 'edited', note: 'one message was edited clean; other occurrences remain', decisionId });
        continue;
      }
      await tx.updateIncident(inc.id, { status: 'resolved', resolvedAt: at, updatedAt: at });
      await tx.addTimeline({ incidentId: inc.id, at, kind: 'edit-resolved', actor: SYSTEM, note: 'the author edited the sensitive text out', decisionId });
      await tx.appendAudit({ at, kind: 'incident.resolved', subject: inc.id, data: { number: inc.number, by: SYSTEM, reason: 'edit removed the sensitive text', decisionId } });
      await enqueueCardUpdates(tx, inc.id, at);
    }
  }

  async function incidentCommand(incidentId: string, command: IncidentCommand, actor: Actor, note?: string): Promise<IncidentView> {
    const at = now();
    const updated = await store.transaction(async (tx) => {
      const inc = await tx.getIncident(incidentId);
      if (!inc) throw new CoreError('unknown-incident', `no incident "${incidentId}"`);
      const t = transition(inc, command, actor);
      if (t.noop) return inc;
      const closing = t.status === 'resolved' || t.status === 'false-positive';
      const next = await tx.updateIncident(inc.id, {
        status: t.status,
        ...(t.assign ? { assignee: actor } : {}),
        ...(closing ? { resolvedAt: at } : {}),
        updatedAt: at,
      });
      // Responders type notes; mask anything sensitive before it reaches the timeline or audit.
      const raw = note?.trim() ?? '';
      const trimmed = raw ? maskFreeText(engine, raw, 500) : undefined;
      await tx.addTimeline({ incidentId: inc.id, at, kind: t.kind, actor, ...(trimmed ? { note: trimmed } : {}) });
      await tx.appendAudit({
        at,
        kind: `incident.${t.kind}`,
        subject: inc.id,
        data: { number: inc.number, from: inc.status, to: t.status, by: actor, ...(trimmed ? { note: trimmed } : {}) },
      });
      if (t.status === 'false-positive') {
        const fb: FeedbackRecord = { id: randomUUID(), decisionId: `incident:${inc.id}`, kind: 'false-positive', actor, ruleIds: [inc.ruleId], released: false, createdAt: at };
        await tx.insertFeedback(fb);
      }
      await enqueueCardUpdates(tx, inc.id, at);
      return next;
    });
    log.info({ incidentId: updated.id, command, actor: actor.id }, 'incident command');
    worker.kick();
    return incidentView(store, updated);
  }

  async function feedback(
    decisionId: string,
    kind: 'false-positive' | 'override',
    actor: Actor,
    justification?: string,
  ): Promise<{ released: boolean; detail: string }> {
    const decision = await store.getDecision(decisionId);
    if (!decision) throw new CoreError('unknown-decision', `no decision "${decisionId}"`);
    // The justification is free text: mask anything sensitive in it before it is stored.
    const raw = justification?.trim() ?? '';
    const safeJustification = raw ? maskFreeText(engine, raw) : undefined;
    if (kind === 'override' && !safeJustification) {
      return { released: false, detail: FEEDBACK_TEXT.justificationRequired };
    }
    const ruleIds = [...new Set(decision.findings.filter((f) => f.mode !== 'off').map((f) => f.ruleId))];
    const at = now();
    let released = false;
    let detail: string = FEEDBACK_TEXT.falsePositive;
    await store.transaction(async (tx) => {
      if (kind === 'override') {
        const rows: OutboxRow[] = await tx.outboxFor(decisionId);
        const remove = rows.find((r) => r.kind === 'remove');
        const allowed = overrideAllowed(decision.findings.map((f) => ({ severity: f.severity }) as Finding));
        if (!allowed) detail = FEEDBACK_TEXT.overrideNotAllowed;
        else if (!remove) {
          released = true;
          detail = FEEDBACK_TEXT.overrideReleased;
        } else {
          const n = await tx.cancelPending(decisionId, ['remove'], { ok: true, detail: 'released by the author’s override' }, at);
          released = n > 0;
          detail = released ? FEEDBACK_TEXT.overrideReleased : FEEDBACK_TEXT.overrideTooLate;
        }
      }
      await tx.insertFeedback({
        id: randomUUID(),
        decisionId,
        kind,
        actor,
        ...(safeJustification ? { justification: safeJustification } : {}),
        ruleIds,
        released,
        createdAt: at,
      });
      await tx.appendAudit({
        at,
        kind: `feedback.${kind}`,
        subject: decisionId,
        data: { by: actor, ruleIds, released, ...(safeJustification ? { justification: safeJustification } : {}) },
      });
      const inc = await tx.incidentForDecision(decisionId);
      if (inc) {
        const what = kind === 'override' ? `author overrode${released ? ' (message released)' : ''}` : 'author reported a false positive';
        await tx.addTimeline({ incidentId: inc.id, at, kind: `feedback.${kind}`, actor, note: safeJustification ? `${what}: ${safeJustification.slice(0, 200)}` : what, decisionId });
        await enqueueCardUpdates(tx, inc.id, at);
      }
    });
    log.info({ decisionId, kind, released }, 'feedback recorded');
    worker.kick();
    return { released, detail };
  }

  async function getIncident(incidentId: string): Promise<IncidentView | undefined> {
    const inc = await store.getIncident(incidentId);
    return inc ? incidentView(store, inc) : undefined;
  }

  async function incidentDetail(id: string): Promise<IncidentDetail | undefined> {
    const incident = await store.getIncident(id);
    if (!incident) return undefined;
    const timeline = await store.timeline(incident.id);
    const ids = [...new Set(timeline.map((t) => t.decisionId).filter((d): d is string => !!d))];
    const decisions = (await Promise.all(ids.map((d) => store.getDecision(d)))).filter((d): d is DecisionRecord => !!d);
    return { incident, view: await incidentView(store, incident), timeline, cards: await store.cards(incident.id), decisions };
  }

  async function purgeExpired(): Promise<PurgeResult | undefined> {
    if (policy.retention_days <= 0) return undefined;
    const t = clock();
    const before = new Date(t.getTime() - policy.retention_days * 86_400_000).toISOString();
    const result = await store.purge(before, t.toISOString());
    log.info({ ...result }, 'retention purge');
    return result;
  }

  async function verifyAudit(): Promise<VerifyResult> {
    await store.flushAuditQueue(100_000);
    return verifyChain(await store.auditEntries(), await store.auditAnchor(), await store.auditHead());
  }

  return {
    worker,
    policy,
    store,
    accept,
    incidentCommand,
    feedback,
    getIncident,
    preview,
    async listIncidents(filter?: IncidentFilter) {
      const list = await store.listIncidents(filter);
      return Promise.all(list.map((i) => incidentView(store, i)));
    },
    incidentDetail,
    listDecisions: (filter) => store.listDecisions(filter),
    ruleStats: () => store.ruleStats(),
    incidentCounts: (range) => store.incidentCounts(range),
    overview: () => store.overview(),
    purgeExpired,
    verifyAudit,
  };
}

export { CoreError } from './incidents.js';
