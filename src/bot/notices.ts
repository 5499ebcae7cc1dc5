// Every word an employee or a responder reads comes from here (UX.md): helpful colleague, what
// happened → why it matters → what to do now, under 60 words, masked previews only.
import type { Category, Finding, Severity } from '../rules/types.js';
import type { Conversation, ChatMessage } from './message.js';
import type { ActionResult, Actor, IncidentCardText, IncidentCommand, IncidentStatus, WarningNotice } from './ports.js';
import { leadFinding } from './decide.js';

/** What happened to the message by the time the author is warned (`pending`: removal waits for a justification). */
export type Removal = 'removed' | 'redacted' | 'not-removed' | 'pending' | 'none';

/** The finding fields notices may use: never a raw value, by construction. */
export type NoticeFinding = Pick<Finding, 'ruleId' | 'ruleName' | 'category' | 'severity' | 'confidence' | 'preview'> & {
  marking?: Finding['marking'];
};

export interface WarningContext {
  findings: readonly NoticeFinding[];
  conversation: Conversation;
  removal: Removal;
  /** notify = a heads-up only; warn = please act. */
  tone: 'warn' | 'notify';
  allowOverride: boolean;
  policyUrl?: string;
}

const article = (s: string) => (/^[aeiou]/i.test(s) && !/^(uk|us|eu|one)\b/i.test(s) ? `an ${s}` : `a ${s}`);

/** "#deployments" or "this chat". */
export function placeName(c: Conversation): string {
  if (c.kind === 'direct-message') return 'this direct message';
  if (c.kind === 'group-chat') return c.name ? c.name : 'this group chat';
  return c.name ? (c.name.startsWith('#') ? c.name : `#${c.name}`) : 'this channel';
}

function audience(c: Conversation): string {
  const parts: string[] = [];
  if (c.hasExternalMembers || c.kind === 'shared-external') parts.push('people from other organisations');
  if (c.hasGuests) parts.push('guests');
  const who = c.memberCount ? `all ${c.memberCount} people in ${placeName(c)}` : `anyone in ${placeName(c)}`;
  return parts.length ? `${who}, including ${parts.join(' and ')}` : who;
}

const WHY: Record<Category, (c: Conversation, f: NoticeFinding) => string> = {
  secret: (c) => `Keys and passwords in chat can be copied by ${audience(c)}.`,
  personal: (c) => `Personal data here can be read by ${audience(c)}; it should stay need-to-know.`,
  legal: (c) => `Case details here can reach ${audience(c)}, which may break privilege or a court order.`,
  classification: (c, f) =>
    `${placeName(c)} is not cleared for ${f.marking ? f.marking.level.toUpperCase() : 'this marking'}; ${audience(c)} can read it.`,
};

const TODO: Record<Category, string> = {
  secret: 'Please rotate it now: treat it as exposed.',
  personal: 'Please share it through an approved system instead.',
  legal: 'Please move this to the matter workspace.',
  classification: 'Please use a system cleared for that marking.',
};

const DONE: Record<Removal, string> = {
  removed: "I've removed the message.",
  redacted: "I've removed the message and posted a masked copy.",
  'not-removed': "I couldn't remove the message, so please delete it yourself.",
  pending: "I'll remove the message shortly unless you tell me why it must stay.",
  none: 'Please edit or delete the message.',
};

export function warningNotice(ctx: WarningContext): WarningNotice {
  const lead = leadFinding(ctx.findings);
  const name = lead ? lead.ruleName : 'something sensitive';
  const others = new Set(ctx.findings.map((f) => f.ruleId)).size - 1;
  const more = others > 0 ? ` and ${others} more item${others > 1 ? 's' : ''}` : '';
  const preview = lead?.preview ? ` (${lead.preview})` : '';
  const previews = [...new Set(ctx.findings.map((f) => f.preview).filter((p) => p.length > 0))].slice(0, 5);
  if (ctx.tone === 'notify' && ctx.removal === 'none') {
    return {
      headline: `ℹ️ Heads-up: that message looks like it contains ${article(name)}${preview}${more}.`,
      why: lead ? WHY[lead.category](ctx.conversation, lead) : '',
      whatNow: 'If it was not meant for this audience, please edit or delete it.',
      previews,
      buttons: { falsePositive: "It's a false positive" },
      overridePrompt: '',
    };
  }
  return {
    headline: `🔒 That message contained ${article(name)}${preview}${more}.`,
    why: lead ? WHY[lead.category](ctx.conversation, lead) : '',
    whatNow: `${DONE[ctx.removal]} ${lead ? TODO[lead.category] : ''}`.trim(),
    previews,
    buttons: {
      ...(ctx.removal === 'none' || ctx.removal === 'not-removed' || ctx.removal === 'pending' ? { delete: 'Delete my message' } : {}),
      falsePositive: "It's a false positive",
      ...(ctx.allowOverride ? { override: 'I need to share this: justify' } : {}),
    },
    overridePrompt: ctx.allowOverride ? 'Why does this need to be shared here? Your answer is recorded for the security team.' : '',
  };
}

/** Policy tip for platforms that show one next to a hidden message (Teams policyViolation). */
export function policyTip(findings: readonly NoticeFinding[]): string {
  const lead = leadFinding(findings);
  return lead ? `Hidden by data-loss prevention: it contained ${article(lead.ruleName)}.` : 'Hidden by data-loss prevention.';
}

/** A line of the card's "Done" list or of its red "problems", from an action's outcome. */
export function outcomeLine(kind: 'remove' | 'warn', mode: 'redact' | 'block' | undefined, result: ActionResult): { done?: string; problem?: string } {
  if (kind === 'remove') {
    if (result.ok) return { done: mode === 'redact' ? 'message removed ✓ · masked copy posted ✓' : 'message removed ✓' };
    return { problem: `Message still visible: ${result.detail}` };
  }
  return result.ok ? { done: 'author warned ✓' } : { problem: `Author not warned: ${result.detail}` };
}

export function notRemovedNote(): string {
  return 'Escalated because the message could not be removed.';
}

export interface CardIncident {
  number: number;
  status: IncidentStatus;
  severity: Severity;
  category: Category;
  ruleName: string;
  conversation: Conversation;
  authorId: string;
  authorName?: string;
  openedAt: string;
  previews: string[];
  occurrences: number;
  seenBefore?: { count: number; incidentNumber?: number };
  assignee?: Actor;
  done: string[];
  problems: string[];
  permalink?: string;
}

export interface TimelineLine {
  at: string;
  kind: string;
  actor?: Actor;
  note?: string;
}

const STATUS_WORD: Record<IncidentStatus, string> = {
  open: 'open',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  'false-positive': 'false positive',
};

const BUTTONS: Record<IncidentCommand, string> = {
  acknowledge: 'Acknowledge',
  'assign-to-me': 'Assign to me',
  resolve: 'Resolve',
  'false-positive': 'False positive',
};

const who = (a?: Actor) => (a ? `@${a.name ?? a.id}` : 'someone');
const hhmm = (iso: string) => iso.slice(11, 16);

export function historyLine(t: TimelineLine): string {
  const note = t.note ? `: ${t.note}` : '';
  switch (t.kind) {
    case 'opened':
      return `Opened at ${hhmm(t.at)}`;
    case 'joined':
      return `Seen again at ${hhmm(t.at)}${note}`;
    case 'acknowledged':
      return `Acknowledged by ${who(t.actor)} at ${hhmm(t.at)}${note}`;
    case 'assigned':
      return `Assigned to ${who(t.actor)} at ${hhmm(t.at)}${note}`;
    case 'resolved':
      return `Resolved by ${who(t.actor)} at ${hhmm(t.at)}${note}`;
    case 'false-positive':
      return `Marked false positive by ${who(t.actor)} at ${hhmm(t.at)}${note}`;
    case 'feedback.false-positive':
      return `${who(t.actor)} reported a false positive at ${hhmm(t.at)}`;
    case 'feedback.override':
      return `${who(t.actor)} overrode at ${hhmm(t.at)}${t.note ? `: ${t.note.replace(/^author overrode( \(message released\))?: ?/, (_m, rel: string | undefined) => (rel ? 'message released; ' : ''))}` : ''}`;
    case 'edited':
      return `Message edited at ${hhmm(t.at)}${note}`;
    case 'edit-resolved':
      return `Resolved at ${hhmm(t.at)}: the author edited the sensitive text out`;
    default:
      return `${t.kind} at ${hhmm(t.at)}${note}`;
  }
}

function where(c: Conversation): string {
  const kind: Record<Conversation['kind'], string> = {
    'public-channel': 'public',
    'private-channel': 'private',
    'group-chat': 'group chat',
    'direct-message': 'direct message',
    'shared-external': 'shared with another organisation',
  };
  const bits = [kind[c.kind]];
  if (c.memberCount) bits.push(`${c.memberCount} members`);
  if (c.hasGuests) bits.push('guests present');
  if (c.hasExternalMembers && c.kind !== 'shared-external') bits.push('external members');
  return `${placeName(c)} (${bits.join(', ')})`;
}

export function incidentCardText(inc: CardIncident, timeline: readonly TimelineLine[]): IncidentCardText {
  const fields = [
    { label: 'Where', value: where(inc.conversation) },
    { label: 'Who', value: `@${inc.authorName ?? inc.authorId}` },
    { label: 'When', value: `${inc.openedAt.slice(0, 10)} ${inc.openedAt.slice(11, 19)} UTC` },
    { label: 'Evidence', value: inc.previews.slice(0, 3).join(', ') || '(no preview)' },
  ];
  if (inc.occurrences > 1) fields.push({ label: 'Occurrences', value: `${inc.occurrences}×` });
  if (inc.seenBefore && inc.seenBefore.count > 0) {
    const ref = inc.seenBefore.incidentNumber ? ` (incident #${inc.seenBefore.incidentNumber})` : '';
    fields.push({ label: 'Seen before', value: `${inc.seenBefore.count}×${ref}` });
  }
  if (inc.assignee) fields.push({ label: 'Assignee', value: who(inc.assignee) });
  const buttons = commandsFor(inc.status).map((command) => ({ command, label: BUTTONS[command] }));
  return {
    title: `${inc.severity.toUpperCase()} · ${inc.category} · ${inc.ruleName}`,
    status: `incident #${inc.number} · ${STATUS_WORD[inc.status]}`,
    fields,
    done: [...inc.done],
    problems: [...inc.problems],
    history: timeline.filter((t) => t.kind !== 'card-posted').slice(-5).map(historyLine),
    buttons,
    ...(inc.permalink ? { permalink: inc.permalink } : {}),
  };
}

/** The commands that make sense in a state (the card shows these buttons). */
export function commandsFor(status: IncidentStatus): IncidentCommand[] {
  if (status === 'open') return ['acknowledge', 'assign-to-me', 'resolve', 'false-positive'];
  if (status === 'acknowledged') return ['assign-to-me', 'resolve', 'false-positive'];
  return [];
}

/** Used by feedback(): what the employee is told after pressing a button. */
export const FEEDBACK_TEXT = {
  falsePositive: 'Thanks: I have told the security team this looks like a false positive.',
  overrideReleased: 'Thanks: your reason is recorded and the message will stay.',
  overrideNotAllowed: 'Thanks: your reason is recorded. Policy does not allow releasing this kind of message; the security team will follow up.',
  overrideTooLate: 'Thanks: your reason is recorded, but the message was already removed. The security team will follow up.',
  justificationRequired: 'Please give a reason: overrides need a justification.',
} as const;

/** Redacted-copy text the platforms repost in place of a removed message. */
export function maskedCopyHeader(message: Pick<ChatMessage, 'author'>): string {
  return `Message from @${message.author.name ?? message.author.id}, with sensitive details masked by DLP:`;
}
