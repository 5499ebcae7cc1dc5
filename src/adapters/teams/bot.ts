// The TeamsActivityHandler: messages, replies and edits go to the core; installations save
// conversation references; Action.Execute invokes change incidents or record feedback.
import {
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Actor, BotCore, IncidentCommand } from '../../bot/ports.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, feedbackDoneCard, incidentCard, JUSTIFICATION_INPUT, messageCard, VERB_FEEDBACK, VERB_INCIDENT } from './cards.js';
import type { ConversationRefs, StoredReference } from './conversation-refs.js';
import { channelDataOf, isFromBot, normalizeTeamsActivity, splitConversationId } from './normalize.js';
import type { MemberDirectory } from './members.js';
import { TEAMS_TEXT } from './texts.js';

const COMMANDS: readonly IncidentCommand[] = ['acknowledge', 'assign-to-me', 'resolve', 'false-positive'];

export interface DlpTeamsBotDeps {
  core: BotCore;
  refs: ConversationRefs;
  logger: Logger;
  /** Looks authors up in the roster (guest / other tenant); omitted = trust `from` only. */
  members?: MemberDirectory;
}

function cardResponse(card: Record<string, unknown>): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

function errorResponse(statusCode: number, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code: String(statusCode), message } };
}

export class DlpTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: DlpTeamsBotDeps) {
    super();
    this.onMessage(async (ctx, next) => {
      await this.remember(ctx, false);
      await this.scan(ctx);
      await next();
    });
    this.onMessageUpdate(async (ctx, next) => {
      const eventType = channelDataOf(ctx.activity).eventType;
      // softDelete arrives as messageDelete; "undeleteMessage" brings text back, so scan it too.
      if (!eventType || eventType === 'editMessage' || eventType === 'undeleteMessage') await this.scan(ctx);
      await next();
    });
    this.onInstallationUpdate(async (ctx, next) => {
      await this.remember(ctx, true);
      await next();
    });
    this.onConversationUpdate(async (ctx, next) => {
      const added = ctx.activity.membersAdded ?? [];
      if (added.some((m) => m.id === ctx.activity.recipient?.id)) await this.remember(ctx, true);
      await next();
    });
  }

  private async scan(ctx: TurnContext): Promise<void> {
    if (isFromBot(ctx.activity)) return;
    const message = normalizeTeamsActivity(await this.withMemberInfo(ctx));
    if (!message) return;
    const result = await this.deps.core.accept(message);
    this.deps.logger.debug(
      { eventId: message.eventId, duplicate: result.duplicate, findings: result.findings, actions: result.actions },
      'teams message accepted',
    );
  }

  /** The activity with the author's roster role and tenant filled in, when Teams left them out. */
  private async withMemberInfo(ctx: TurnContext): Promise<Partial<Activity>> {
    const a = ctx.activity;
    const from = a.from as (typeof a.from & { userRole?: string; tenantId?: string }) | undefined;
    if (!this.deps.members || !from?.id || (from.userRole && from.tenantId)) return a;
    const info = await this.deps.members.lookup(ctx, from.id);
    if (!info) return a;
    return { ...a, from: { ...from, userRole: from.userRole ?? info.userRole, tenantId: from.tenantId ?? info.tenantId } as typeof from };
  }

  /** Keep the tenant's endpoint on every activity; full references on installation. */
  private async remember(ctx: TurnContext, installation: boolean): Promise<void> {
    const a = ctx.activity;
    const cd = channelDataOf(a);
    const tenantId = cd.tenant?.id ?? a.conversation?.tenantId ?? '';
    if (!a.serviceUrl || !a.recipient?.id) return;
    await this.deps.refs.saveEndpoint({
      serviceUrl: a.serviceUrl,
      tenantId,
      bot: { id: a.recipient.id, ...(a.recipient.name ? { name: a.recipient.name } : {}) },
    });
    if (!installation) return;
    if (a.action === 'remove' || a.action === 'remove-upgrade') return;
    const ref = TurnContext.getConversationReference(a) as Partial<ConversationReference>;
    const base = splitConversationId(a.conversation.id).base;
    // In a team the General channel's id is the team id; the security channel may be any of them.
    const ids = new Set([base, cd.team?.id, cd.channel?.id].filter((x): x is string => Boolean(x)));
    for (const id of ids) {
      const stored: StoredReference = {
        serviceUrl: a.serviceUrl,
        channelId: ref.channelId ?? 'msteams',
        ...(ref.bot ? { bot: ref.bot } : {}),
        ...(ref.locale ? { locale: ref.locale } : {}),
        conversation: { ...a.conversation, id },
      };
      await this.deps.refs.save(id, stored);
    }
    this.deps.logger.info({ conversations: [...ids], tenantId }, 'teams installation recorded');
  }

  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const from = ctx.activity.from as { id: string; name?: string; aadObjectId?: string };
    const actor: Actor = { platform: 'teams', id: from.aadObjectId ?? from.id, ...(from.name ? { name: from.name } : {}) };
    const data = (value.action.data ?? {}) as Record<string, unknown>;
    try {
      if (value.action.verb === VERB_INCIDENT) {
        const incidentId = typeof data.incidentId === 'string' ? data.incidentId : '';
        const command = COMMANDS.find((c) => c === data.command);
        if (!incidentId || !command) return cardResponse(messageCard(TEAMS_TEXT.invokeUnknown));
        const view = await this.deps.core.incidentCommand(incidentId, command, actor);
        return cardResponse(incidentCard(view));
      }
      if (value.action.verb === VERB_FEEDBACK) {
        const decisionId = typeof data.decisionId === 'string' ? data.decisionId : '';
        const kind = data.kind === 'override' ? 'override' : data.kind === 'false-positive' ? 'false-positive' : undefined;
        if (!decisionId || !kind) return cardResponse(messageCard(TEAMS_TEXT.invokeUnknown));
        const raw = data[JUSTIFICATION_INPUT];
        const justification = typeof raw === 'string' ? raw.trim() : '';
        if (kind === 'override' && !justification) return errorResponse(400, TEAMS_TEXT.overrideRequired);
        const res = await this.deps.core.feedback(decisionId, kind, actor, justification || undefined);
        return cardResponse(feedbackDoneCard(res.detail));
      }
      return cardResponse(messageCard(TEAMS_TEXT.invokeUnknown));
    } catch (err) {
      this.deps.logger.warn({ err: { name: (err as Error).name, message: (err as Error).message }, verb: value.action.verb }, 'teams card action failed');
      return errorResponse(500, TEAMS_TEXT.invokeFailed);
    }
  }
}
