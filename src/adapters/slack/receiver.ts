// Slack -> core: the Bolt app that receives events (HTTP at /slack/events, or Socket Mode) and
// interactivity (warning buttons, override modal, incident-card buttons).
// Events are recorded (core.accept) BEFORE Slack gets its 200 (processBeforeResponse), so a failed
// record answers 500 and Slack retries; duplicates are recognised by event_id in the store.
// Actions are executed later by the core's outbox worker, not here.
import type { Logger } from 'pino';
import { App, ExpressReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import { Router } from 'express';
import type { AcceptResult, BotCore, ChatPlatform } from '../../bot/ports.js';
import { checkSlackConfig, DEFAULT_API_URL, DEFAULT_EVENTS_PATH, type SlackConfig } from './config.js';
import { createSlackDirectory } from './directory.js';
import { registerInteractions } from './interactions.js';
import { normalizeSlackEvent } from './normalize.js';
import { createSlackPlatform, type SlackPlatform } from './platform.js';
import type { SlackEnvelope } from './slack-types.js';
import { toSlackLogger } from './slack-logger.js';

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

function isSlackPlatform(p: ChatPlatform): p is SlackPlatform {
  return p.platform === 'slack' && typeof (p as Partial<SlackPlatform>).identity === 'function';
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

  registerInteractions(app, { core, platform, client, log, background, tellUser });

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

