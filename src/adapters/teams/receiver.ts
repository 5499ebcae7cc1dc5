// POST /api/messages: checks the activity's shape, then lets botbuilder's CloudAdapter
// authenticate it and run the bot. Failures answer 400/401/500 without crashing or echoing input.
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import { TeamsCloudAdapter } from './adapter.js';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BotCore, KeyValueStore } from '../../bot/ports.js';
import { DlpTeamsBot } from './bot.js';
import { MemberDirectory } from './members.js';
import type { TeamsConfig } from './config.js';
import type { TeamsPlatform } from './platform.js';

export interface TeamsReceiverDeps {
  config: TeamsConfig;
  core: BotCore;
  platform: TeamsPlatform;
  kv?: KeyValueStore;
  logger: Logger;
}

export interface TeamsReceiver {
  handler: RequestHandler;
  adapter: CloudAdapter;
}

const MAX_BODY_BYTES = 1024 * 1024;

const httpUrl = z.string().regex(/^https?:\/\/[^\s/]+/i, 'an http(s) URL');
const account = z.object({ id: z.string().min(1) }).passthrough();
const ActivityShape = z
  .object({
    type: z.string().min(1),
    id: z.string().min(1).optional(),
    channelId: z.string().min(1),
    serviceUrl: httpUrl,
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    from: account.optional(),
    recipient: account.optional(),
    text: z.string().optional(),
    attachments: z.array(z.object({ contentType: z.string() }).passthrough()).optional(),
    channelData: z.record(z.unknown()).optional(),
  })
  .passthrough()
  .superRefine((a, ctx) => {
    if (['message', 'messageUpdate', 'invoke'].includes(a.type)) {
      if (!a.id) ctx.addIssue({ code: 'custom', path: ['id'], message: 'required' });
      if (!a.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'required' });
    }
  });

/** As CloudAdapter does: timestamps become Dates, the raw strings are kept. */
function toActivity(data: Record<string, unknown>): Activity {
  const a = { ...data } as Record<string, unknown>;
  for (const [k, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    if (typeof a[k] === 'string') {
      a[raw] = a[k];
      a[k] = new Date(a[k] as string);
    }
  }
  return a as unknown as Activity;
}

async function readJson(req: Request): Promise<unknown> {
  if (req.body !== undefined && !(req.body instanceof Buffer)) return req.body;
  let raw: Buffer;
  if (req.body instanceof Buffer) raw = req.body;
  else {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new Error('body too large');
      chunks.push(chunk as Buffer);
    }
    raw = Buffer.concat(chunks);
  }
  return JSON.parse(raw.toString('utf8'));
}

/** Collects what CloudAdapter writes so that we decide the final status ourselves. */
function captureResponse(): { status: number; body: unknown; res: Record<string, unknown> } {
  const out = { status: 200, body: undefined as unknown, res: {} as Record<string, unknown> };
  out.res = {
    status(code: number) {
      out.status = code;
      return out.res;
    },
    send(body: unknown) {
      out.body = body;
      return out.res;
    },
    header() {
      return out.res;
    },
    end() {
      return out.res;
    },
  };
  return out;
}

export function createTeamsReceiver(deps: TeamsReceiverDeps): TeamsReceiver {
  const logger = deps.logger.child({ platform: 'teams' });
  const { adapter } = deps.platform;
  // The platform owns the reference store; `kv` is accepted for symmetry with the platform.
  const refs = deps.platform.refs;
  const members = deps.config.memberLookup === false ? undefined : new MemberDirectory({ logger });
  const bot = new DlpTeamsBot({ core: deps.core, refs, logger, ...(members ? { members } : {}) });

  const handler: RequestHandler = async (req: Request, res: Response) => {
    let payload: unknown;
    try {
      payload = await readJson(req);
    } catch {
      res.status(400).json({ error: 'request body is not JSON' });
      return;
    }
    const parsed = ActivityShape.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'activity';
      logger.warn({ field: where }, 'teams: malformed activity rejected');
      res.status(400).json({ error: `malformed activity: ${where}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    const activity = toActivity(parsed.data);
    let failed = false;
    const logic = async (ctx: TurnContext) => {
      try {
        await bot.run(ctx);
      } catch (err) {
        failed = true;
        logger.error({ err: { name: (err as Error).name, message: (err as Error).message }, activityType: ctx.activity.type }, 'teams activity failed');
      }
    };
    const authHeader = String(req.headers.authorization ?? '');
    let status = 200;
    let body: unknown;
    try {
      if (adapter instanceof TeamsCloudAdapter) {
        const invoke = await adapter.runActivity(authHeader, activity, logic);
        status = invoke?.status ?? 200;
        body = invoke?.body;
      } else {
        // A plain CloudAdapter given by the host: let it write into a captured response.
        const capture = captureResponse();
        await adapter.process({ method: 'POST', headers: req.headers, body: parsed.data } as unknown as Request, capture.res as unknown as Response, logic);
        status = capture.status;
        body = capture.body;
      }
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 401 || (err as Error).name === 'AuthenticationError') {
        logger.warn({ activityType: activity.type }, 'teams: request not authenticated');
        res.status(401).json({ error: 'unauthorized' });
        return;
      }
      failed = true;
      logger.error({ err: { name: (err as Error).name } }, 'teams adapter failed');
    }
    if (res.headersSent) return;
    if (failed) {
      // 500 makes Teams redeliver; the core's idempotency makes that safe.
      res.status(500).json({ error: 'internal error' });
      return;
    }
    if (status === 401) {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    if (body === undefined) res.status(status).end();
    else if (typeof body === 'string') res.status(status).type('text/plain').send(body);
    else res.status(status).json(body);
  };

  return { handler, adapter };
}
