// Who wrote it and where: users.info / conversations.info, cached, to mark guests and external
// authors and to name the conversation. Lookups that fail leave the event-derived facts in place.
import type { Logger } from 'pino';
import type { WebClient } from '@slack/web-api';
import type { ChatMessage } from '../../bot/message.js';
import { slackErrorCode } from './web-client.js';

interface UserFacts {
  teamId?: string;
  name?: string;
  isGuest: boolean;
  isStranger: boolean;
  isBot: boolean;
}

interface ConversationFacts {
  name?: string;
  isPrivate: boolean;
  isExtShared: boolean;
  isIm: boolean;
  isMpim: boolean;
  memberCount?: number;
}

export interface SlackDirectory {
  /** Adds author/conversation facts to a normalised message (mutates and returns it). */
  enrich(message: ChatMessage): Promise<ChatMessage>;
}

// Failed lookups are remembered briefly only, so a transient error does not stick for the full TTL.
const NEGATIVE_TTL_MS = 30_000;

class TtlCache<T> {
  private readonly entries = new Map<string, { until: number; value: Promise<T | undefined> }>();
  constructor(private readonly ttlMs: number, private readonly max = 10_000) {}
  get(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.entries.get(key);
    if (hit && Date.now() < hit.until) return hit.value;
    if (this.entries.size >= this.max) this.entries.clear(); // crude bound; lookups are cheap to redo
    const entry = { until: Date.now() + this.ttlMs, value: load() };
    void entry.value.then((v) => {
      if (v === undefined) entry.until = Math.min(entry.until, Date.now() + NEGATIVE_TTL_MS);
    });
    this.entries.set(key, entry);
    return entry.value;
  }
}

export function createSlackDirectory(client: WebClient, ttlSeconds: number, logger: Logger): SlackDirectory {
  const users = new TtlCache<UserFacts>(ttlSeconds * 1000);
  const convs = new TtlCache<ConversationFacts>(ttlSeconds * 1000);

  const loadUser = (id: string) => async (): Promise<UserFacts | undefined> => {
    try {
      const r = await client.users.info({ user: id });
      const u = r.user;
      if (!u) return undefined;
      const facts: UserFacts = {
        isGuest: u.is_restricted === true || u.is_ultra_restricted === true,
        isStranger: (u as { is_stranger?: boolean }).is_stranger === true,
        isBot: u.is_bot === true,
      };
      if (u.team_id) facts.teamId = u.team_id;
      const name = u.profile?.display_name || u.real_name || u.name;
      if (name) facts.name = name;
      return facts;
    } catch (err) {
      logger.debug({ code: slackErrorCode(err) }, 'users.info failed');
      return undefined;
    }
  };

  const loadConv = (id: string) => async (): Promise<ConversationFacts | undefined> => {
    try {
      const r = await client.conversations.info({ channel: id, include_num_members: true });
      const c = r.channel;
      if (!c) return undefined;
      const facts: ConversationFacts = {
        isPrivate: c.is_private === true,
        isExtShared: c.is_ext_shared === true,
        isIm: c.is_im === true,
        isMpim: c.is_mpim === true,
      };
      if (c.name) facts.name = c.name;
      if (typeof c.num_members === 'number') facts.memberCount = c.num_members;
      return facts;
    } catch (err) {
      logger.debug({ code: slackErrorCode(err) }, 'conversations.info failed');
      return undefined;
    }
  };

  return {
    async enrich(message) {
      const channel = message.route.channel ?? message.conversation.id;
      const [user, conv] = await Promise.all([
        users.get(message.author.id, loadUser(message.author.id)),
        convs.get(channel, loadConv(channel)),
      ]);
      if (user) {
        if (user.name && !message.author.name) message.author.name = user.name;
        message.author.isGuest = user.isGuest;
        const otherTeam = user.teamId !== undefined && message.workspaceId !== '' && user.teamId !== message.workspaceId;
        if (user.isStranger || otherTeam) message.author.isExternal = true;
        if (user.isBot) message.author.isBot = true;
      }
      if (conv) {
        if (conv.name) message.conversation.name = conv.name;
        if (conv.memberCount !== undefined) message.conversation.memberCount = conv.memberCount;
        if (conv.isExtShared) {
          message.conversation.kind = 'shared-external';
          message.conversation.hasExternalMembers = true;
        } else if (conv.isPrivate && message.conversation.kind === 'public-channel') {
          message.conversation.kind = conv.isMpim ? 'group-chat' : 'private-channel';
        }
      }
      if (message.author.isGuest) message.conversation.hasGuests = true;
      return message;
    },
  };
}
