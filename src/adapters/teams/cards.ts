// Adaptive Cards (schema 1.5: Action.Execute) for the employee warning and the incident card.
// Inputs are words from the core and masked previews only; never message text.
import type { IncidentView, WarningNotice } from '../../bot/ports.js';
import { TEAMS_TEXT } from './texts.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export type CardJson = Record<string, unknown>;

/** Verbs and data that round-trip through Action.Execute. */
export const VERB_FEEDBACK = 'dlp.feedback';
export const VERB_INCIDENT = 'dlp.incident';
export const JUSTIFICATION_INPUT = 'justification';

export interface FeedbackData {
  decisionId: string;
  kind: 'false-positive' | 'override';
}
export interface IncidentData {
  incidentId: string;
  command: string;
}

function card(body: unknown[], actions: unknown[] = []): CardJson {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
  };
}

const text = (t: string, extra: Record<string, unknown> = {}): CardJson => ({ type: 'TextBlock', text: t, wrap: true, ...extra });

export function warningCard(notice: WarningNotice, decisionId: string): CardJson {
  const body: unknown[] = [
    text(notice.headline, { weight: 'Bolder', size: 'Medium' }),
    text(notice.why),
    text(notice.whatNow),
  ];
  if (notice.previews.length) {
    body.push({
      type: 'FactSet',
      facts: notice.previews.map((p) => ({ title: TEAMS_TEXT.whatWasFound, value: p })),
    });
  }
  const actions: unknown[] = [
    {
      type: 'Action.Execute',
      title: notice.buttons.falsePositive,
      verb: VERB_FEEDBACK,
      data: { decisionId, kind: 'false-positive' } satisfies FeedbackData,
    },
  ];
  if (notice.buttons.override) {
    actions.push({
      type: 'Action.ShowCard',
      title: notice.buttons.override,
      card: card(
        [
          {
            type: 'Input.Text',
            id: JUSTIFICATION_INPUT,
            label: notice.overridePrompt,
            isMultiline: true,
            isRequired: true,
            errorMessage: TEAMS_TEXT.overrideRequired,
            maxLength: 1000,
          },
        ],
        [
          {
            type: 'Action.Execute',
            title: TEAMS_TEXT.overrideSubmit,
            verb: VERB_FEEDBACK,
            data: { decisionId, kind: 'override' } satisfies FeedbackData,
          },
        ],
      ),
    });
  }
  return card(body, actions);
}

/** What replaces the warning card after the employee answered. */
export function feedbackDoneCard(detail: string): CardJson {
  return card([text(TEAMS_TEXT.feedbackThanks, { weight: 'Bolder' }), text(detail)]);
}

export function messageCard(message: string): CardJson {
  return card([text(message)]);
}

export function incidentCard(view: IncidentView): CardJson {
  const t = view.text;
  const body: unknown[] = [
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: [text(t.title, { weight: 'Bolder', size: 'Medium' })] },
        { type: 'Column', width: 'auto', items: [text(t.status, { isSubtle: true, horizontalAlignment: 'Right' })] },
      ],
    },
  ];
  if (t.fields.length) body.push({ type: 'FactSet', facts: t.fields.map((f) => ({ title: f.label, value: f.value })) });
  if (t.done.length) body.push(text(t.done.join(' · '), { color: 'Good' }));
  for (const p of t.problems) body.push(text(p, { color: 'Attention', weight: 'Bolder' }));
  if (t.history.length) body.push(text(t.history.join('\n\n'), { isSubtle: true, spacing: 'Medium' }));
  const actions: unknown[] = t.buttons.map((b) => ({
    type: 'Action.Execute',
    title: b.label,
    verb: VERB_INCIDENT,
    data: { incidentId: view.id, command: b.command } satisfies IncidentData,
  }));
  if (t.permalink) actions.push({ type: 'Action.OpenUrl', title: TEAMS_TEXT.openMessage, url: t.permalink });
  return card(body, actions);
}

export function cardAttachment(content: CardJson): { contentType: string; content: CardJson } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}
