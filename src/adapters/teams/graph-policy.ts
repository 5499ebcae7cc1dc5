// Hide a Teams message the only way an app may: Graph PATCH of `policyViolation` (dlpAction
// BlockAccess) on the channel message, the reply or the chat message. Graph refuses federated
// senders and missing permissions; both are permanent and reported to the core.
import type { Logger } from 'pino';
import type { ActionResult, RemoveRequest } from '../../bot/ports.js';
import { GraphTokenError, type GraphTokenProvider } from './graph-token.js';

export interface GraphPolicyOptions {
  apiUrl: string;
  tokens: GraphTokenProvider;
  maxRetries: number;
  maxRetryAfterMs: number;
  timeoutMs: number;
  complianceUrl?: string;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

const enc = encodeURIComponent;

/** The Graph path of the message a RemoveRequest is about, or why there is none. */
export function policyViolationPath(route: Record<string, string>, messageId: string): { path: string } | { error: string } {
  if (route.conversationType === 'channel') {
    const team = route.aadGroupId;
    const channel = route.teamsChannelId;
    if (!team) return { error: 'the team’s aadGroupId was not in the activity' };
    if (!channel) return { error: 'the channel id was not in the activity' };
    const root = route.rootMessageId ?? messageId;
    const base = `/teams/${enc(team)}/channels/${enc(channel)}/messages/${enc(root)}`;
    return { path: root === messageId ? base : `${base}/replies/${enc(messageId)}` };
  }
  const chat = route.chatId ?? route.conversationId;
  if (!chat) return { error: 'the chat id was not in the activity' };
  return { path: `/chats/${enc(chat)}/messages/${enc(messageId)}` };
}

export function policyViolationBody(req: RemoveRequest, fallbackComplianceUrl?: string): Record<string, unknown> {
  const conditions = [...new Set(req.findings.map((f) => f.ruleName))];
  const complianceUrl = req.complianceUrl ?? fallbackComplianceUrl;
  return {
    policyViolation: {
      dlpAction: 'BlockAccess',
      verdictDetails: req.allowOverride ? 'AllowFalsePositiveOverride,AllowOverrideWithJustification' : 'None',
      policyTip: {
        generalText: req.policyTip,
        ...(complianceUrl ? { complianceUrl } : {}),
        matchedConditionDescriptions: conditions,
      },
    },
  };
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMs(header: string | null, fallbackMs: number): number {
  if (!header) return fallbackMs;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallbackMs : Math.max(0, at - Date.now());
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function applyPolicyViolation(req: RemoveRequest, opts: GraphPolicyOptions): Promise<ActionResult> {
  const { message } = req;
  if (message.author.isExternal) {
    return {
      ok: false,
      permanent: true,
      detail: 'Teams cannot hide a message from an external (federated) sender: message still visible',
    };
  }
  const target = policyViolationPath(message.route, message.messageId);
  if ('error' in target) return { ok: false, permanent: true, detail: `cannot address the message in Graph: ${target.error}` };

  const url = opts.apiUrl.replace(/\/+$/, '') + target.path;
  const body = JSON.stringify(policyViolationBody(req, opts.complianceUrl));
  const sleep = opts.sleep ?? defaultSleep;
  const log = opts.logger.child({ graphPath: target.path });
  let reauthorised = false;

  for (let attempt = 0; ; attempt++) {
    let token: string;
    try {
      token = await opts.tokens.getToken();
    } catch (err) {
      const e = err as GraphTokenError;
      return { ok: false, permanent: e.permanent ?? false, detail: e.message };
    }
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (err) {
      log.warn({ err: { name: (err as Error).name } }, 'graph unreachable');
      return { ok: false, detail: `Graph unreachable (${(err as Error).name})` };
    }
    if (res.ok) {
      await res.body?.cancel();
      return { ok: true, detail: 'message hidden (policyViolation BlockAccess)' };
    }
    const errJson = (await res.json().catch(() => ({}))) as { error?: { code?: unknown } };
    const code = typeof errJson.error?.code === 'string' ? errJson.error.code : '';
    const label = `${res.status}${code ? ` ${code}` : ''}`;
    if (res.status === 401 && !reauthorised) {
      reauthorised = true;
      opts.tokens.invalidate();
      continue;
    }
    if (res.status === 429 || res.status === 503) {
      const wait = retryAfterMs(res.headers.get('retry-after'), 1000 * 2 ** attempt);
      if (attempt < opts.maxRetries && wait <= opts.maxRetryAfterMs) {
        log.info({ status: res.status, waitMs: wait }, 'graph throttled; retrying');
        await sleep(wait);
        continue;
      }
      return { ok: false, detail: `Graph throttled the request (${label}); will retry later` };
    }
    log.warn({ status: res.status, code }, 'graph refused policyViolation');
    if (res.status === 403) {
      return {
        ok: false,
        permanent: true,
        detail: `Graph refused to hide the message (${label}): check the ChannelMessage/Chat.UpdatePolicyViolation.All permission and admin consent; message still visible`,
      };
    }
    if (res.status === 404) return { ok: false, permanent: true, detail: `Graph could not find the message (${label})` };
    if (res.status >= 400 && res.status < 500) return { ok: false, permanent: true, detail: `Graph rejected the request (${label})` };
    return { ok: false, detail: `Graph error (${label})` };
  }
}
