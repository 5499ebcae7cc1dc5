// Slack-only words the adapter shows people (everything else comes ready-made from the core's
// notices). Kept together so they can be reviewed and translated with src/bot/notices.ts.
import { FEEDBACK_TEXT } from '../../bot/notices.js';

export const SLACK_TEXT = {
  overrideTitle: 'Justify sharing',
  overrideSubmit: 'Submit',
  overrideCancel: 'Cancel',
  defaultOverridePrompt: 'Why does this need to be shared here? Your answer is recorded for the security team.',
  justificationRequired: FEEDBACK_TEXT.justificationRequired,
  onlyAuthor: 'Only the author of the message can do this.',
  deleted: 'Done: I have deleted your message.',
  notDeleted: (detail: string) => `I could not delete the message (${detail}).`,
  commandFailed: (command: string, why: string) => `Could not ${command.replace(/-/g, ' ')} this incident: ${why}`,
  openMessage: 'Open message',
  redactedCopy: (authorMention: string, redacted: string) => `Message from ${authorMention}, redacted by chat-dlp: ${redacted}`,
} as const;
