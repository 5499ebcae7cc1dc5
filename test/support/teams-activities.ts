/**
 * Teams-shaped activities for tests, as the Bot Connector posts them to /api/messages.
 *
 *   const t = teamsFixture(connector.serviceUrl);
 *   t.install()                             // installationUpdate "add" in the team's General channel
 *   t.channelMessage('my NI number is …')   // new thread in t.channel
 *   t.channelReply(rootId, '…'), t.chatMessage('…'), t.edit(previous, '…'), t.invoke(verb, data)
 * Ids are unique per call; every activity is plain JSON.
 */
export interface TeamsIds {
  tenantId: string;
  teamId: string;
  aadGroupId: string;
  channelId: string;
  securityChannelId: string;
  chatId: string;
  botId: string;
  user: { id: string; aadObjectId: string; name: string };
}

export type TeamsActivity = Record<string, unknown> & { id: string; type: string; conversation: { id: string } };

let seq = 1_700_000_100_000;
const nextId = () => String(++seq);

export const DEFAULT_IDS: TeamsIds = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  teamId: '19:team-general@thread.tacv2',
  aadGroupId: 'b1e8f0d2-3c4a-4f55-9a1b-2c3d4e5f6a7b',
  channelId: '19:deployments@thread.tacv2',
  securityChannelId: '19:security-incidents@thread.tacv2',
  chatId: '19:meeting_chat-1@thread.v2',
  botId: '28:chat-dlp-local',
  user: { id: '29:1alex-teams-id', aadObjectId: '6d1c3f4e-aaaa-bbbb-cccc-0123456789ab', name: 'Alex Example' },
};

export function teamsFixture(serviceUrl: string, ids: TeamsIds = DEFAULT_IDS) {
  const bot = { id: ids.botId, name: 'chat-dlp' };
  const from = (over: Record<string, unknown> = {}) => ({ ...ids.user, ...over });
  const teamChannelData = (channelId: string) => ({
    tenant: { id: ids.tenantId },
    team: { id: ids.teamId, name: 'Engineering', aadGroupId: ids.aadGroupId },
    channel: { id: channelId, name: channelId === ids.teamId ? 'General' : channelId.slice(3, channelId.indexOf('@')) },
  });
  const base = (type: string, conversation: Record<string, unknown>, channelData: Record<string, unknown>) => ({
    type,
    id: nextId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    recipient: bot,
    conversation: { tenantId: ids.tenantId, ...conversation },
    channelData,
    locale: 'en-GB',
  });

  return {
    ids,
    /** What Teams sends when the app is added to the team. */
    install(channelId: string = ids.teamId): TeamsActivity {
      return {
        ...base('installationUpdate', { id: channelId, conversationType: 'channel', isGroup: true }, teamChannelData(channelId)),
        action: 'add',
        from: from(),
      } as unknown as TeamsActivity;
    },
    channelMessage(html: string, opts: { channelId?: string; from?: Record<string, unknown> } = {}): TeamsActivity {
      const channelId = opts.channelId ?? ids.channelId;
      const a = base('message', { conversationType: 'channel', isGroup: true }, teamChannelData(channelId));
      return {
        ...a,
        conversation: { ...a.conversation, id: `${channelId};messageid=${a.id}` },
        from: from(opts.from),
        text: html,
        textFormat: 'plain',
        attachments: [{ contentType: 'text/html', content: html }],
      } as unknown as TeamsActivity;
    },
    channelReply(rootId: string, html: string, opts: { channelId?: string } = {}): TeamsActivity {
      const channelId = opts.channelId ?? ids.channelId;
      return {
        ...base('message', { id: `${channelId};messageid=${rootId}`, conversationType: 'channel', isGroup: true }, teamChannelData(channelId)),
        replyToId: rootId,
        from: from(),
        text: html,
        textFormat: 'plain',
      } as unknown as TeamsActivity;
    },
    chatMessage(html: string, opts: { from?: Record<string, unknown> } = {}): TeamsActivity {
      return {
        ...base('message', { id: ids.chatId, conversationType: 'groupChat', isGroup: true }, { tenant: { id: ids.tenantId } }),
        from: from(opts.from),
        text: html,
        textFormat: 'plain',
      } as unknown as TeamsActivity;
    },
    /** The messageUpdate Teams sends when `previous` is edited: same id, new text. */
    edit(previous: TeamsActivity, html: string): TeamsActivity {
      const cd = { ...(previous.channelData as Record<string, unknown>), eventType: 'editMessage' };
      return {
        ...previous,
        type: 'messageUpdate',
        timestamp: new Date(Date.now() + 1000).toISOString(),
        text: html,
        attachments: [{ contentType: 'text/html', content: html }],
        channelData: cd,
      } as unknown as TeamsActivity;
    },
    /** An Action.Execute press on a card in `conversationId`. */
    invoke(verb: string, data: Record<string, unknown>, conversationId: string = ids.securityChannelId, who: Record<string, unknown> = {}): TeamsActivity {
      return {
        ...base('invoke', { id: conversationId, conversationType: 'channel', isGroup: true }, teamChannelData(conversationId.split(';')[0] ?? conversationId)),
        name: 'adaptiveCard/action',
        from: from(who),
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      } as unknown as TeamsActivity;
    },
  };
}
