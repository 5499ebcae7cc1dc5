// Slack Events API envelope -> one ChatMessage (or null when there is nothing to scan). Pure.
import type { ChatFile, ChatMessage, ConversationKind } from '../../bot/message.js';
import { slackMarkupToText } from './markup.js';
import type { SlackEnvelope, SlackFile, SlackMessageBody, SlackMessageEvent } from './slack-types.js';

export interface NormalizeContext {
  /** The bot's own user id (U…) and bot id (B…): their messages are ignored. */
  botUserId?: string;
  botId?: string;
  /** Workspace URL from auth.test ("https://acme.slack.com/"), used to build permalinks. */
  teamUrl?: string;
  /** Team the bot is installed in, when the envelope does not say (single-workspace installs). */
  installedTeamId?: string;
}

// Subtypes that are a person's new words. Everything else (joins, topic changes, deletes,
// bot_message, message_replied …) has nothing of the author's to scan.
const NEW_MESSAGE_SUBTYPES = new Set<string | undefined>([undefined, 'thread_broadcast', 'file_share', 'me_message']);

const KIND_BY_CHANNEL_TYPE: Record<string, ConversationKind> = {
  channel: 'public-channel',
  group: 'private-channel',
  mpim: 'group-chat',
  im: 'direct-message',
};

/** "1700000000.000100" -> ISO-8601. */
export function slackTsToIso(ts: string): string {
  const seconds = Number(ts);
  return Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)).toISOString() : new Date(0).toISOString();
}

/** Permalink in the form chat.getPermalink returns, built locally to save a Web API call per event. */
export function buildPermalink(teamUrl: string, channel: string, ts: string, threadTs?: string): string {
  const base = teamUrl.endsWith('/') ? teamUrl : `${teamUrl}/`;
  const link = `${base}archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${link}?thread_ts=${threadTs}&cid=${channel}` : link;
}

function snippetText(file: SlackFile): string | undefined {
  // Snippets and text posts come with their content inline (plain_text, or a preview of it).
  const isText = file.mode === 'snippet' || file.mode === 'post' || (file.mimetype ?? '').startsWith('text/');
  if (!isText) return undefined;
  return file.plain_text ?? file.preview ?? undefined;
}

function toFiles(files: SlackFile[] | undefined): ChatFile[] {
  return (files ?? [])
    .filter((f) => typeof f.id === 'string')
    .map((f) => {
      const out: ChatFile = { id: f.id, name: f.name ?? f.title ?? f.id };
      if (f.mimetype) out.mimeType = f.mimetype;
      if (typeof f.size === 'number') out.size = f.size;
      const url = f.url_private_download ?? f.url_private;
      if (url) out.url = url;
      const inline = snippetText(f);
      if (inline !== undefined) out.inlineText = inline;
      return out;
    });
}

/** The team the event is about: Slack Connect and org-wide installs route by context team. */
export function contextTeamOf(envelope: SlackEnvelope, ctx: NormalizeContext = {}): string {
  return (
    envelope.context_team_id ??
    envelope.authorizations?.[0]?.team_id ??
    ctx.installedTeamId ??
    envelope.team_id ??
    ''
  );
}

function isFromBot(body: SlackMessageBody, ctx: NormalizeContext): boolean {
  if (body.bot_id !== undefined || body.subtype === 'bot_message') return true;
  if (ctx.botUserId !== undefined && body.user === ctx.botUserId) return true;
  return false;
}

/**
 * A Slack `message` event (inside its envelope) as a ChatMessage, or null when it is not a person's
 * message worth scanning (bot messages, the bot's own, joins, deletes, edits that changed nothing).
 */
export function normalizeSlackEvent(envelope: SlackEnvelope, ctx: NormalizeContext = {}): ChatMessage | null {
  const event: SlackMessageEvent | undefined = envelope.event;
  if (!event || event.type !== 'message' || typeof event.channel !== 'string') return null;

  let body: SlackMessageBody;
  let isEdit = false;
  if (event.subtype === 'message_changed') {
    if (!event.message) return null;
    body = event.message;
    isEdit = true;
    const before = event.previous_message;
    // Unfurls and thread bookkeeping also arrive as message_changed with the same words.
    if (before && before.text === body.text && (body.files?.length ?? 0) === (before.files?.length ?? 0)) return null;
  } else if (NEW_MESSAGE_SUBTYPES.has(event.subtype)) {
    body = event;
  } else {
    return null;
  }
  if (isFromBot(body, ctx) || isFromBot(event, ctx)) return null;
  const userId = body.user;
  if (typeof userId !== 'string' || typeof body.ts !== 'string') return null;

  const contextTeam = contextTeamOf(envelope, ctx);
  const authorTeam = body.user_team ?? body.team ?? body.source_team;
  const isExternal = authorTeam !== undefined && contextTeam !== '' && authorTeam !== contextTeam;
  const shared = envelope.is_ext_shared_channel === true;
  const kind: ConversationKind = shared ? 'shared-external' : (KIND_BY_CHANNEL_TYPE[event.channel_type ?? ''] ?? 'public-channel');

  const threadTs = body.thread_ts !== undefined && body.thread_ts !== body.ts ? body.thread_ts : undefined;
  const files = toFiles(body.files);
  const when = isEdit ? (body.edited?.ts ?? event.event_ts ?? body.ts) : body.ts;

  const route: Record<string, string> = { channel: event.channel, ts: body.ts, teamId: contextTeam };
  if (threadTs) route.threadTs = threadTs;
  if (authorTeam) route.userTeam = authorTeam;
  if (event.channel_type) route.channelType = event.channel_type;
  if (envelope.enterprise_id) route.enterpriseId = envelope.enterprise_id;

  const message: ChatMessage = {
    platform: 'slack',
    eventId: envelope.event_id,
    workspaceId: contextTeam,
    conversation: { id: event.channel, kind, ...(shared ? { hasExternalMembers: true } : {}) },
    author: { id: userId, isGuest: false, isExternal, isBot: false },
    messageId: body.ts,
    text: slackMarkupToText(body.text ?? ''),
    isEdit,
    files,
    sentAt: slackTsToIso(when),
    route,
  };
  if (threadTs) message.threadId = threadTs;
  const displayName = body.user_profile?.display_name || body.user_profile?.real_name;
  if (displayName) message.author.name = displayName;
  if (ctx.teamUrl) message.permalink = buildPermalink(ctx.teamUrl, event.channel, body.ts, threadTs);
  return message;
}
