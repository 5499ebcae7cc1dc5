// The storage port of the bot core. Implementations (SQLite, PostgreSQL) live in
// src/adapters/store and pass one contract suite (test/store/contract.ts). Nothing here holds a
// raw sensitive value: previews are masked, fingerprints are keyed HMACs, and message text is
// present only when policy `store_text: true` asked for it.
import type { Category, Severity } from '../rules/types.js';
import type { ChatMessage, Platform } from './message.js';
import type { ActionKind, ActionResult, Actor, CardRef, IncidentStatus, KeyValueStore } from './ports.js';
import type { AuditEntry } from './audit.js';

/** An audit entry before it is chained. */
export interface AuditInput {
  at: string;
  kind: string;
  subject: string;
  data: Record<string, unknown>;
}

export interface StoredFinding {
  ruleId: string;
  ruleName: string;
  category: Category;
  severity: Severity;
  confidence: number;
  preview: string;
  fingerprint: string;
  /** enforce | monitor | off for this finding under the policy. */
  mode: string;
  markingLevel?: string;
}

export interface DecisionRecord {
  id: string;
  platform: Platform;
  eventId: string;
  workspaceId: string;
  conversationId: string;
  conversationName?: string;
  authorId: string;
  messageId: string;
  isEdit: boolean;
  /** enforce | monitor | off | exempt | clean */
  mode: string;
  /** Planned action kinds (decide() vocabulary: warn, redact, block, escalate, notify). */
  actions: string[];
  /** Reasons, one line each (rule → clause). */
  reasons: string[];
  findings: StoredFinding[];
  /** Only when policy store_text is true. */
  text?: string;
  createdAt: string;
}

export type OutboxStatus = 'pending' | 'done' | 'failed' | 'skipped';

export interface NewOutboxAction {
  decisionId?: string;
  /** Actions of one chain run in seq order: a later one waits until earlier ones are settled. */
  chain?: string;
  seq: number;
  kind: ActionKind;
  payload: Record<string, unknown>;
  notBefore: string;
}

export interface OutboxRow extends NewOutboxAction {
  id: number;
  status: OutboxStatus;
  attempts: number;
  leaseOwner?: string;
  leaseUntil?: string;
  result?: ActionResult;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentRecord {
  id: string;
  number: number;
  status: IncidentStatus;
  severity: Severity;
  category: Category;
  ruleId: string;
  ruleName: string;
  platform: Platform;
  workspaceId: string;
  /** The conversation as it was when the incident opened (no message text). */
  conversation: ChatMessage['conversation'];
  authorId: string;
  authorName?: string;
  messageId: string;
  permalink?: string;
  previews: string[];
  fingerprints: string[];
  occurrences: number;
  assignee?: Actor;
  done: string[];
  problems: string[];
  openedAt: string;
  updatedAt: string;
  resolvedAt?: string;
}

export type NewIncident = Omit<IncidentRecord, 'number' | 'occurrences' | 'done' | 'problems' | 'updatedAt' | 'assignee' | 'resolvedAt'>;

export interface IncidentPatch {
  status?: IncidentStatus;
  assignee?: Actor | null;
  occurrences?: number;
  done?: string[];
  problems?: string[];
  previews?: string[];
  fingerprints?: string[];
  updatedAt: string;
  resolvedAt?: string;
}

export interface TimelineEntry {
  incidentId: string;
  at: string;
  /** opened | joined | acknowledged | assigned | resolved | false-positive | edit-resolved | card-posted */
  kind: string;
  actor?: Actor;
  note?: string;
  decisionId?: string;
}

export interface FeedbackRecord {
  id: string;
  decisionId: string;
  kind: 'false-positive' | 'override';
  actor: Actor;
  justification?: string;
  ruleIds: string[];
  released: boolean;
  createdAt: string;
}

export interface IncidentFilter {
  status?: IncidentStatus | IncidentStatus[];
  ruleId?: string;
  conversationId?: string;
  authorId?: string;
  platform?: Platform;
  since?: string;
  until?: string;
  limit?: number;
  offset?: number;
}

export interface DecisionFilter {
  /** enforce | monitor | off | exempt | clean (monitor = the dry run of a new rule). */
  mode?: string;
  ruleId?: string;
  conversationId?: string;
  authorId?: string;
  since?: string;
  until?: string;
  limit?: number;
  offset?: number;
}

export interface RuleStat {
  ruleId: string;
  ruleName: string;
  /** Findings recorded (all modes). */
  findings: number;
  monitored: number;
  incidents: number;
  falsePositives: number;
  overrides: number;
  /** falsePositives / decisions with this rule (0 when none). */
  falsePositiveRate: number;
}

export interface CountRow {
  key: string;
  count: number;
}

export interface IncidentCounts {
  byRule: CountRow[];
  byConversation: CountRow[];
  byAuthor: CountRow[];
}

export interface Overview {
  decisions: number;
  findings: number;
  incidentsByStatus: Record<IncidentStatus, number>;
  outbox: Record<OutboxStatus, number>;
  feedback: { falsePositives: number; overrides: number };
  lastDecisionAt?: string;
}

export interface PurgeResult {
  before: string;
  decisions: number;
  incidents: number;
  auditEntries: number;
  outbox: number;
}

/** Operations that run inside the current transaction (or on their own outside one). */
export interface StoreOps {
  /** Inserts unless (platform, eventId) exists. Returns false for a duplicate. */
  insertDecision(d: DecisionRecord): Promise<boolean>;
  getDecision(id: string): Promise<DecisionRecord | undefined>;
  getDecisionByEvent(platform: Platform, eventId: string): Promise<DecisionRecord | undefined>;

  enqueue(actions: NewOutboxAction[]): Promise<void>;
  outboxFor(decisionId: string): Promise<OutboxRow[]>;
  /** Marks pending actions of these kinds skipped (an override released the message). */
  cancelPending(decisionId: string, kinds: ActionKind[], result: ActionResult, now: string): Promise<number>;

  /** Append to the hash chain; serialised across processes. */
  appendAudit(e: AuditInput): Promise<AuditEntry>;
  /** Queue an entry for the chain without waiting for its lock (flushAuditQueue() chains it). */
  queueAudit(e: AuditInput): Promise<void>;

  insertIncident(i: NewIncident): Promise<IncidentRecord>;
  getIncident(id: string): Promise<IncidentRecord | undefined>;
  /** The newest open or acknowledged incident containing one of these fingerprints. */
  findActiveIncidentByFingerprint(fingerprints: string[]): Promise<IncidentRecord | undefined>;
  /** Closed (resolved/false-positive) incidents that contained one of these fingerprints, newest first. */
  priorIncidentsByFingerprint(fingerprints: string[]): Promise<IncidentRecord[]>;
  updateIncident(id: string, patch: IncidentPatch): Promise<IncidentRecord>;
  linkDecision(incidentId: string, decisionId: string): Promise<void>;
  incidentForDecision(decisionId: string): Promise<IncidentRecord | undefined>;
  /** Active incidents opened or joined by decisions about this message. */
  activeIncidentsForMessage(platform: Platform, conversationId: string, messageId: string): Promise<IncidentRecord[]>;
  addTimeline(e: TimelineEntry): Promise<void>;
  timeline(incidentId: string): Promise<TimelineEntry[]>;
  addCard(incidentId: string, ref: CardRef): Promise<void>;
  cards(incidentId: string): Promise<CardRef[]>;

  insertFeedback(f: FeedbackRecord): Promise<void>;
  feedbackFor(decisionId: string): Promise<FeedbackRecord[]>;
}

export interface Store extends StoreOps, KeyValueStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Run `fn` in one transaction; everything it does commits or nothing does. */
  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T>;

  /**
   * Claim up to `limit` due actions for `owner` until `leaseUntil` (exclusive across processes:
   * row locks with SKIP LOCKED on PostgreSQL, the write lock on SQLite). Actions whose lease
   * expired (a dead worker) are claimable again. Within a chain, only the first unsettled one.
   */
  claim(owner: string, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]>;
  /** Settle a claimed action; its audit entry is queued in the same transaction. False when the lease was lost. */
  settle(
    id: number,
    owner: string,
    status: Exclude<OutboxStatus, 'pending'>,
    result: ActionResult,
    now: string,
    audit?: AuditInput,
    /** Replacement payload (the worker drops message text once an action is settled). */
    payload?: Record<string, unknown>,
  ): Promise<boolean>;
  /** Chain queued action audit entries (settle/release queue them); returns how many. */
  flushAuditQueue(limit?: number): Promise<number>;
  /** Keep a claim while a slow action runs (heartbeat). False when the lease was already lost. */
  extendLease(id: number, owner: string, leaseUntil: string): Promise<boolean>;
  /** Give a claimed action back for a later attempt. */
  release(id: number, owner: string, notBefore: string, result: ActionResult, now: string, audit?: AuditInput): Promise<boolean>;
  getOutbox(id: number): Promise<OutboxRow | undefined>;

  auditEntries(range?: { since?: string; until?: string }): Promise<AuditEntry[]>;
  /** The hash the first remaining entry follows (genesis, or the last purged entry's hash). */
  auditAnchor(): Promise<string>;
  /** The chain's head as recorded at the last append (catches a cut-off tail). */
  auditHead(): Promise<{ seq: number; hash: string }>;

  listIncidents(filter?: IncidentFilter): Promise<IncidentRecord[]>;
  /** Recorded decisions, newest first (monitor-mode review, console). */
  listDecisions(filter?: DecisionFilter): Promise<DecisionRecord[]>;
  incidentCounts(range?: { since?: string; until?: string }): Promise<IncidentCounts>;
  ruleStats(): Promise<RuleStat[]>;
  overview(): Promise<Overview>;
  /** Number of recorded findings with this fingerprint (how often a value was seen). */
  fingerprintCount(fingerprint: string): Promise<number>;

  /** Delete decisions, closed incidents, settled outbox rows and audit entries older than `before`; audited. */
  purge(before: string, now: string): Promise<PurgeResult>;
  close(): Promise<void>;
}
