// Block Kit action ids and the small JSON payloads round-tripped in button values and modal
// metadata. Values carry ids only (decision, incident, channel, ts): never message content.
import type { IncidentCommand } from '../../bot/ports.js';

export const ACTION = {
  warnDelete: 'dlp_warn_delete',
  warnFalsePositive: 'dlp_warn_false_positive',
  warnOverride: 'dlp_warn_override',
  openMessage: 'dlp_open_message',
} as const;

export const INCIDENT_ACTION_PREFIX = 'dlp_incident_';
export const OVERRIDE_CALLBACK_ID = 'dlp_override_modal';
export const OVERRIDE_BLOCK_ID = 'justification';
export const OVERRIDE_INPUT_ID = 'justification_input';

const COMMANDS: readonly IncidentCommand[] = ['acknowledge', 'assign-to-me', 'resolve', 'false-positive'];

export function incidentActionId(command: IncidentCommand): string {
  return `${INCIDENT_ACTION_PREFIX}${command}`;
}

export function commandFromActionId(actionId: string): IncidentCommand | undefined {
  if (!actionId.startsWith(INCIDENT_ACTION_PREFIX)) return undefined;
  const c = actionId.slice(INCIDENT_ACTION_PREFIX.length);
  return (COMMANDS as readonly string[]).includes(c) ? (c as IncidentCommand) : undefined;
}

/** What a warning button needs to act: which decision, and where the message is. */
export interface WarnRef {
  /** decision id */
  d: string;
  /** channel, message ts, author id, thread ts */
  c: string;
  t: string;
  u: string;
  th?: string;
  /** Override prompt (only on the override button: the modal shows it). */
  p?: string;
}

export function encodeWarnRef(ref: WarnRef): string {
  return JSON.stringify(ref);
}

export function decodeWarnRef(value: string | undefined): WarnRef | undefined {
  if (!value) return undefined;
  try {
    const v: unknown = JSON.parse(value);
    if (typeof v !== 'object' || v === null) return undefined;
    const r = v as Record<string, unknown>;
    if (typeof r.d !== 'string' || typeof r.c !== 'string' || typeof r.t !== 'string' || typeof r.u !== 'string') {
      return undefined;
    }
    const out: WarnRef = { d: r.d, c: r.c, t: r.t, u: r.u };
    if (typeof r.th === 'string') out.th = r.th;
    if (typeof r.p === 'string') out.p = r.p;
    return out;
  } catch {
    return undefined;
  }
}
