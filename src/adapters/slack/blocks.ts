// Block Kit layouts for what the adapter posts. Words come ready-made from the core
// (WarningNotice, IncidentCardText); this file only lays them out. Pure.
import type { IncidentView, WarningNotice } from '../../bot/ports.js';
import { ACTION, encodeWarnRef, incidentActionId, OVERRIDE_BLOCK_ID, OVERRIDE_CALLBACK_ID, OVERRIDE_INPUT_ID, type WarnRef } from './action-ids.js';
import { escapeMrkdwn } from './markup.js';
import { SLACK_TEXT } from './texts.js';

/** A Block Kit block: plain JSON objects (the Web API takes them as JSON). */
export type Block = { type: string } & Record<string, unknown>;

const MAX_TEXT = 2900; // section text limit is 3000 characters

function clip(s: string, max = MAX_TEXT): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function mrkdwn(text: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: clip(text) };
}

function plain(text: string, max = 75): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: clip(text, max), emoji: true };
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Block {
  const b: Block = { type: 'button', text: plain(text), action_id: actionId, value };
  if (style) b.style = style;
  return b;
}

export interface WarningLayout {
  notice: WarningNotice;
  ref: WarnRef;
  /** Offer "Delete my message" only where the bot can delete (admin token, internal author). */
  canDelete: boolean;
}

/** The employee warning: what happened, why it matters, what to do now; then the buttons. */
export function warningBlocks({ notice, ref, canDelete }: WarningLayout): Block[] {
  const value = encodeWarnRef(ref);
  const buttons: Block[] = [];
  if (canDelete && notice.buttons.delete) buttons.push(button(notice.buttons.delete, ACTION.warnDelete, value, 'danger'));
  buttons.push(button(notice.buttons.falsePositive, ACTION.warnFalsePositive, value));
  if (notice.buttons.override) {
    buttons.push(button(notice.buttons.override, ACTION.warnOverride, encodeWarnRef({ ...ref, p: notice.overridePrompt.slice(0, 500) })));
  }
  const blocks: Block[] = [
    { type: 'section', text: mrkdwn(`*${escapeMrkdwn(notice.headline)}*`) },
    { type: 'section', text: mrkdwn(`${escapeMrkdwn(notice.why)}\n${escapeMrkdwn(notice.whatNow)}`) },
  ];
  if (notice.previews.length > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(notice.previews.map((p) => `\`${escapeMrkdwn(p)}\``).join('  '))] });
  }
  blocks.push({ type: 'actions', block_id: 'dlp_warning_actions', elements: buttons });
  return blocks;
}

export function warningFallbackText(notice: WarningNotice): string {
  return clip(`${notice.headline} ${notice.whatNow}`);
}

/** The modal behind "Override with justification": one required multi-line input. */
export function overrideModal(prompt: string, privateMetadata: string): Block {
  return {
    type: 'modal',
    callback_id: OVERRIDE_CALLBACK_ID,
    private_metadata: privateMetadata,
    title: plain(SLACK_TEXT.overrideTitle, 24),
    submit: plain(SLACK_TEXT.overrideSubmit, 24),
    close: plain(SLACK_TEXT.overrideCancel, 24),
    blocks: [
      {
        type: 'input',
        block_id: OVERRIDE_BLOCK_ID,
        optional: false,
        label: plain(prompt, 2000),
        element: { type: 'plain_text_input', action_id: OVERRIDE_INPUT_ID, multiline: true, min_length: 1, max_length: 2000 },
      },
    ],
  };
}

/** The incident card for the security channel, redrawn whole on every change (chat.update). */
export function incidentCardBlocks(view: IncidentView): Block[] {
  const t = view.text;
  const blocks: Block[] = [
    { type: 'section', text: mrkdwn(`*${escapeMrkdwn(t.title)}*\n${escapeMrkdwn(t.status)}`) },
  ];
  // Section fields: at most 10 per block.
  for (let i = 0; i < t.fields.length; i += 10) {
    blocks.push({
      type: 'section',
      fields: t.fields.slice(i, i + 10).map((f) => mrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`)),
    });
  }
  if (t.done.length > 0) blocks.push({ type: 'context', elements: [mrkdwn(`Done: ${t.done.map(escapeMrkdwn).join(' · ')}`)] });
  for (const p of t.problems) blocks.push({ type: 'section', text: mrkdwn(`:red_circle: *${escapeMrkdwn(p)}*`) });
  if (t.history.length > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(t.history.slice(-5).map(escapeMrkdwn).join('\n'))] });
  }
  const elements: Block[] = t.buttons.map((b) =>
    button(b.label, incidentActionId(b.command), view.id, b.command === 'resolve' ? 'primary' : b.command === 'false-positive' ? 'danger' : undefined),
  );
  if (t.permalink) elements.push({ type: 'button', text: plain(SLACK_TEXT.openMessage), action_id: ACTION.openMessage, url: t.permalink });
  if (elements.length > 0) blocks.push({ type: 'actions', block_id: `dlp_incident_${view.id}`.slice(0, 255), elements });
  return blocks;
}

export function incidentFallbackText(view: IncidentView): string {
  return clip(`${view.text.title} · ${view.text.status}`);
}

/** The masked copy posted where a redacted message was. */
export function redactedCopyText(authorId: string, redactedText: string): string {
  return clip(SLACK_TEXT.redactedCopy(`<@${authorId}>`, escapeMrkdwn(redactedText)), 3900);
}
