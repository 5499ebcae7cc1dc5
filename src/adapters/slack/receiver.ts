// Slack -> core: the Bolt app that receives events (HTTP at /slack/events, or Socket Mode) and
// interactivity (warning buttons, override modal, incident-card buttons).
// Events are recorded (core.accept) BEFORE Slack gets its 200 (processBeforeResponse), so a failed
// record answers 500 and Slack retries; duplicates are recognised by event_id in the store.
// Actions are executed later by the core's outbox worker, not here.
import type { Logger } from 'pino';
import { App, ExpressReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import { Router } from 'express';
import type { AcceptResult, Actor, BotCore, ChatPlatform, IncidentCommand } from '../../bot/ports.js';
import { ACTION, commandFromActionId, decodeWarnRef, INCIDENT_ACTION_PREFIX, OVERRIDE_BLOCK_ID, OVERRIDE_CALLBACK_ID, OVERRIDE_INPUT_ID, type WarnRef } from './action-ids.js';
import { overrideModal } from './blocks.js';
import { checkSlackConfig, DEFAULT_API_URL, DEFAULT_EVENTS_PATH, type SlackConfig } from './config.js';
import { createSlackDirectory } from './directory.js';
import { escapeMrkdwn } from './markup.js';
import { normalizeSlackEvent } from './normalize.js';
import { createSlackPlatform, type SlackPlatform } from './platform.js';
import type { SlackEnvelope } from './slack-types.js';
import { toSlackLogger } from './slack-logger.js';
import { slackErrorCode } from './web-client.js';

export interface SlackReceiverOptions {
  config: SlackConfig;
  core: BotCore;
  /** The platform from createSlackPlatform (its Web API client is reused). */
  platform: ChatPlatform;
  logger: Logger;
  /**
   * Called after a message was recorded with actions to run. Wire it to the outbox worker (run a
   * round now) so warnings do not wait for the next poll; see createWorkerKicker.
   */
  afterAccept?: (result: AcceptResult) => void;
}

export interface SlackReceiver {
  /** Serves POST {eventsPath} (events + interactivity). Mount before any body parser. Empty in Socket Mode. */
  router: Router;
  /** The Bolt app, for tests and extensions. */
  app: App;
  start(): Promise<void>;
  /** Stops Socket Mode and waits for button work in flight. */
  stop(): Promise<void>;
}

const DEFAULT_OVERRIDE_PROMPT = 'Why do you need to share this? Your reason is recorded.';

function isSlackPlatform(p: ChatPlatform): p is SlackPlatform {
  return p.platform === 'slack' && typeof (p as Partial<SlackPlatform>).identity === 'function';
}

interface InteractionUser {
  id: string;
  username?: string;
  name?: string;
}

function actorOf(user: InteractionUser): Actor {
  const a: Actor = { platform: 'slack', id: user.id };
  const name = user.username ?? user.name;
  if (name) a.name = name;
  return a;
}

export function createSlackReceiver({ config, core, platform: given, logger, afterAccept }: SlackReceiverOptions): SlackReceiver {
  checkSlackConfig(config);
  const log = logger.child({ component: 'slack-receiver' });
  const platform = isSlackPlatform(given) ? given : createSlackPlatform(config, logger);
  const client = platform.client;
  const directory = createSlackDirectory(client, config.directoryTtlSeconds ?? 600, log);
  const slackLogger = toSlackLogger(logger, 'slack-bolt');
  const socketMode = Boolean(config.appToken);

  let receiver: Receiver;
  let router: Router;
  if (socketMode) {
    receiver = new SocketModeReceiver({
      appToken: config.appToken as string,
      logger: slackLogger,
      // apps.connections.open goes to SLACK_API_URL like every other call.
      installerOptions: { clientOptions: { slackApiUrl: config.apiUrl ?? DEFAULT_API_URL } },
    });
    router = Router();
  } else {
    const express = new ExpressReceiver({
      signingSecret: config.signingSecret,
      endpoints: config.eventsPath ?? DEFAULT_EVENTS_PATH,
      processBeforeResponse: true,
      logger: slackLogger,
    });
    receiver = express;
    router = express.router as Router;
  }

  const app = new App({
    receiver,
    logger: slackLogger,
    // authorize (rather than a fixed token) so that auth.test runs once, through the platform.
    authorize: async () => {
      const id = await platform.identity();
      return { botToken: config.botToken, botUserId: id.botUserId, ...(id.botId ? { botId: id.botId } : {}), teamId: id.teamId };
    },
    clientOptions: { slackApiUrl: config.apiUrl ?? DEFAULT_API_URL, retryConfig: config.retry ? { ...config.retry } : { retries: 10, factor: 1.96821, randomize: true } },
    ignoreSelf: true,
  });

  // Button work runs after ack (Slack wants an answer within 3 s); stop() waits for it.
  const inFlight = new Set<Promise<void>>();
  function background(what: string, work: () => Promise<void>): void {
    const p = work()
      .catch((err: unknown) => log.error({ what, err: err instanceof Error ? err.message : String(err) }, 'Slack interaction failed'))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }

  async function tellUser(channel: string, user: string, text: string, threadTs?: string, responseUrl?: string): Promise<void> {
    if (responseUrl) {
      try {
        const res = await fetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ replace_original: true, response_type: 'ephemeral', text }),
          signal: AbortSignal.timeout(5000),
        });
        if (res.ok) return;
      } catch {
        // fall back to a fresh ephemeral below
      }
    }
    await client.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  }

  // ---- messages -------------------------------------------------------------------------------
  app.event('message', async ({ body, context }) => {
    const id = await platform.identity();
    const ctx = { botUserId: context.botUserId ?? id.botUserId, teamUrl: id.url, installedTeamId: id.teamId, ...(context.botId ? { botId: context.botId } : id.botId ? { botId: id.botId } : {}) };
    const message = normalizeSlackEvent(body as unknown as SlackEnvelope, ctx);
    if (!message) return;
    await directory.enrich(message);
    const result = await core.accept(message);
    if (!result.duplicate && result.actions.length > 0) afterAccept?.(result);
    log.debug(
      { eventId: message.eventId, retryNum: context.retryNum, duplicate: result.duplicate, findings: result.findings, actions: result.actions },
      'slack message accepted',
    );
  });

  // ---- employee warning buttons ---------------------------------------------------------------
  app.action(ACTION.warnFalsePositive, async ({ ack, body, action }) => {
    await ack();
    const ref = decodeWarnRef((action as { value?: string }).value);
    const user = (body as { user: InteractionUser }).user;
    const responseUrl = (body as { response_url?: string }).response_url;
    if (!ref) return;
    background('false-positive', async () => {
      if (user.id !== ref.u) return tellUser(ref.c, user.id, 'Only the author of the message can do this.', ref.th);
      const r = await core.feedback(ref.d, 'false-positive', actorOf(user));
      await tellUser(ref.c, user.id, escapeMrkdwn(r.detail), ref.th, responseUrl);
    });
  });

  app.action(ACTION.warnDelete, async ({ ack, body, action }) => {
    await ack();
    const ref = decodeWarnRef((action as { value?: string }).value);
    const user = (body as { user: InteractionUser }).user;
    const responseUrl = (body as { response_url?: string }).response_url;
    if (!ref) return;
    background('delete', async () => {
      const r = await platform.deleteForAuthor(ref, user.id);
      await tellUser(ref.c, user.id, r.ok ? 'Done: I have deleted your message.' : `I could not delete the message (${escapeMrkdwn(r.detail)}).`, ref.th, responseUrl);
    });
  });

  app.action(ACTION.warnOverride, async ({ ack, body, action }) => {
    await ack();
    const ref = decodeWarnRef((action as { value?: string }).value);
    const b = body as { user: InteractionUser; trigger_id?: string; response_url?: string };
    if (!ref || !b.trigger_id) return;
    if (b.user.id !== ref.u) {
      background('override-refused', () => tellUser(ref.c, b.user.id, 'Only the author of the message can do this.', ref.th));
      return;
    }
    // views.open must happen within 3 s of the click: do it now, not in the background.
    const meta: WarnRef & { r?: string } = { d: ref.d, c: ref.c, t: ref.t, u: ref.u };
    if (ref.th) meta.th = ref.th;
    if (b.response_url) meta.r = b.response_url;
    try {
      await client.views.open({ trigger_id: b.trigger_id, view: overrideModal(ref.p ?? DEFAULT_OVERRIDE_PROMPT, JSON.stringify(meta)) as never });
    } catch (err) {
      log.warn({ code: slackErrorCode(err) }, 'views.open failed');
    }
  });

  app.view(OVERRIDE_CALLBACK_ID, async ({ ack, body, view }) => {
    const input = view.state.values[OVERRIDE_BLOCK_ID]?.[OVERRIDE_INPUT_ID];
    const justification = (input?.value ?? '').trim();
    if (justification === '') {
      await ack({ response_action: 'errors', errors: { [OVERRIDE_BLOCK_ID]: 'Please give a reason: overrides need a justification.' } });
      return;
    }
    await ack();
    let meta: (WarnRef & { r?: string }) | undefined;
    try {
      const raw = JSON.parse(view.private_metadata) as { r?: unknown };
      meta = decodeWarnRef(view.private_metadata);
      if (meta && typeof raw.r === 'string') meta.r = raw.r;
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
        if (b.channel) await client.chat.postEphemeral({ channel: b.channel.id, user: b.user.id, text: `Could not ${command} this incident: ${escapeMrkdwn(why)}` });
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

  app.error(async (err) => {
    log.error({ code: (err as { code?: string }).code, err: err.message }, 'Slack event handling failed');
    throw err; // -> HTTP 500, so Slack retries the delivery
  });

  return {
    router,
    app,
    async start() {
      try {
        const id = await platform.identity();
        log.info({ teamId: id.teamId, botUserId: id.botUserId, mode: socketMode ? 'socket' : 'http' }, 'Slack connected');
      } catch (err) {
        // Not fatal: events retry the lookup. The message names the variables to check.
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'Slack identity lookup failed');
      }
      if (socketMode) await app.start();
    },
    async stop() {
      if (socketMode) await app.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * Trigger for outbox rounds: `kick()` starts `runOnce()` now (up to `concurrency` rounds at once;
 * the store's leases keep rounds from taking the same action and keep each chain in order), or
 * once more after a round in progress. Lets warnings go out without waiting for the next poll.
 */
export function createWorkerKicker(
  runOnce: () => Promise<unknown>,
  opts: { concurrency?: number; onError?: (err: unknown) => void } = {},
): { kick(): void; idle(): Promise<void> } {
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const rounds = new Set<Promise<void>>();
  let pending = 0;
  const round = async (): Promise<void> => {
    do {
      pending = Math.max(0, pending - 1);
      try {
        await runOnce();
      } catch (err) {
        opts.onError?.(err);
      }
    } while (pending > 0);
  };
  return {
    kick() {
      pending += 1;
      if (rounds.size >= concurrency) return;
      const p: Promise<void> = round().finally(() => rounds.delete(p));
      rounds.add(p);
    },
    async idle() {
      while (rounds.size > 0) await Promise.all([...rounds]);
    },
  };
}
