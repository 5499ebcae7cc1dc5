// ChatPlatform for Teams: what the core's outbox worker calls. Warnings go 1:1 to the author
// (Teams has no ephemeral messages), hiding is a Graph policyViolation PATCH, incident cards are
// proactive posts in the security channel, updated in place.
import {
  ActivityTypes,
  TurnContext,
  type Activity,
  type CloudAdapter,
  type ConversationParameters,
} from 'botbuilder';
import type { Logger } from 'pino';
import type {
  ActionResult,
  CardRef,
  ChatPlatform,
  IncidentView,
  KeyValueStore,
  RemoveRequest,
  WarnRequest,
} from '../../bot/ports.js';
import { botAccountId, TEAMS_DEFAULTS, type TeamsConfig } from './config.js';
import { maskedCopyHeader } from '../../bot/notices.js';
import { createTeamsAdapter } from './adapter.js';
import { cardAttachment, incidentCard, warningCard } from './cards.js';
import { ConversationRefs, type StoredReference } from './conversation-refs.js';
import { GraphTokenProvider } from './graph-token.js';
import { applyPolicyViolation } from './graph-policy.js';

export interface TeamsPlatform extends ChatPlatform {
  readonly platform: 'teams';
  readonly adapter: CloudAdapter;
  /** Shared with the receiver, which saves references on installation. */
  readonly refs: ConversationRefs;
  readonly config: TeamsConfig;
}

export interface TeamsPlatformDeps {
  config: TeamsConfig;
  /** Created from config when omitted. */
  adapter?: CloudAdapter;
  kv: KeyValueStore;
  logger: Logger;
}

// Connector errors carry the whole HTTP exchange; keep only the status.
function connectorFailure(err: unknown): string {
  const e = err as { statusCode?: number; name?: string };
  return e.statusCode ? `Bot Connector answered ${e.statusCode}` : `Bot Connector call failed (${e.name ?? 'error'})`;
}

/**
 * Send as a new message (POST …/activities), not as a reply: botbuilder would address a reply to
 * the synthetic id of the proactive turn, which names no real message.
 */
async function sendFresh(ctx: TurnContext, activity: Partial<Activity>): Promise<string> {
  ctx.onSendActivities(async (_ctx, activities, next) => {
    for (const a of activities) delete a.replyToId;
    return next();
  });
  const res = await ctx.sendActivity(activity);
  return res?.id ?? '';
}

function isPermanentConnectorError(err: unknown): boolean {
  const status = (err as { statusCode?: number }).statusCode;
  return status === 400 || status === 401 || status === 403 || status === 404;
}

export function createTeamsPlatform(deps: TeamsPlatformDeps): TeamsPlatform {
  const { config, kv } = deps;
  const logger = deps.logger.child({ platform: 'teams' });
  const adapter = deps.adapter ?? createTeamsAdapter(config, logger);
  const refs = new ConversationRefs(kv, logger);
  const tokens = new GraphTokenProvider({
    tokenUrl: config.graphTokenUrl,
    tenantId: config.graphTenantId,
    clientId: config.graphClientId || config.appId,
    clientSecret: config.graphClientSecret || config.appPassword,
    timeoutMs: config.httpTimeoutMs ?? TEAMS_DEFAULTS.httpTimeoutMs,
    logger,
  });

  /** A reference to post in `conversationId`: saved on installation, else built from a known endpoint. */
  async function referenceFor(conversationId: string, tenantId?: string): Promise<StoredReference> {
    const saved = await refs.get(conversationId);
    if (saved) return saved;
    const ep = await refs.endpoint(tenantId);
    if (!ep) {
      throw new Error(
        `teams: no conversation reference for ${conversationId}; install the app in that team (or send it a message) first`,
      );
    }
    return {
      serviceUrl: ep.serviceUrl,
      channelId: 'msteams',
      bot: { id: ep.bot.id, name: ep.bot.name ?? '' },
      conversation: { id: conversationId, isGroup: true, conversationType: 'channel', tenantId: ep.tenantId, name: '' },
    };
  }

  async function sendCard(ref: StoredReference, card: Record<string, unknown>, summary: string): Promise<string> {
    let id = '';
    await adapter.continueConversationAsync(config.appId, ref, async (ctx: TurnContext) => {
      id = await sendFresh(ctx, { type: ActivityTypes.Message, summary, attachments: [cardAttachment(card)] });
    });
    return id;
  }

  /** The redacted text as a reply in the message's thread (channels) or in the chat. */
  async function postMaskedCopy(req: RemoveRequest): Promise<void> {
    const m = req.message;
    const r = m.route;
    if (!r.serviceUrl || !r.conversationId) throw new Error('no Teams address for the conversation');
    const ref: StoredReference = {
      serviceUrl: r.serviceUrl,
      channelId: r.channelId || 'msteams',
      bot: { id: r.botId || botAccountId(config), name: r.botName || config.botName || TEAMS_DEFAULTS.botName },
      conversation: {
        id: r.conversationId,
        isGroup: r.conversationType !== 'personal',
        conversationType: r.conversationType || 'channel',
        tenantId: r.tenantId || m.workspaceId,
        name: '',
      },
    };
    await adapter.continueConversationAsync(config.appId, ref, async (ctx: TurnContext) => {
      await sendFresh(ctx, { type: ActivityTypes.Message, textFormat: 'plain', text: `${maskedCopyHeader(m)}\n\n${req.redactedText}` });
    });
  }

  return {
    platform: 'teams',
    adapter,
    refs,
    config,

    async remove(req: RemoveRequest): Promise<ActionResult> {
      const hidden = await applyPolicyViolation(req, {
        apiUrl: config.graphApiUrl,
        tokens,
        maxRetries: config.graphMaxRetries ?? TEAMS_DEFAULTS.graphMaxRetries,
        maxRetryAfterMs: config.graphMaxRetryAfterMs ?? TEAMS_DEFAULTS.graphMaxRetryAfterMs,
        timeoutMs: config.httpTimeoutMs ?? TEAMS_DEFAULTS.httpTimeoutMs,
        ...(config.complianceUrl ? { complianceUrl: config.complianceUrl } : {}),
        logger,
      });
      if (!hidden.ok || req.mode !== 'redact') return hidden;
      // redact = hide, then keep the conversation readable with a masked copy in the same thread.
      try {
        await postMaskedCopy(req);
        return { ok: true, detail: `${hidden.detail}; masked copy posted` };
      } catch (err) {
        // The message is hidden, which is what matters; a retry would not change that.
        logger.warn({ err: { name: (err as Error).name } }, 'teams masked copy not posted');
        return { ok: true, detail: `${hidden.detail}; masked copy not posted (${connectorFailure(err)})` };
      }
    },

    async warn(req: WarnRequest): Promise<ActionResult> {
      const r = req.message.route;
      const tenantId = r.tenantId || req.message.workspaceId;
      const ep = r.serviceUrl ? undefined : await refs.endpoint(tenantId);
      const serviceUrl = r.serviceUrl || ep?.serviceUrl;
      const userId = r.authorTeamsId;
      if (!serviceUrl || !userId) return { ok: false, permanent: true, detail: 'no Teams address for the author' };
      if (req.message.author.isExternal) {
        // A bot cannot open a 1:1 chat with a user of another tenant.
        return { ok: false, permanent: true, detail: 'cannot message an external (federated) author in private' };
      }
      const bot = { id: r.botId || ep?.bot.id || botAccountId(config), name: r.botName || config.botName || TEAMS_DEFAULTS.botName };
      const params: ConversationParameters = {
        isGroup: false,
        bot,
        members: [{ id: userId, name: '' }],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      };
      const card = warningCard(req.notice, req.decisionId);
      try {
        await adapter.createConversationAsync(
          config.appId,
          r.channelId || 'msteams',
          serviceUrl,
          undefined as unknown as string, // default audience (Bot Framework public cloud)
          params,
          async (ctx: TurnContext) => {
            await sendFresh(ctx, { type: ActivityTypes.Message, summary: req.notice.headline, attachments: [cardAttachment(card)] });
          },
        );
        return { ok: true, detail: 'author warned in a 1:1 chat' };
      } catch (err) {
        logger.warn({ err: { name: (err as Error).name }, status: (err as { statusCode?: number }).statusCode }, 'teams warning failed');
        return { ok: false, permanent: isPermanentConnectorError(err), detail: connectorFailure(err) };
      }
    },

    async postIncidentCard(view: IncidentView): Promise<CardRef> {
      if (!config.securityChannel) throw new Error('teams: TEAMS_SECURITY_CHANNEL is not set');
      const ref = await referenceFor(config.securityChannel, config.appTenantId || config.graphTenantId || undefined);
      try {
        const messageId = await sendCard(ref, incidentCard(view), view.text.title);
        return { platform: 'teams', conversationId: ref.conversation.id, messageId };
      } catch (err) {
        throw new Error(`teams: could not post the incident card: ${connectorFailure(err)}`);
      }
    },

    async updateIncidentCard(cardRef: CardRef, view: IncidentView): Promise<void> {
      const ref = await referenceFor(cardRef.conversationId, config.appTenantId || config.graphTenantId || undefined);
      const activity: Partial<Activity> = {
        type: ActivityTypes.Message,
        id: cardRef.messageId,
        summary: view.text.title,
        attachments: [cardAttachment(incidentCard(view))],
      };
      try {
        await adapter.continueConversationAsync(config.appId, ref, async (ctx: TurnContext) => {
          await ctx.updateActivity(activity);
        });
      } catch (err) {
        throw new Error(`teams: could not update the incident card: ${connectorFailure(err)}`);
      }
    },
  };
}
