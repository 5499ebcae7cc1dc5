// Builders for the payloads Slack sends a bot (Events API envelopes, block_actions,
// view_submission), shaped like real deliveries. Used with SlackEmulator.sendEvent/sendInteraction.
import { randomBytes } from 'node:crypto';

let counter = 0;
export function eventId(): string {
  counter += 1;
  return `Ev${Date.now().toString(36).toUpperCase()}${counter}${randomBytes(2).toString('hex').toUpperCase()}`;
}

export interface MessageSpec {
  channel: string;
  user: string;
  text: string;
  ts: string;
  teamId?: string;
  channelType?: 'channel' | 'group' | 'mpim' | 'im';
  threadTs?: string;
  /** The author's own team (Slack Connect: differs from the context team). */
  userTeam?: string;
  /** Context team (the installed workspace) for Slack Connect deliveries. */
  contextTeamId?: string;
  extShared?: boolean;
  subtype?: string;
  botId?: string;
  files?: unknown[];
  eventId?: string;
}

function envelope(spec: { teamId?: string; contextTeamId?: string; extShared?: boolean; eventId?: string }, event: Record<string, unknown>): Record<string, unknown> {
  const team = spec.teamId ?? 'T0TEAM';
  const ctx = spec.contextTeamId ?? team;
  const env: Record<string, unknown> = {
    token: 'verification-token-unused',
    team_id: team,
    context_team_id: ctx,
    context_enterprise_id: null,
    api_app_id: 'A0DLP',
    event,
    type: 'event_callback',
    event_id: spec.eventId ?? eventId(),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: ctx, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: spec.extShared === true,
    event_context: `4-${randomBytes(8).toString('hex')}`,
  };
  return env;
}

/** A `message` event as Slack delivers it (plain, thread reply, file_share, bot_message…). */
export function messageEnvelope(spec: MessageSpec): Record<string, unknown> {
  const event: Record<string, unknown> = {
    type: 'message',
    client_msg_id: randomBytes(8).toString('hex'),
    text: spec.text,
    user: spec.user,
    ts: spec.ts,
    team: spec.userTeam ?? spec.teamId ?? 'T0TEAM',
    channel: spec.channel,
    event_ts: spec.ts,
    channel_type: spec.channelType ?? 'channel',
  };
  if (spec.userTeam) {
    event.user_team = spec.userTeam;
    event.source_team = spec.userTeam;
  }
  if (spec.threadTs) {
    event.thread_ts = spec.threadTs;
    event.parent_user_id = spec.user;
  }
  if (spec.subtype) event.subtype = spec.subtype;
  if (spec.botId) event.bot_id = spec.botId;
  if (spec.files) event.files = spec.files;
  return envelope(spec, event);
}

/** A `message_changed` edit: `newText` replaces `oldText` on message `ts`. */
export function editEnvelope(spec: { channel: string; user: string; ts: string; oldText: string; newText: string; editTs: string; teamId?: string; channelType?: MessageSpec['channelType']; eventId?: string }): Record<string, unknown> {
  const event = {
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    message: { type: 'message', user: spec.user, text: spec.newText, ts: spec.ts, edited: { user: spec.user, ts: spec.editTs }, team: spec.teamId ?? 'T0TEAM' },
    previous_message: { type: 'message', user: spec.user, text: spec.oldText, ts: spec.ts, team: spec.teamId ?? 'T0TEAM' },
    channel: spec.channel,
    channel_type: spec.channelType ?? 'channel',
    event_ts: spec.editTs,
    ts: spec.editTs,
  };
  return envelope(spec, event);
}

/** A block_actions payload: someone pressed `actionId` on a message. */
export function blockActionPayload(spec: {
  actionId: string;
  value: string;
  userId: string;
  userName?: string;
  channel: string;
  messageTs: string;
  responseUrl: string;
  triggerId?: string;
  ephemeral?: boolean;
  teamId?: string;
}): Record<string, unknown> {
  const container = spec.ephemeral
    ? { type: 'message', message_ts: spec.messageTs, channel_id: spec.channel, is_ephemeral: true }
    : { type: 'message', message_ts: spec.messageTs, channel_id: spec.channel, is_ephemeral: false };
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: spec.userId, username: spec.userName ?? spec.userId.toLowerCase(), name: spec.userName ?? spec.userId.toLowerCase(), team_id: spec.teamId ?? 'T0TEAM' },
    api_app_id: 'A0DLP',
    token: 'verification-token-unused',
    container,
    trigger_id: spec.triggerId ?? `${Date.now()}.${randomBytes(4).toString('hex')}`,
    team: { id: spec.teamId ?? 'T0TEAM', domain: 'acme' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: spec.channel, name: spec.channel.toLowerCase() },
    response_url: spec.responseUrl,
    actions: [{ action_id: spec.actionId, block_id: 'b1', value: spec.value, type: 'button', action_ts: `${Date.now() / 1000}` }],
    state: { values: {} },
  };
  if (!spec.ephemeral) payload.message = { type: 'message', ts: spec.messageTs, bot_id: 'BBOT', text: 'card' };
  return payload;
}

/** A view_submission of the override modal (or any modal) with text values by block/action id. */
export function viewSubmissionPayload(spec: { callbackId: string; privateMetadata: string; userId: string; values: Record<string, Record<string, string>>; teamId?: string }): Record<string, unknown> {
  const values: Record<string, Record<string, { type: string; value: string }>> = {};
  for (const [block, actions] of Object.entries(spec.values)) {
    values[block] = {};
    for (const [action, value] of Object.entries(actions)) values[block][action] = { type: 'plain_text_input', value };
  }
  return {
    type: 'view_submission',
    team: { id: spec.teamId ?? 'T0TEAM', domain: 'acme' },
    user: { id: spec.userId, username: spec.userId.toLowerCase(), name: spec.userId.toLowerCase(), team_id: spec.teamId ?? 'T0TEAM' },
    api_app_id: 'A0DLP',
    token: 'verification-token-unused',
    trigger_id: `${Date.now()}.x`,
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: spec.callbackId,
      private_metadata: spec.privateMetadata,
      state: { values },
      hash: '1.x',
      title: { type: 'plain_text', text: 'x' },
      blocks: [],
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
