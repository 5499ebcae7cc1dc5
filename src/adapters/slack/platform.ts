// ChatPlatform for Slack: what the core's outbox worker calls to act (warn, remove, post and
// update incident cards). Only ready-made words, masked previews and redacted text are sent.
import type { Logger } from 'pino';
import type { WebClient } from '@slack/web-api';
import type { ActionResult, CardRef, ChatPlatform, IncidentView, RemoveRequest, WarnRequest } from '../../bot/ports.js';
import type { WarnRef } from './action-ids.js';
import { incidentCardBlocks, incidentFallbackText, redactedCopyText, warningBlocks, warningFallbackText } from './blocks.js';
import { checkSlackConfig, type SlackConfig } from './config.js';
import { createWebClient, isPermanentSlackError, slackErrorCode } from './web-client.js';

export interface SlackIdentity {
  botUserId: string;
  botId?: string;
  teamId: string;
  /** "https://acme.slack.com/" */
  url?: string;
}

export interface SlackPlatform extends ChatPlatform {
  readonly platform: 'slack';
  readonly config: SlackConfig;
  /** Bot-token client (also used by the receiver for views.open and enrichment). */
  readonly client: WebClient;
  /** Whether the bot can delete this author's messages (admin token present, author internal). */
  canDelete(author: { isExternal: boolean }): boolean;
  /** auth.test, once: who the bot is and which workspace it is installed in. */
  identity(): Promise<SlackIdentity>;
  /** "Delete my message" pressed by `clickerId` on a warning about message `ref`. */
  deleteForAuthor(ref: WarnRef, clickerId: string): Promise<ActionResult>;
}

const NO_ADMIN = 'no admin token: message still visible';
const EXTERNAL = 'external author (Slack Connect): message cannot be deleted and is still visible';

export function createSlackPlatform(config: SlackConfig, logger: Logger): SlackPlatform {
  checkSlackConfig(config);
  const log = logger.child({ component: 'slack-platform' });
  const client = createWebClient(config.botToken, config, logger);
  const admin = config.adminUserToken ? createWebClient(config.adminUserToken, config, logger) : undefined;
  let identityPromise: Promise<SlackIdentity> | undefined;

  function identity(): Promise<SlackIdentity> {
    identityPromise ??= client.auth
      .test()
      .then((r) => {
        const id: SlackIdentity = { botUserId: r.user_id ?? '', teamId: r.team_id ?? '' };
        if (r.bot_id) id.botId = r.bot_id;
        if (r.url) id.url = r.url;
        return id;
      })
      .catch((err: unknown) => {
        identityPromise = undefined; // try again next time
        throw new Error(`Slack auth.test failed: ${slackErrorCode(err)} (check SLACK_BOT_TOKEN and SLACK_API_URL)`);
      });
    return identityPromise;
  }

  function failure(action: string, err: unknown): ActionResult {
    const code = slackErrorCode(err);
    const permanent = isPermanentSlackError(code);
    log.warn({ action, code, permanent }, 'Slack call failed');
    return { ok: false, detail: `${action} failed: ${code}`, permanent };
  }

  async function deleteOriginal(channel: string, ts: string): Promise<ActionResult | undefined> {
    if (!admin) return { ok: false, permanent: true, detail: NO_ADMIN };
    try {
      await admin.chat.delete({ channel, ts });
      return undefined;
    } catch (err) {
      // Already gone (an earlier attempt, or the author deleted it): the goal is met.
      if (slackErrorCode(err) === 'message_not_found') return undefined;
      const f = failure('chat.delete', err);
      return f.permanent ? { ...f, detail: `${f.detail}: message still visible` } : f;
    }
  }

  const platform: SlackPlatform = {
    platform: 'slack',
    config,
    client,
    identity,
    canDelete: (author) => admin !== undefined && !author.isExternal,

    async warn(req: WarnRequest): Promise<ActionResult> {
      const m = req.message;
      const channel = m.route.channel ?? m.conversation.id;
      const ref: WarnRef = { d: req.decisionId, c: channel, t: m.messageId, u: m.author.id };
      if (m.threadId) ref.th = m.threadId;
      const blocks = warningBlocks({ notice: req.notice, ref, canDelete: platform.canDelete(m.author) });
      const text = warningFallbackText(req.notice);
      const threadArg = m.threadId ? { thread_ts: m.threadId } : {};
      if (m.route.channelType === 'im') {
        // A DM with the bot: one lasting message there, not an ephemeral plus a copy in the same place.
        try {
          await client.chat.postMessage({ channel, text, blocks, ...threadArg, unfurl_links: false, unfurl_media: false });
          return { ok: true, detail: 'author warned (DM)' };
        } catch (err) {
          return failure('chat.postMessage (DM)', err);
        }
      }
      const wantDm = req.dmCopy && !m.author.isExternal;
      // Ephemeral and DM copy go out together: the warning should reach the author fast.
      const [ephemeral, dm] = await Promise.all([
        client.chat
          .postEphemeral({ channel, user: m.author.id, text, blocks, ...threadArg })
          .then((): ActionResult => ({ ok: true, detail: 'author warned (ephemeral)' }))
          .catch((err: unknown) => failure('chat.postEphemeral', err)),
        wantDm
          ? // Posting to a user id lands in the bot's DM with that user (survives reloads, unlike ephemerals).
            client.chat
              .postMessage({ channel: m.author.id, text, blocks, unfurl_links: false, unfurl_media: false })
              .then((): ActionResult => ({ ok: true, detail: 'DM copy sent' }))
              .catch((err: unknown) => failure('chat.postMessage (DM copy)', err))
          : Promise.resolve(undefined),
      ]);
      if (!dm) return ephemeral;
      if (ephemeral.ok) return { ok: true, detail: dm.ok ? 'author warned (ephemeral and DM)' : `author warned (ephemeral); ${dm.detail}` };
      if (dm.ok) return { ok: true, detail: `author warned by DM; ${ephemeral.detail}` };
      return { ...ephemeral, permanent: ephemeral.permanent === true && dm.permanent === true };
    },

    async remove(req: RemoveRequest): Promise<ActionResult> {
      const m = req.message;
      if (m.author.isExternal) return { ok: false, permanent: true, detail: EXTERNAL };
      const channel = m.route.channel ?? m.conversation.id;
      const refused = await deleteOriginal(channel, m.messageId);
      if (refused) return refused;
      if (req.mode === 'block') return { ok: true, detail: 'message removed' };
      try {
        await client.chat.postMessage({
          channel,
          text: redactedCopyText(m.author.id, req.redactedText),
          ...(m.threadId ? { thread_ts: m.threadId } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (err) {
        // Retrying is safe: the delete above then finds message_not_found and goes on to the copy.
        return failure('chat.postMessage (masked copy)', err);
      }
      return { ok: true, detail: 'message removed and masked copy posted' };
    },

    async postIncidentCard(view: IncidentView): Promise<CardRef> {
      try {
        const r = await client.chat.postMessage({
          channel: config.securityChannel,
          text: incidentFallbackText(view),
          blocks: incidentCardBlocks(view),
          unfurl_links: false,
          unfurl_media: false,
        });
        if (!r.ts) throw new Error('no ts in chat.postMessage response');
        return { platform: 'slack', conversationId: r.channel ?? config.securityChannel, messageId: r.ts };
      } catch (err) {
        throw new Error(`Slack chat.postMessage to security channel ${config.securityChannel} failed: ${slackErrorCode(err)}`);
      }
    },

    async updateIncidentCard(ref: CardRef, view: IncidentView): Promise<void> {
      try {
        await client.chat.update({ channel: ref.conversationId, ts: ref.messageId, text: incidentFallbackText(view), blocks: incidentCardBlocks(view) });
      } catch (err) {
        throw new Error(`Slack chat.update of incident card ${ref.conversationId}/${ref.messageId} failed: ${slackErrorCode(err)}`);
      }
    },

    async deleteForAuthor(ref: WarnRef, clickerId: string): Promise<ActionResult> {
      // Only the author may use their warning's delete button (values are signed by Slack, but be strict).
      if (clickerId !== ref.u) return { ok: false, permanent: true, detail: 'only the author can delete this message' };
      const refused = await deleteOriginal(ref.c, ref.t);
      return refused ?? { ok: true, detail: 'message deleted' };
    },
  };
  return platform;
}
