// A Teams message activity (new, reply or edit) -> the platform-neutral ChatMessage.
// Pure: no I/O, so it is unit-tested on recorded activity shapes.
import type { Activity, Attachment } from 'botbuilder';
import type { Author, ChatFile, ChatMessage, Conversation, ConversationKind } from '../../bot/message.js';
import { teamsHtmlToText } from './html-text.js';

/** Loose view of Teams channelData (botbuilder types it as `any`). */
export interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string; aadGroupId?: string };
  channel?: { id?: string; name?: string; membershipType?: string };
  eventType?: string;
}

/** Loose view of the sender account: Teams adds these fields to ChannelAccount. */
interface TeamsFrom {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
  userRole?: string;
  tenantId?: string;
}

export function channelDataOf(activity: Partial<Activity>): TeamsChannelData {
  const cd: unknown = activity.channelData;
  return cd && typeof cd === 'object' ? (cd as TeamsChannelData) : {};
}

/** "19:abc@thread.tacv2;messageid=123" -> { base: "19:abc@thread.tacv2", root: "123" } */
export function splitConversationId(id: string): { base: string; root?: string } {
  const m = /^(.*?);messageid=(.+)$/i.exec(id);
  return m ? { base: m[1] ?? id, root: m[2] } : { base: id };
}

/** True for activities sent by a bot (ours included): never scanned. */
export function isFromBot(activity: Partial<Activity>): boolean {
  const from = activity.from as TeamsFrom | undefined;
  if (!from) return false;
  return from.role === 'bot' || from.id.startsWith('28:') || from.id === activity.recipient?.id;
}

function conversationKind(type: string | undefined, cd: TeamsChannelData, external: boolean): ConversationKind {
  if (cd.channel?.membershipType === 'shared') return 'shared-external';
  if (type === 'channel') return cd.channel?.membershipType === 'private' ? 'private-channel' : 'public-channel';
  if (type === 'personal') return 'direct-message';
  // groupChat: a chat with someone from another organisation is a shared-external space.
  return external ? 'shared-external' : 'group-chat';
}

function authorOf(from: TeamsFrom, tenantId: string): Author {
  const role = from.userRole?.toLowerCase();
  // Federated senders carry their own tenant; anonymous meeting users have no directory entry.
  const isExternal = Boolean(from.tenantId && tenantId && from.tenantId !== tenantId) || role === 'anonymous';
  return {
    id: from.aadObjectId ?? from.id,
    ...(from.name ? { name: from.name } : {}),
    isGuest: role === 'guest',
    isExternal,
    isBot: from.role === 'bot',
  };
}

function filesOf(attachments: Attachment[] | undefined): ChatFile[] {
  const files: ChatFile[] = [];
  (attachments ?? []).forEach((a, i) => {
    const type = a.contentType ?? '';
    // The HTML rendering of the body and cards are not files.
    if (type === 'text/html' || type.startsWith('application/vnd.microsoft.card')) return;
    const content = a.content as { uniqueId?: string; fileType?: string } | undefined;
    files.push({
      id: content?.uniqueId ?? a.contentUrl ?? `attachment-${i}`,
      name: a.name ?? `attachment-${i}`,
      mimeType: type === 'application/vnd.microsoft.teams.file.download.info' ? content?.fileType ?? type : type,
      // contentUrl needs the bot token (inline images) or Graph (channel files); downloadUrl is
      // a short-lived bearer link and is deliberately not kept.
      ...(a.contentUrl ? { url: a.contentUrl } : {}),
    });
  });
  return files;
}

/** The text to scan: the body, plus any text/html attachment that says something else. */
function textOf(activity: Partial<Activity>): string {
  const parts = [teamsHtmlToText(activity.text ?? '')];
  for (const a of activity.attachments ?? []) {
    if (a.contentType === 'text/html' && typeof a.content === 'string') {
      const t = teamsHtmlToText(a.content);
      if (t && !parts.includes(t)) parts.push(t);
    }
  }
  return parts.filter(Boolean).join('\n');
}

function iso(t: unknown): string {
  if (t instanceof Date && !Number.isNaN(t.getTime())) return t.toISOString();
  if (typeof t === 'string' && !Number.isNaN(Date.parse(t))) return new Date(t).toISOString();
  return new Date().toISOString();
}

function permalinkOf(kind: string | undefined, tenantId: string, cd: TeamsChannelData, base: string, messageId: string, root?: string): string | undefined {
  const q = new URLSearchParams({ tenantId });
  if (kind === 'channel') {
    if (!cd.team?.aadGroupId) return undefined;
    q.set('groupId', cd.team.aadGroupId);
    if (root && root !== messageId) q.set('parentMessageId', root);
    if (cd.channel?.name) q.set('channelName', cd.channel.name);
  }
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(base)}/${encodeURIComponent(messageId)}?${q.toString()}`;
}

/**
 * Normalise a message or messageUpdate activity. Returns undefined for activities that carry no
 * user message (bots, empty system updates).
 */
export function normalizeTeamsActivity(input: Partial<Activity> | object): ChatMessage | undefined {
  const activity = input as Partial<Activity>;
  if (activity.type !== 'message' && activity.type !== 'messageUpdate') return undefined;
  if (!activity.id || !activity.conversation?.id || !activity.from?.id) return undefined;
  if (isFromBot(activity)) return undefined;
  const cd = channelDataOf(activity);
  const from = activity.from as TeamsFrom;
  const tenantId = cd.tenant?.id ?? activity.conversation.tenantId ?? '';
  const author = authorOf(from, tenantId);
  const convType = activity.conversation.conversationType ?? (cd.channel?.id ? 'channel' : undefined);
  const { base, root } = splitConversationId(activity.conversation.id);
  const messageId = activity.id;
  const isEdit = activity.type === 'messageUpdate';
  const threadRoot = root ?? (activity.replyToId && convType === 'channel' ? activity.replyToId : undefined);
  const isReply = Boolean(threadRoot && threadRoot !== messageId);

  const conversation: Conversation = {
    id: base,
    kind: conversationKind(convType, cd, author.isExternal),
    ...(cd.channel?.name ? { name: cd.channel.name } : activity.conversation.name ? { name: activity.conversation.name } : {}),
    ...(author.isExternal ? { hasExternalMembers: true } : {}),
    ...(author.isGuest ? { hasGuests: true } : {}),
  };

  const route: Record<string, string> = {
    serviceUrl: activity.serviceUrl ?? '',
    channelId: activity.channelId ?? 'msteams',
    tenantId,
    conversationId: activity.conversation.id,
    conversationType: convType ?? '',
    authorTeamsId: from.id,
  };
  if (from.aadObjectId) route.authorAadId = from.aadObjectId;
  if (activity.recipient?.id) route.botId = activity.recipient.id;
  if (activity.recipient?.name) route.botName = activity.recipient.name;
  if (convType === 'channel') {
    if (cd.team?.id) route.teamId = cd.team.id;
    if (cd.team?.aadGroupId) route.aadGroupId = cd.team.aadGroupId;
    route.teamsChannelId = cd.channel?.id ?? base;
    route.rootMessageId = threadRoot ?? messageId;
  } else {
    route.chatId = base;
  }

  const permalink = permalinkOf(convType, tenantId, cd, base, messageId, threadRoot);
  const raw = (activity as { rawTimestamp?: unknown }).rawTimestamp;
  const editStamp = typeof raw === 'string' ? raw : (activity.timestamp ? iso(activity.timestamp) : iso(activity.localTimestamp));
  return {
    platform: 'teams',
    // Message ids are per conversation; an edit keeps the id, so its stamp makes it a new event.
    eventId: isEdit ? `${base}/${messageId}/edit/${editStamp}` : `${base}/${messageId}`,
    workspaceId: tenantId,
    conversation,
    author,
    messageId,
    ...(isReply && threadRoot ? { threadId: threadRoot } : {}),
    text: textOf(activity),
    isEdit,
    files: filesOf(activity.attachments),
    ...(permalink ? { permalink } : {}),
    sentAt: iso(activity.timestamp ?? activity.localTimestamp),
    route,
  };
}
