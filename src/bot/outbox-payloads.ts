// What an outbox row carries: enough for ANY process to run the action later. The message's text
// is already the redacted text; findings hold masked previews and fingerprints only.
import type { Finding } from '../rules/types.js';
import type { ChatMessage } from './message.js';
import type { CardRef, WarningNotice } from './ports.js';
import type { Removal } from './notices.js';

export interface RemovePayload {
  message: ChatMessage;
  findings: Finding[];
  mode: 'redact' | 'block';
  redactedText: string;
  policyTip: string;
  complianceUrl?: string;
  allowOverride: boolean;
}

export interface WarnPayload {
  message: ChatMessage;
  findings: Finding[];
  /** One notice per possible removal outcome; the worker picks the one that became true. */
  notices: Record<Removal, WarningNotice>;
  dmCopy: boolean;
}

export interface EscalatePayload {
  message: ChatMessage;
  findings: Finding[];
  /** Policy did not ask to escalate: only escalate when removal failed permanently. */
  conditional: boolean;
}

export interface UpdateCardPayload {
  incidentId: string;
  card: CardRef;
}

/** Findings without explanations (patterns, validator details): the outbox keeps what it needs. */
export function outboxFindings(findings: readonly Finding[]): Finding[] {
  return findings.map((f) => {
    const { explanation: _explanation, ...rest } = f;
    return rest;
  });
}

/**
 * The payload as kept once an action is settled: no message text at all (not even redacted), so
 * a value the engine missed does not stay in the database after the work is done.
 */
export function scrubPayload(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...payload };
  const m = payload.message as ChatMessage | undefined;
  if (m && typeof m === 'object') {
    out.message = { ...m, text: '', files: (m.files ?? []).map(({ inlineText: _inline, ...f }) => f) };
  }
  if (typeof payload.redactedText === 'string') out.redactedText = '';
  return out;
}
