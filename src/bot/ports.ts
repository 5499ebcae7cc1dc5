// The seams between the bot core (src/bot) and the platform adapters (src/adapters/slack|teams).
// The core never imports an SDK; adapters never decide. All user-facing words are produced by the
// core (src/bot/notices.ts) and arrive here ready-made, so adapters only lay them out.
import type { Finding, Severity, Category } from '../rules/types.js';
import type { ChatMessage, Platform } from './message.js';

export type ActionKind = 'remove' | 'warn' | 'escalate' | 'update-card' | 'notify';

/** Someone acting on an incident or giving feedback, on any surface. */
export interface Actor {
  platform: Platform | 'console';
  id: string;
  name?: string;
}

/** The words of an employee warning (UX.md: what happened, why it matters, what to do now). */
export interface WarningNotice {
  headline: string;
  why: string;
  whatNow: string;
  /** Masked previews only. */
  previews: string[];
  buttons: { delete?: string; falsePositive: string; override?: string };
  /** Shown on the override modal / card input. */
  overridePrompt: string;
}

export interface WarnRequest {
  message: ChatMessage;
  findings: Finding[];
  notice: WarningNotice;
  /** Also send a direct-message copy (Slack ephemerals vanish on reload). */
  dmCopy: boolean;
  /** Opaque reference the adapter round-trips in button payloads (the decision's id). */
  decisionId: string;
}

export interface RemoveRequest {
  message: ChatMessage;
  findings: Finding[];
  /** The message text with every finding's span replaced (safe to post). */
  redactedText: string;
  /** redact: remove and repost a masked copy where possible; block: hide/remove only. */
  mode: 'redact' | 'block';
  /** Policy tip and compliance URL for platforms that show one (Teams policyViolation). */
  policyTip: string;
  complianceUrl?: string;
  allowOverride: boolean;
}

export interface ActionResult {
  ok: boolean;
  /** What was done, or why not ("no admin token: message still visible", "Graph 403 ..."). */
  detail: string;
  /** True when retrying cannot help (permission refused, external author). */
  permanent?: boolean;
}

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved' | 'false-positive';
export type IncidentCommand = 'acknowledge' | 'assign-to-me' | 'resolve' | 'false-positive';

export interface IncidentCardText {
  /** "HIGH · secret · AWS access key" */
  title: string;
  /** "incident #142 · open" */
  status: string;
  fields: Array<{ label: string; value: string }>;
  /** Things done ("message removed ✓"). */
  done: string[];
  /** Shown in red: what the bot could not do ("Message still visible: ..."). */
  problems: string[];
  /** Latest changes, newest last ("Acknowledged by @sam at 14:05"). */
  history: string[];
  buttons: Array<{ command: IncidentCommand; label: string }>;
  permalink?: string;
}

export interface IncidentView {
  id: string;
  number: number;
  status: IncidentStatus;
  severity: Severity;
  category: Category;
  ruleId: string;
  ruleName: string;
  platform: Platform;
  conversationId: string;
  assignee?: Actor;
  text: IncidentCardText;
}

/** Where an incident card was posted, so it can be updated in place. */
export interface CardRef {
  platform: Platform;
  conversationId: string;
  messageId: string;
}

/** What each platform adapter provides to the core's outbox worker. */
export interface ChatPlatform {
  readonly platform: Platform;
  remove(req: RemoveRequest): Promise<ActionResult>;
  warn(req: WarnRequest): Promise<ActionResult>;
  postIncidentCard(view: IncidentView): Promise<CardRef>;
  updateIncidentCard(ref: CardRef, view: IncidentView): Promise<void>;
}

export interface AcceptResult {
  /** True when this event id was seen before: nothing new was recorded. */
  duplicate: boolean;
  decisionId?: string;
  findings: number;
  actions: ActionKind[];
}

/** What the core offers the adapters and the console. */
export interface BotCore {
  /** Scan, decide, and record decision + outbox in one transaction (idempotent by event id). */
  accept(message: ChatMessage): Promise<AcceptResult>;
  /** A responder pressed a button (card, console). Returns the refreshed view; cards elsewhere are updated through the outbox. */
  incidentCommand(incidentId: string, command: IncidentCommand, actor: Actor, note?: string): Promise<IncidentView>;
  /** An employee said "false positive" or overrode with a justification. */
  feedback(
    decisionId: string,
    kind: 'false-positive' | 'override',
    actor: Actor,
    justification?: string,
  ): Promise<{ released: boolean; detail: string }>;
  getIncident(incidentId: string): Promise<IncidentView | undefined>;
}

/** Small durable key-value space for adapters (e.g. Teams conversation references). */
export interface KeyValueStore {
  getValue<T = unknown>(namespace: string, key: string): Promise<T | undefined>;
  putValue(namespace: string, key: string, value: unknown): Promise<void>;
}
