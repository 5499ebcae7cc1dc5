// Button clicks and modal submissions: warning buttons (delete, false positive, override with
// justification) and incident-card buttons. Each acks at once; the work runs in the background.
import type { Logger } from 'pino';
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Actor, BotCore, IncidentCommand } from '../../bot/ports.js';
import { ACTION, commandFromActionId, decodeWarnRef, INCIDENT_ACTION_PREFIX, OVERRIDE_BLOCK_ID, OVERRIDE_CALLBACK_ID, OVERRIDE_INPUT_ID, type WarnRef } from './action-ids.js';
import { overrideModal } from './blocks.js';
import { escapeMrkdwn } from './markup.js';
import type { SlackPlatform } from './platform.js';
import { SLACK_TEXT } from './texts.js';
import { slackErrorCode } from './web-client.js';

export interface InteractionDeps {
  core: BotCore;
  platform: SlackPlatform;
  client: WebClient;
  log: Logger;
  /** Run work after the ack; failures are logged. */
  background(what: string, work: () => Promise<void>): void;
  /** Tell one person something privately (replacing the ephemeral behind response_url when given). */
  tellUser(channel: string, user: string, text: string, threadTs?: string, responseUrl?: string): Promise<void>;
}

interface InteractionUser {
  id: string;
  username?: string;
  name?: string;
}

type OverrideMeta = WarnRef & { r?: string };

function actorOf(user: InteractionUser): Actor {
  const a: Actor = { platform: 'slack', id: user.id };
  const name = user.username ?? user.name;
  if (name) a.name = name;
  return a;
}

function decodeOverrideMeta(privateMetadata: string): OverrideMeta | undefined {
  const meta: OverrideMeta | undefined = decodeWarnRef(privateMetadata);
  if (!meta) return undefined;
  const raw = JSON.parse(privateMetadata) as { r?: unknown };
  if (typeof raw.r === 'string') meta.r = raw.r;
  return meta;
}

export function registerInteractions(app: App, deps: InteractionDeps): void {
  const { core, platform, client, log, background, tellUser } = deps;

  // ---- employee warning buttons ---------------------------------------------------------------
  app.action(ACTION.warnFalsePositive, async ({ ack, body, action }) => {
    await ack();
    const ref = decodeWarnRef((action as { value?: string }).value);
    const b = body as { user: InteractionUser; response_url?: string };
    if (!ref) return;
    background('false-positive', async () => {
      if (b.user.id !== ref.u) return tellUser(ref.c, b.user.id, SLACK_TEXT.onlyAuthor, ref.th);
      const r = await core.feedback(ref.d, 'false-positive', actorOf(b.user));
      await tellUser(ref.c, b.user.id, escapeMrkdwn(r.detail), ref.th, b.response_url);
    });
  });

  app.action(ACTION.warnDelete, async ({ ack, body, action }) => {
    await ack();
    const ref = decodeWarnRef((action as { value?: string }).value);
    const b = body as { user: InteractionUser; response_url?: string };
    if (!ref) return;
    background('delete', async () => {
      const r = await platform.deleteForAuthor(ref, b.user.id);
      await tellUser(ref.c, b.user.id, r.ok ? SLACK_TEXT.deleted : SLACK_TEXT.notDeleted(escapeMrkdwn(r.detail)), ref.th, b.response_url);
    });
  });

  app.action(ACTION.warnOverride, async ({ ack, body, action }) => {
    await ack();
    const ref = decodeWarnRef((action as { value?: string }).value);
    const b = body as { user: InteractionUser; trigger_id?: string; response_url?: string };
    if (!ref || !b.trigger_id) return;
    if (b.user.id !== ref.u) {
      background('override-refused', () => tellUser(ref.c, b.user.id, SLACK_TEXT.onlyAuthor, ref.th));
      return;
    }
    // views.open must happen within 3 s of the click: now, not in the background.
    const meta: OverrideMeta = { d: ref.d, c: ref.c, t: ref.t, u: ref.u };
    if (ref.th) meta.th = ref.th;
    if (b.response_url) meta.r = b.response_url;
    try {
      await client.views.open({ trigger_id: b.trigger_id, view: overrideModal(ref.p ?? SLACK_TEXT.defaultOverridePrompt, JSON.stringify(meta)) as never });
    } catch (err) {
      log.warn({ code: slackErrorCode(err) }, 'views.open failed');
    }
  });

  app.view(OVERRIDE_CALLBACK_ID, async ({ ack, body, view }) => {
    const justification = (view.state.values[OVERRIDE_BLOCK_ID]?.[OVERRIDE_INPUT_ID]?.value ?? '').trim();
    if (justification === '') {
      await ack({ response_action: 'errors', errors: { [OVERRIDE_BLOCK_ID]: SLACK_TEXT.justificationRequired } });
      return;
    }
    await ack();
    let meta: OverrideMeta | undefined;
    try {
      meta = decodeOverrideMeta(view.private_metadata);
    } catch {
      meta = undefined;
    }
    const user = body.user as InteractionUser;
    if (!meta || meta.u !== user.id) return;
    const m = meta;
    background('override', async () => {
      // The justification is the employee's own words: it goes to the core (audited), never back to Slack.
      const r = await core.feedback(m.d, 'override', actorOf(user), justification);
      await tellUser(m.c, user.id, escapeMrkdwn(r.detail), m.th, m.r);
    });
  });

  // ---- incident card buttons ------------------------------------------------------------------
  app.action(new RegExp(`^${INCIDENT_ACTION_PREFIX}`), async ({ ack, body, action }) => {
    await ack();
    const a = action as { action_id: string; value?: string };
    const command: IncidentCommand | undefined = commandFromActionId(a.action_id);
    const b = body as { user: InteractionUser; channel?: { id: string }; message?: { ts: string } };
    const incidentId = a.value;
    if (!command || !incidentId) return;
    background(`incident ${command}`, async () => {
      let view;
      try {
        view = await core.incidentCommand(incidentId, command, actorOf(b.user));
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        if (b.channel) await client.chat.postEphemeral({ channel: b.channel.id, user: b.user.id, text: SLACK_TEXT.commandFailed(command, escapeMrkdwn(why)) });
        return;
      }
      // Redraw the card that was clicked right away; other copies are updated through the outbox.
      if (b.channel && b.message) {
        await platform.updateIncidentCard({ platform: 'slack', conversationId: b.channel.id, messageId: b.message.ts }, view);
      }
    });
  });

  // Link buttons still send an action payload; it only needs an ack.
  app.action(ACTION.openMessage, async ({ ack }) => {
    await ack();
  });
}
