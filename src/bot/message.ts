// The one normalised message every platform adapter produces. JSON-serialisable on purpose:
// it is stored with the outbox so that any process can execute the actions later.
import type { ClassificationLevel } from '../rules/types.js';

export type Platform = 'slack' | 'teams';

export const CONVERSATION_KINDS = [
  'public-channel',
  'private-channel',
  'group-chat',
  'direct-message',
  'shared-external',
] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export interface Conversation {
  id: string;
  name?: string;
  kind: ConversationKind;
  /** The highest classification this conversation is cleared for, when known. */
  ceiling?: ClassificationLevel;
  hasExternalMembers?: boolean;
  hasGuests?: boolean;
  memberCount?: number;
}

export interface Author {
  id: string;
  name?: string;
  isGuest: boolean;
  /** From another organisation (Slack Connect, Teams federation). */
  isExternal: boolean;
  isBot: boolean;
}

export interface ChatFile {
  id: string;
  name: string;
  mimeType?: string;
  size?: number;
  /** Where the adapter can fetch it (with its own credentials). Never fetched by the core. */
  url?: string;
  /** Text content when the platform delivered it inline (Slack snippets). */
  inlineText?: string;
}

export interface ChatMessage {
  platform: Platform;
  /** The platform's event id (Slack event_id, Teams activity id): the idempotency key. */
  eventId: string;
  /** Slack team id or Teams tenant id. */
  workspaceId: string;
  conversation: Conversation;
  author: Author;
  /** Slack `ts`, Teams message id. Edits keep the id of the message they edit. */
  messageId: string;
  threadId?: string;
  /** Plain text, markup already removed. */
  text: string;
  isEdit: boolean;
  files: ChatFile[];
  permalink?: string;
  /** ISO-8601 time the message was sent or edited. */
  sentAt: string;
  /**
   * Platform-specific addressing the adapter needs later to act on this message (Slack channel,
   * Teams serviceUrl, aadGroupId, channel id...). Strings only; never message content.
   */
  route: Record<string, string>;
}
