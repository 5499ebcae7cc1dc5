// Incidents: the state machine (pure), opening or joining by fingerprint, and the card view.
// open → acknowledged → resolved | false-positive; every change lands in the timeline and audit.
import { randomUUID } from 'node:crypto';
import type { Finding } from '../rules/types.js';
import { leadFinding } from './decide.js';
import type { ChatMessage } from './message.js';
import { incidentCardText } from './notices.js';
import type { Actor, IncidentCommand, IncidentStatus, IncidentView } from './ports.js';
import type { IncidentRecord, Store, StoreOps } from './store.js';

export class CoreError extends Error {
  constructor(
    readonly code: 'unknown-incident' | 'unknown-decision' | 'invalid-transition' | 'justification-required',
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

export interface Transition {
  status: IncidentStatus;
  assign?: boolean;
  /** Timeline kind. */
  kind: string;
  /** Nothing changes (a double click): no timeline, no audit. */
  noop: boolean;
}

const CLOSED: IncidentStatus[] = ['resolved', 'false-positive'];

/** Pure: what a command does from a state. Throws CoreError for a command that makes no sense. */
export function transition(inc: Pick<IncidentRecord, 'number' | 'status' | 'assignee'>, command: IncidentCommand, actor: Actor): Transition {
  const closed = CLOSED.includes(inc.status);
  switch (command) {
    case 'acknowledge':
      if (inc.status === 'acknowledged') return { status: inc.status, kind: 'acknowledged', noop: true };
      if (closed) throw invalid(inc, command);
      return { status: 'acknowledged', kind: 'acknowledged', noop: false };
    case 'assign-to-me': {
      if (closed) throw invalid(inc, command);
      const same = inc.assignee?.platform === actor.platform && inc.assignee.id === actor.id;
      return { status: 'acknowledged', assign: true, kind: 'assigned', noop: same && inc.status === 'acknowledged' };
    }
    case 'resolve':
      if (inc.status === 'resolved') return { status: inc.status, kind: 'resolved', noop: true };
      if (closed) throw invalid(inc, command);
      return { status: 'resolved', kind: 'resolved', noop: false };
    case 'false-positive':
      if (inc.status === 'false-positive') return { status: inc.status, kind: 'false-positive', noop: true };
      if (closed) throw invalid(inc, command);
      return { status: 'false-positive', kind: 'false-positive', noop: false };
  }
}

function invalid(inc: Pick<IncidentRecord, 'number' | 'status'>, command: IncidentCommand): CoreError {
  return new CoreError('invalid-transition', `incident #${inc.number} is ${inc.status}: "${command}" is not possible any more`);
}

/**
 * Open an incident for this decision, or join the active one that already holds one of the
 * findings' fingerprints (the same value leaked again). Idempotent per decision.
 */
export async function openOrJoin(
  tx: StoreOps,
  args: { message: ChatMessage; decisionId: string; findings: readonly Finding[]; now: string; note?: string },
): Promise<{ incident: IncidentRecord; joined: boolean }> {
  const already = await tx.incidentForDecision(args.decisionId);
  if (already) return { incident: already, joined: false };
  const fps = [...new Set(args.findings.map((f) => f.fingerprint))];
  const previews = [...new Set(args.findings.map((f) => f.preview))];
  const m = args.message;
  const existing = await tx.findActiveIncidentByFingerprint(fps);
  if (existing) {
    // An edit of the message that opened it, still containing the value, is not a new leak.
    const sameMessage = existing.messageId === m.messageId && existing.conversation.id === m.conversation.id && existing.platform === m.platform;
    if (sameMessage) {
      await tx.linkDecision(existing.id, args.decisionId);
      await tx.addTimeline({ incidentId: existing.id, at: args.now, kind: 'edited', note: 'the message was edited and still contains it', decisionId: args.decisionId });
      return { incident: existing, joined: true };
    }
    const incident = await tx.updateIncident(existing.id, {
      occurrences: existing.occurrences + 1,
      fingerprints: fps,
      previews: [...new Set([...existing.previews, ...previews])].slice(0, 5),
      updatedAt: args.now,
    });
    await tx.linkDecision(incident.id, args.decisionId);
    const where = m.conversation.name ?? m.conversation.id;
    await tx.addTimeline({ incidentId: incident.id, at: args.now, kind: 'joined', note: `again in ${where} by @${m.author.name ?? m.author.id}`, decisionId: args.decisionId });
    await tx.appendAudit({ at: args.now, kind: 'incident.joined', subject: incident.id, data: { number: incident.number, decisionId: args.decisionId, occurrences: incident.occurrences } });
    return { incident, joined: true };
  }
  const lead = leadFinding(args.findings);
  if (!lead) throw new Error('openOrJoin needs at least one finding');
  const incident = await tx.insertIncident({
    id: randomUUID(),
    status: 'open',
    severity: lead.severity,
    category: lead.category,
    ruleId: lead.ruleId,
    ruleName: lead.ruleName,
    platform: m.platform,
    workspaceId: m.workspaceId,
    conversation: m.conversation,
    authorId: m.author.id,
    ...(m.author.name ? { authorName: m.author.name } : {}),
    messageId: m.messageId,
    ...(m.permalink ? { permalink: m.permalink } : {}),
    previews: previews.slice(0, 5),
    fingerprints: fps,
    openedAt: args.now,
  });
  await tx.linkDecision(incident.id, args.decisionId);
  await tx.addTimeline({ incidentId: incident.id, at: args.now, kind: 'opened', ...(args.note ? { note: args.note } : {}), decisionId: args.decisionId });
  await tx.appendAudit({
    at: args.now,
    kind: 'incident.opened',
    subject: incident.id,
    data: { number: incident.number, decisionId: args.decisionId, ruleId: lead.ruleId, severity: lead.severity, ...(args.note ? { note: args.note } : {}) },
  });
  return { incident, joined: false };
}

/** The card and console view of an incident, rendered from the store. */
export async function incidentView(store: Pick<Store, 'timeline' | 'priorIncidentsByFingerprint'>, inc: IncidentRecord): Promise<IncidentView> {
  const timeline = await store.timeline(inc.id);
  const prior = (await store.priorIncidentsByFingerprint(inc.fingerprints)).filter((p) => p.id !== inc.id && p.number < inc.number);
  const text = incidentCardText(
    {
      number: inc.number,
      status: inc.status,
      severity: inc.severity,
      category: inc.category,
      ruleName: inc.ruleName,
      conversation: inc.conversation,
      authorId: inc.authorId,
      ...(inc.authorName ? { authorName: inc.authorName } : {}),
      openedAt: inc.openedAt,
      previews: inc.previews,
      occurrences: inc.occurrences,
      ...(prior.length > 0 ? { seenBefore: { count: prior.length, incidentNumber: prior[0]?.number } } : {}),
      ...(inc.assignee ? { assignee: inc.assignee } : {}),
      done: inc.done,
      problems: inc.problems,
      ...(inc.permalink ? { permalink: inc.permalink } : {}),
    },
    timeline,
  );
  return {
    id: inc.id,
    number: inc.number,
    status: inc.status,
    severity: inc.severity,
    category: inc.category,
    ruleId: inc.ruleId,
    ruleName: inc.ruleName,
    platform: inc.platform,
    conversationId: inc.conversation.id,
    ...(inc.assignee ? { assignee: inc.assignee } : {}),
    text,
  };
}
