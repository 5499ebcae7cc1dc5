// decide(): a PURE function of message, findings and policy. No I/O, no clock, no randomness, so
// every decision can be replayed and explained: each action carries the rule and policy clause.
import { levelRank, severityRank, type Finding, type Severity } from '../rules/types.js';
import type { ChatMessage } from './message.js';
import { globMatch, severityAfterRaise, type Mode, type Policy, type PolicyAction, type ConversationPolicy } from './policy.js';

export type DecidedKind = PolicyAction;

export interface Reason {
  ruleId: string;
  /** The policy clause that produced it: `defaults.secret.high`, `conversations[2] "#deployments"`... */
  clause: string;
  /** One line for people: "aws-access-key-id (high) → defaults.secret.high". */
  text: string;
}

export interface DecidedAction {
  kind: DecidedKind;
  ruleIds: string[];
  reasons: Reason[];
}

export interface FindingDecision {
  /** Index into the findings passed in. */
  index: number;
  ruleId: string;
  mode: Mode;
  /** Severity used for the table lookup (raised when external people are present). */
  effectiveSeverity: Severity;
  clause: string;
  actions: PolicyAction[];
}

export interface Decision {
  /** enforce: actions run · monitor: recorded only · off: rules/conversation switched off · exempt · clean: nothing found */
  mode: 'enforce' | 'monitor' | 'off' | 'exempt' | 'clean';
  /** Actions to run, in execution order: block|redact, warn|notify, escalate. */
  actions: DecidedAction[];
  /** What monitor-mode findings would have done (the dry run). */
  monitored: DecidedAction[];
  perFinding: FindingDecision[];
  /** Why the message is exempt, as a clause (`exemptions.bots`). */
  exemption?: string;
  /** External or guest people can read this, or the author is one. */
  external: boolean;
  /** The conversation entry that applied, as `conversations[i] "<match>"`. */
  conversationClause?: string;
  /** An edit that no longer contains anything sensitive: open incidents for the message resolve. */
  editCleared: boolean;
}

const MODE_ORDER: Record<Mode, number> = { enforce: 0, monitor: 1, off: 2 };
const stricterMode = (a: Mode, b: Mode): Mode => (MODE_ORDER[a] >= MODE_ORDER[b] ? a : b);
const ORDER: DecidedKind[] = ['block', 'redact', 'warn', 'notify', 'escalate'];

export function matchConversation(
  message: ChatMessage,
  policy: Policy,
): { entry: ConversationPolicy; index: number; clause: string } | undefined {
  const c = message.conversation;
  for (const [index, entry] of policy.conversations.entries()) {
    const { id, name } = entry.match;
    const hit = (id !== undefined && id === c.id) || (name !== undefined && c.name !== undefined && globMatch(name, c.name));
    if (hit) return { entry, index, clause: `conversations[${index}] "${id ?? name}"` };
  }
  return undefined;
}

export function isExternalContext(message: ChatMessage): boolean {
  const c = message.conversation;
  const a = message.author;
  return c.kind === 'shared-external' || !!c.hasExternalMembers || !!c.hasGuests || a.isExternal || a.isGuest;
}

export function exemption(message: ChatMessage, policy: Policy, conv?: { entry: ConversationPolicy; clause: string }): string | undefined {
  const ex = policy.exemptions;
  if (ex.bots && message.author.isBot) return 'exemptions.bots';
  const ai = ex.authors.indexOf(message.author.id);
  if (ai >= 0) return `exemptions.authors[${ai}]`;
  const c = message.conversation;
  const ci = ex.conversations.findIndex((p) => p === c.id || (c.name !== undefined && globMatch(p, c.name)));
  if (ci >= 0) return `exemptions.conversations[${ci}] "${ex.conversations[ci]}"`;
  if (conv?.entry.exempt) return `${conv.clause}.exempt`;
  return undefined;
}

/**
 * Decide what to do. `ruleModes` are the modes the engine loaded (rule files); policy `rules:`
 * entries override them. The strictest of global, conversation and rule mode applies
 * (off > monitor > enforce).
 */
export function decide(
  message: ChatMessage,
  findings: readonly Finding[],
  policy: Policy,
  ruleModes: Readonly<Record<string, Mode>> = {},
): Decision {
  const conv = matchConversation(message, policy);
  const external = isExternalContext(message);
  const base = { perFinding: [] as FindingDecision[], actions: [] as DecidedAction[], monitored: [] as DecidedAction[], external, conversationClause: conv?.clause };
  const ex = exemption(message, policy, conv);
  if (ex) return { ...base, mode: 'exempt', exemption: ex, editCleared: false };

  let convMode: Mode = policy.mode;
  if (conv?.entry.mode) convMode = stricterMode(convMode, conv.entry.mode);

  const perFinding: FindingDecision[] = findings.map((f, index) => {
    const ruleMode = policy.rules[f.ruleId]?.mode ?? ruleModes[f.ruleId] ?? 'enforce';
    const mode = stricterMode(convMode, ruleMode);
    const { clause, actions, effectiveSeverity } = lookup(f, message, policy, conv, external);
    return { index, ruleId: f.ruleId, mode, effectiveSeverity, clause, actions };
  });

  const enforced = perFinding.filter((p) => p.mode === 'enforce');
  const monitoredOnly = perFinding.filter((p) => p.mode === 'monitor');
  const actions = merge(enforced, findings);
  const monitored = merge(monitoredOnly, findings);
  const live = perFinding.filter((p) => p.mode !== 'off');
  const mode: Decision['mode'] =
    findings.length === 0 ? 'clean' : enforced.length > 0 ? 'enforce' : monitoredOnly.length > 0 ? 'monitor' : 'off';
  return { ...base, perFinding, actions, monitored, mode, editCleared: message.isEdit && live.length === 0 };
}

function lookup(
  f: Finding,
  message: ChatMessage,
  policy: Policy,
  conv: { entry: ConversationPolicy; clause: string } | undefined,
  external: boolean,
): { clause: string; actions: PolicyAction[]; effectiveSeverity: Severity } {
  const extra = external ? policy.external.add : [];
  const extClause = external && extra.length > 0 ? ' + external.add' : '';
  if (f.category === 'classification' && f.marking) {
    const ceiling = conv?.entry.ceiling ?? message.conversation.ceiling ?? policy.classification.default_ceiling;
    const ceilingFrom = conv?.entry.ceiling ? `${conv.clause}.ceiling` : message.conversation.ceiling ? 'conversation ceiling' : 'classification.default_ceiling';
    const diff = levelRank(f.marking.level) - levelRank(ceiling);
    const cell = diff <= 0 ? 'at_or_below' : diff === 1 ? 'one_above' : 'two_or_more_above';
    return {
      clause: `classification.${cell} (${f.marking.level} vs ${ceiling} from ${ceilingFrom})${extClause}`,
      actions: union(policy.classification[cell], extra),
      effectiveSeverity: f.severity,
    };
  }
  const sev = external ? severityAfterRaise(f.severity, policy.external.raise_severity) : f.severity;
  const raised = sev !== f.severity ? ` (raised from ${f.severity} by external.raise_severity)` : '';
  const override = conv?.entry.actions?.[f.category]?.[sev];
  if (override && conv) {
    return { clause: `${conv.clause}.actions.${f.category}.${sev}${raised}${extClause}`, actions: union(override, extra), effectiveSeverity: sev };
  }
  return { clause: `defaults.${f.category}.${sev}${raised}${extClause}`, actions: union(policy.defaults[f.category][sev], extra), effectiveSeverity: sev };
}

function union(a: readonly PolicyAction[], b: readonly PolicyAction[]): PolicyAction[] {
  return [...new Set([...a, ...b])];
}

// Fold per-finding actions into one plan: block beats redact, warn beats notify, and removing a
// message always tells its author (a silent removal would look like a bug).
function merge(items: FindingDecision[], findings: readonly Finding[]): DecidedAction[] {
  const byKind = new Map<DecidedKind, DecidedAction>();
  const add = (kind: DecidedKind, item: FindingDecision) => {
    const f = findings[item.index];
    const sev = f ? f.severity : item.effectiveSeverity;
    const reason: Reason = { ruleId: item.ruleId, clause: item.clause, text: `${item.ruleId} (${sev}) → ${item.clause}` };
    const a = byKind.get(kind) ?? { kind, ruleIds: [], reasons: [] };
    if (!a.ruleIds.includes(item.ruleId)) a.ruleIds.push(item.ruleId);
    if (!a.reasons.some((r) => r.text === reason.text)) a.reasons.push(reason);
    byKind.set(kind, a);
  };
  for (const item of items) {
    for (const kind of item.actions) add(kind, item);
    if (item.actions.includes('redact') || item.actions.includes('block')) add('warn', item);
  }
  if (byKind.has('block')) {
    const redact = byKind.get('redact');
    const block = byKind.get('block');
    if (redact && block) {
      for (const r of redact.reasons) if (!block.reasons.includes(r)) block.reasons.push(r);
      for (const id of redact.ruleIds) if (!block.ruleIds.includes(id)) block.ruleIds.push(id);
    }
    byKind.delete('redact');
  }
  if (byKind.has('warn')) {
    const notify = byKind.get('notify');
    const warn = byKind.get('warn');
    if (notify && warn) for (const id of notify.ruleIds) if (!warn.ruleIds.includes(id)) warn.ruleIds.push(id);
    byKind.delete('notify');
  }
  return ORDER.flatMap((k) => (byKind.has(k) ? [byKind.get(k) as DecidedAction] : []));
}

/** The finding that drives the headline: highest severity, then confidence. */
export function leadFinding<T extends Pick<Finding, 'severity' | 'confidence'>>(findings: readonly T[]): T | undefined {
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.confidence - a.confidence)[0];
}
