// The playground's work: scan pasted text with the rules in force (explanations on), redact it,
// and ask the policy what it would do in the chosen kind of conversation. Pure request/response:
// the text is neither stored, logged nor counted in /metrics.
import { CONVERSATION_KINDS, type ChatMessage, type ConversationKind } from '../../bot/message.js';
import type { Runtime } from '../runtime.js';
import { previewDecision, type DecisionPreview } from '../integrations.js';

export interface PlaygroundResult {
  findings: Array<{
    ruleId: string;
    ruleName: string;
    category: string;
    severity: string;
    confidence: number;
    start: number;
    end: number;
    preview: string;
    why: string[];
  }>;
  redacted: string;
  decision?: DecisionPreview;
  decisionError?: string;
}

export async function runPlayground(rt: Runtime, text: string, opts: { kind: unknown; external: boolean }): Promise<PlaygroundResult> {
  const kind: ConversationKind = (CONVERSATION_KINDS as readonly string[]).includes(String(opts.kind)) ? (opts.kind as ConversationKind) : 'public-channel';
  const findings = rt.engine.scanUncounted(text, { explain: true });
  const redacted = rt.engine.redact(text, findings);
  const out: PlaygroundResult = {
    findings: findings.map((f) => {
      const e = f.explanation;
      const why: string[] = [];
      if (e?.pattern) why.push(`pattern ${e.pattern}`);
      for (const v of e?.validators ?? []) why.push(`validator ${v.name} ${v.passed ? 'passed' : 'failed'}${v.detail ? ` (${v.detail})` : ''}`);
      if (e?.contextWords.length) why.push(`context words: ${e.contextWords.join(', ')}`);
      if (e?.allowlistChecked) why.push('not on the allowlist');
      for (const n of e?.notes ?? []) why.push(n);
      why.push(`confidence ${f.confidence.toFixed(2)}${e ? ` (base ${e.baseConfidence.toFixed(2)})` : ''}`);
      return { ruleId: f.ruleId, ruleName: f.ruleName, category: f.category, severity: f.severity, confidence: f.confidence, start: f.start, end: f.end, preview: f.preview, why };
    }),
    redacted,
  };
  if (rt.rules.policy) {
    const external = opts.external || kind === 'shared-external';
    const message: ChatMessage = {
      platform: 'slack',
      eventId: 'playground',
      workspaceId: 'playground',
      conversation: { id: 'playground', name: 'playground', kind, hasExternalMembers: external, hasGuests: opts.external },
      author: { id: 'playground', name: 'you', isGuest: false, isExternal: false, isBot: false },
      messageId: 'playground',
      text: redacted,
      isEdit: false,
      files: [],
      sentAt: new Date().toISOString(),
      route: {},
    };
    const ruleModes = Object.fromEntries(rt.engine.rules.map((r) => [r.id, r.mode]));
    try {
      out.decision = previewDecision(message, findings, rt.rules.policy, ruleModes);
    } catch (e) {
      out.decisionError = (e as Error).message;
    }
  }
  return out;
}
