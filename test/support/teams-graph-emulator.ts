/**
 * Microsoft Graph emulator: records chatMessage PATCHes (policyViolation).
 *
 *   const graph = await startGraphEmulator({ acceptToken: (t) => tokens.issued.includes(t) });
 *   config.graphApiUrl = graph.apiUrl;            // http://127.0.0.1:PORT/v1.0
 *   graph.respondNext({ status: 403, code: 'Forbidden' });
 *   graph.respondNext({ status: 429, retryAfter: 1 });
 *   const patch = await graph.waitFor((p) => p.messageId === '1700000000001');
 *   patch.target   // 'channel' | 'reply' | 'chat'
 *
 * Routes: PATCH /v1.0/teams/{team}/channels/{channel}/messages/{id}[/replies/{reply}]
 *         PATCH /v1.0/chats/{chat}/messages/{id}            -> 200 (or the scripted reply)
 * A missing/unaccepted bearer token answers 401.
 */
import { startRecordingServer, type RecordedRequest, type Reply } from './teams-http.js';

export interface GraphPatch extends RecordedRequest {
  target: 'channel' | 'reply' | 'chat' | 'unknown';
  teamId?: string;
  channelId?: string;
  chatId?: string;
  /** The message the PATCH is about (the reply id for replies). */
  messageId?: string;
  rootMessageId?: string;
  /** Status the emulator answered. */
  status: number;
}

export interface ScriptedGraphReply {
  status: number;
  code?: string;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
}

export interface GraphEmulator {
  apiUrl: string;
  patches: GraphPatch[];
  requests: RecordedRequest[];
  respondNext(reply: ScriptedGraphReply, times?: number): void;
  waitFor(match: (p: GraphPatch) => boolean, timeoutMs?: number): Promise<GraphPatch>;
  close(): Promise<void>;
}

function parseTarget(path: string): Pick<GraphPatch, 'target' | 'teamId' | 'channelId' | 'chatId' | 'messageId' | 'rootMessageId'> {
  const p = path.split('?')[0] ?? '';
  let m = /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages\/([^/]+)\/replies\/([^/]+)$/.exec(p);
  if (m) return { target: 'reply', teamId: m[1], channelId: m[2], rootMessageId: m[3], messageId: m[4] };
  m = /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages\/([^/]+)$/.exec(p);
  if (m) return { target: 'channel', teamId: m[1], channelId: m[2], messageId: m[3], rootMessageId: m[3] };
  m = /^\/v1\.0\/chats\/([^/]+)\/messages\/([^/]+)$/.exec(p);
  if (m) return { target: 'chat', chatId: m[1], messageId: m[2] };
  return { target: 'unknown' };
}

export async function startGraphEmulator(opts: { acceptToken?: (token: string) => boolean } = {}): Promise<GraphEmulator> {
  const script: ScriptedGraphReply[] = [];
  const patches: GraphPatch[] = [];
  const server = await startRecordingServer((rec): Reply | undefined => {
    if (rec.method !== 'PATCH') return undefined;
    const target = parseTarget(rec.path);
    const token = /^Bearer (.+)$/.exec(String(rec.headers.authorization ?? ''))?.[1];
    let reply: Reply;
    const scripted = script.shift();
    if (!token || (opts.acceptToken && !opts.acceptToken(token))) {
      reply = { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } } };
    } else if (target.target === 'unknown') {
      reply = { status: 404, body: { error: { code: 'NotFound', message: 'Unknown resource' } } };
    } else if (scripted) {
      reply = {
        status: scripted.status,
        body: { error: { code: scripted.code ?? (scripted.status === 429 ? 'TooManyRequests' : 'Forbidden'), message: 'emulated' } },
        ...(scripted.retryAfter !== undefined ? { headers: { 'retry-after': String(scripted.retryAfter) } } : {}),
      };
    } else {
      reply = { status: 200 };
    }
    patches.push(Object.assign(rec, target, { status: reply.status }) as GraphPatch);
    return reply;
  });
  return {
    apiUrl: `${server.origin}/v1.0`,
    patches,
    requests: server.requests,
    respondNext(reply, times = 1) {
      for (let i = 0; i < times; i++) script.push(reply);
    },
    waitFor: (match, timeoutMs) =>
      server.waitFor((r) => 'target' in r && match(r as GraphPatch), timeoutMs) as Promise<GraphPatch>,
    close: () => server.close(),
  };
}
