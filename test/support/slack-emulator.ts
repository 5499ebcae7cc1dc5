/**
 * Slack emulator for offline tests: a real HTTP server on 127.0.0.1 (ephemeral port) that plays
 * both sides of Slack.
 *
 * 1. Web API (point the bot's SLACK_API_URL at `emulator.apiUrl`, which ends with '/'):
 *    auth.test, chat.postMessage, chat.postEphemeral, chat.update, chat.delete, chat.getPermalink,
 *    conversations.info, conversations.open, users.info, views.open, plus response_url endpoints
 *    (`emulator.responseUrl()`). Answers look like Slack's (`ok`, `ts`, `channel`, error codes such
 *    as `cant_delete_message`, `not_in_channel`, `message_not_found`, `invalid_auth`). It keeps the
 *    messages it knows (those it delivered as events and those the bot posted), so chat.delete with
 *    the bot token on someone else's message fails like Slack (`cant_delete_message`) while the
 *    admin user token succeeds.
 *    Every call is recorded: `emulator.calls` (method, headers, parsed body, raw body, token kind);
 *    `callsTo(method)`, `waitFor(method, predicate?, timeoutMs?)`, `requestsContaining(secret)`.
 *    Faults: `emulator.fail('chat.delete', { error: 'cant_delete_message' })`,
 *    `emulator.fail('chat.postMessage', { status: 429, retryAfter: 1, times: 2 })`,
 *    `emulator.fail('chat.update', { status: 500 })`. `emulator.setNotInChannel('C1')` makes the
 *    bot a non-member (postEphemeral/postMessage -> not_in_channel).
 *    Socket Mode: apps.connections.open (app token 'xapp-test-app') returns a ws:// URL served by
 *    `emulator.socketMode` (test/support/slack-socket-mode.ts), which pushes envelopes to the bot.
 * 2. Slack -> bot: `sendEvent(url, envelope, opts?)` POSTs a signed Events API request
 *    (v0 HMAC-SHA256 over `v0:{ts}:{body}`, X-Slack-Request-Timestamp, X-Slack-Signature), with
 *    optional retry headers (`retryNum`, `retryReason` -> X-Slack-Retry-Num / X-Slack-Retry-Reason),
 *    an explicit `timestamp`, or a wrong `signingSecret` to test rejection. `deliverEvent` behaves
 *    like Slack's delivery loop (retries up to 3 times on non-2xx/timeouts, gaps compressed).
 *    `sendInteraction(url, payload)` POSTs an interactivity payload form-encoded (`payload=`).
 *    Payload builders live in `test/support/slack-payloads.ts`.
 *
 * Defaults: signing secret 'test-signing-secret', bot token 'xoxb-test-bot', admin user token
 * 'xoxp-test-admin', team T0TEAM (https://acme.slack.com/), bot user UBOT / bot id BBOT.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SocketModeServer } from './slack-socket-mode.js';

export interface SlackEmulatorOptions {
  signingSecret?: string;
  botToken?: string;
  adminToken?: string;
  /** App-level token (xapp-…) accepted by apps.connections.open (Socket Mode). */
  appToken?: string;
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  adminUserId?: string;
}

export type TokenKind = 'bot' | 'admin' | 'app' | 'none' | 'invalid';

export interface RecordedCall {
  method: string;
  headers: Record<string, string>;
  /** Parsed arguments (form or JSON; `blocks`, `view`, `attachments` JSON-decoded). */
  body: Record<string, unknown>;
  rawBody: string;
  token: TokenKind;
  /** What the emulator answered. */
  status: number;
  response: unknown;
  /** Date.now() and performance.now() when the call arrived. */
  at: number;
  atHr: number;
}

export interface Fault {
  /** Platform error: HTTP 200 `{ ok: false, error }`. */
  error?: string;
  /** HTTP status (429 sends Retry-After). */
  status?: number;
  retryAfter?: number;
  /** How many calls the fault applies to (default 1). */
  times?: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  user?: string;
  botId?: string;
  threadTs?: string;
  blocks?: unknown;
}

export interface EmulatedUser {
  id: string;
  teamId: string;
  name?: string;
  isRestricted?: boolean;
  isUltraRestricted?: boolean;
  isBot?: boolean;
}

export interface EmulatedChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
  isIm?: boolean;
  isMpim?: boolean;
  isExtShared?: boolean;
  numMembers?: number;
}

export interface SendOptions {
  retryNum?: number;
  retryReason?: string;
  /** Seconds since epoch for X-Slack-Request-Timestamp (default now). */
  timestamp?: number;
  /** Sign with this secret instead (a wrong one tests rejection). */
  signingSecret?: string;
  /** Send this signature header verbatim. */
  signature?: string;
  timeoutMs?: number;
}

export interface SendResult {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** Milliseconds until the response arrived. */
  elapsedMs: number;
}

export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

export class SlackEmulator {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly users = new Map<string, EmulatedUser>();
  readonly channels = new Map<string, EmulatedChannel>();
  readonly signingSecret: string;
  readonly botToken: string;
  readonly adminToken: string;
  readonly appToken: string;
  /** Socket Mode: the WebSocket the bot opens after apps.connections.open (see slack-socket-mode.ts). */
  readonly socketMode = new SocketModeServer();
  readonly teamId: string;
  readonly teamUrl: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly adminUserId: string;
  private readonly faults = new Map<string, Fault[]>();
  private readonly notInChannel = new Set<string>();
  private readonly waiters: Array<{ method: string; predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }> = [];
  private tsCounter = 0;
  private responseCounter = 0;
  private server!: Server;
  private port = 0;

  private constructor(opts: SlackEmulatorOptions) {
    this.signingSecret = opts.signingSecret ?? 'test-signing-secret';
    this.botToken = opts.botToken ?? 'xoxb-test-bot';
    this.adminToken = opts.adminToken ?? 'xoxp-test-admin';
    this.appToken = opts.appToken ?? 'xapp-test-app';
    this.teamId = opts.teamId ?? 'T0TEAM';
    this.teamUrl = `https://${opts.teamDomain ?? 'acme'}.slack.com/`;
    this.botUserId = opts.botUserId ?? 'UBOT';
    this.botId = opts.botId ?? 'BBOT';
    this.adminUserId = opts.adminUserId ?? 'UADMIN';
  }

  static async start(opts: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
    const emu = new SlackEmulator(opts);
    emu.server = createServer((req, res) => void emu.handle(req, res));
    emu.server.keepAliveTimeout = 1000;
    emu.server.on('upgrade', (req, socket) => {
      if ((req.url ?? '').startsWith('/socket-mode')) emu.socketMode.upgrade(req, socket);
      else socket.destroy();
    });
    await new Promise<void>((resolve) => emu.server.listen(0, '127.0.0.1', resolve));
    emu.port = (emu.server.address() as AddressInfo).port;
    return emu;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Web API base URL for SLACK_API_URL (ends with '/'). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A fresh response_url for an interactivity payload; calls to it are recorded as 'response_url'. */
  responseUrl(): string {
    this.responseCounter += 1;
    return `${this.baseUrl}/respond/${this.responseCounter}`;
  }

  async close(): Promise<void> {
    this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- programming the fake -------------------------------------------------------------------

  fail(method: string, fault: Fault): void {
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < (fault.times ?? 1); i++) list.push(fault);
    this.faults.set(method, list);
  }

  setNotInChannel(channel: string, notIn = true): void {
    if (notIn) this.notInChannel.add(channel);
    else this.notInChannel.delete(channel);
  }

  addUser(user: EmulatedUser): void {
    this.users.set(user.id, user);
  }

  addChannel(channel: EmulatedChannel): void {
    this.channels.set(channel.id, channel);
  }

  /** Put a message in the emulated workspace (sendEvent does this for the messages it delivers). */
  storeMessage(m: StoredMessage): void {
    this.messages.set(`${m.channel}/${m.ts}`, m);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  /** A unique, increasing Slack ts. */
  nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  // ---- inspecting calls -----------------------------------------------------------------------

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first recorded (or next) call to `method` matching `predicate`. */
  waitFor(method: string, predicate: (c: RecordedCall) => boolean = () => true, timeoutMs = 5000): Promise<RecordedCall> {
    const seen = this.calls.find((c) => c.method === method && predicate(c));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { method, predicate, resolve: (c: RecordedCall) => { clearTimeout(timer); resolve(c); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`slack emulator: no ${method} call matched within ${timeoutMs} ms (calls so far: ${this.calls.map((c) => c.method).join(', ') || 'none'})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Every recorded request (to the API or a response_url) whose body or headers contain `needle`. */
  requestsContaining(needle: string): RecordedCall[] {
    return this.calls.filter((c) => {
      let decoded = c.rawBody;
      try {
        decoded = decodeURIComponent(c.rawBody.replace(/\+/g, ' '));
      } catch {
        // keep raw
      }
      return c.rawBody.includes(needle) || decoded.includes(needle) || JSON.stringify(c.body).includes(needle) || JSON.stringify(c.headers).includes(needle);
    });
  }

  /** Called for every recorded call (benchmarks use it instead of scanning `calls`). */
  onCall?: (call: RecordedCall) => void;

  /** Stop keeping calls in memory (long benchmarks); `onCall` still fires. */
  recordCalls = true;

  reset(): void {
    this.calls.length = 0;
    this.faults.clear();
    this.notInChannel.clear();
  }

  // ---- Slack -> bot ---------------------------------------------------------------------------

  /** POST a signed Events API request (JSON body) to the bot. */
  async sendEvent(url: string, envelope: unknown, opts: SendOptions = {}): Promise<SendResult> {
    this.learnFromEnvelope(envelope);
    return this.signedPost(url, JSON.stringify(envelope), 'application/json', opts);
  }

  /** Deliver like Slack: retry (Retry-Num 1..3) while the bot answers non-2xx or times out. */
  async deliverEvent(url: string, envelope: unknown, opts: { timeoutMs?: number; maxRetries?: number } = {}): Promise<SendResult[]> {
    const results: SendResult[] = [];
    for (let attempt = 0; attempt <= (opts.maxRetries ?? 3); attempt++) {
      const send: SendOptions = { timeoutMs: opts.timeoutMs ?? 3000 };
      if (attempt > 0) {
        send.retryNum = attempt;
        const last = results[results.length - 1];
        send.retryReason = last && last.status === 0 ? 'http_timeout' : 'http_error';
      }
      const r = await this.sendEvent(url, envelope, send);
      results.push(r);
      if (r.status >= 200 && r.status < 300) break;
      if (r.headers['x-slack-no-retry'] === '1') break;
    }
    return results;
  }

  /** POST a signed interactivity payload (form-encoded `payload=`), as Slack sends button clicks and modal submissions. */
  async sendInteraction(url: string, payload: unknown, opts: SendOptions = {}): Promise<SendResult> {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return this.signedPost(url, body, 'application/x-www-form-urlencoded', opts);
  }

  private async signedPost(url: string, body: string, contentType: string, opts: SendOptions): Promise<SendResult> {
    const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signature ?? signSlackRequest(opts.signingSecret ?? this.signingSecret, ts, body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (opts.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_error';
    }
    const started = performance.now();
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
      const text = await res.text();
      const outHeaders: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        outHeaders[k] = v;
      });
      return { status: res.status, body: text, headers: outHeaders, elapsedMs: performance.now() - started };
    } catch {
      return { status: 0, body: '', headers: {}, elapsedMs: performance.now() - started };
    }
  }

  private learnFromEnvelope(envelope: unknown): void {
    if (typeof envelope !== 'object' || envelope === null) return;
    const env = envelope as { event?: Record<string, unknown>; context_team_id?: string; team_id?: string };
    const ev = env.event;
    if (!ev || ev.type !== 'message' || typeof ev.channel !== 'string') return;
    const body = (ev.subtype === 'message_changed' ? ev.message : ev) as Record<string, unknown> | undefined;
    if (!body || typeof body.ts !== 'string') return;
    const m: StoredMessage = { channel: ev.channel, ts: body.ts, text: typeof body.text === 'string' ? body.text : '' };
    if (typeof body.user === 'string') m.user = body.user;
    if (typeof body.thread_ts === 'string') m.threadTs = body.thread_ts;
    this.storeMessage(m);
    if (typeof body.user === 'string' && !this.users.has(body.user)) {
      const team = (body.user_team ?? body.team ?? env.context_team_id ?? env.team_id ?? this.teamId) as string;
      this.users.set(body.user, { id: body.user, teamId: team, name: body.user.toLowerCase() });
    }
    if (!this.channels.has(ev.channel)) {
      const type = ev.channel_type;
      this.channels.set(ev.channel, {
        id: ev.channel,
        name: ev.channel.toLowerCase(),
        isPrivate: type === 'group' || type === 'mpim',
        isIm: type === 'im',
        isMpim: type === 'mpim',
        isExtShared: (envelope as { is_ext_shared_channel?: boolean }).is_ext_shared_channel === true,
        numMembers: 10,
      });
    }
  }

  // ---- Web API --------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedHr = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const body = parseBody(rawBody, headers['content-type'] ?? '');

    let method: string;
    if (url.pathname.startsWith('/api/')) method = url.pathname.slice('/api/'.length);
    else if (url.pathname.startsWith('/respond/')) method = 'response_url';
    else method = `unknown:${url.pathname}`;

    const auth = headers.authorization ?? '';
    const bearer = auth.startsWith('Bearer ') ? auth.slice(7) : typeof body.token === 'string' ? body.token : '';
    const token: TokenKind =
      bearer === '' ? 'none' : bearer === this.botToken ? 'bot' : bearer === this.adminToken ? 'admin' : bearer === this.appToken ? 'app' : 'invalid';

    let status = 200;
    let response: unknown;
    const extraHeaders: Record<string, string> = {};
    const fault = this.faults.get(method)?.shift();
    if (fault) {
      if (fault.status !== undefined) {
        status = fault.status;
        if (status === 429) extraHeaders['retry-after'] = String(fault.retryAfter ?? 1);
        response = status === 429 ? { ok: false, error: 'ratelimited' } : { ok: false, error: 'fatal_error' };
      } else {
        response = { ok: false, error: fault.error ?? 'fatal_error' };
      }
    } else if (method === 'response_url') {
      response = { ok: true };
    } else if (token === 'none') {
      response = { ok: false, error: 'not_authed' };
    } else if (token === 'invalid') {
      response = { ok: false, error: 'invalid_auth' };
    } else {
      response = this.apiMethod(method, body, token);
    }

    const call: RecordedCall = { method, headers, body, rawBody, token, status, response, at: Date.now(), atHr: arrivedHr };
    if (this.recordCalls) this.calls.push(call);
    this.onCall?.(call);
    for (const w of [...this.waiters]) {
      if (w.method === method && w.predicate(call)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extraHeaders });
    res.end(JSON.stringify(response));
  }

  private apiMethod(method: string, a: Record<string, unknown>, token: TokenKind): Record<string, unknown> {
    const str = (k: string): string | undefined => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
    const channelArg = str('channel');
    if (method === 'apps.connections.open') {
      return token === 'app' ? { ok: true, url: `ws://127.0.0.1:${this.port}/socket-mode?ticket=${this.nextTs()}` } : { ok: false, error: 'not_allowed_token_type' };
    }
    if (token === 'app') return { ok: false, error: 'not_allowed_token_type' };
    switch (method) {
      case 'auth.test':
        return token === 'admin'
          ? { ok: true, url: this.teamUrl, team: 'Acme', user: 'admin', team_id: this.teamId, user_id: this.adminUserId }
          : { ok: true, url: this.teamUrl, team: 'Acme', user: 'chat-dlp', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId, is_enterprise_install: false };
      case 'chat.postMessage': {
        if (!channelArg) return { ok: false, error: 'channel_not_found' };
        if (!str('text') && a.blocks === undefined) return { ok: false, error: 'no_text' };
        // A user id as channel posts into the app's DM with that user.
        const channel = /^[UW]/.test(channelArg) ? `D${channelArg.slice(1)}` : channelArg;
        if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        const ts = this.nextTs();
        const m: StoredMessage = { channel, ts, text: str('text') ?? '', botId: this.botId, user: this.botUserId };
        const thread = str('thread_ts');
        if (thread) m.threadTs = thread;
        if (a.blocks !== undefined) m.blocks = a.blocks;
        this.storeMessage(m);
        return { ok: true, channel, ts, message: { type: 'message', bot_id: this.botId, user: this.botUserId, text: m.text, ts } };
      }
      case 'chat.postEphemeral': {
        if (!channelArg) return { ok: false, error: 'channel_not_found' };
        if (!str('user')) return { ok: false, error: 'user_not_found' };
        if (this.notInChannel.has(channelArg)) return { ok: false, error: 'not_in_channel' };
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'chat.update': {
        const m = channelArg ? this.message(channelArg, str('ts') ?? '') : undefined;
        if (!m) return { ok: false, error: 'message_not_found' };
        if (token === 'bot' && m.botId !== this.botId) return { ok: false, error: 'cant_update_message' };
        m.text = str('text') ?? m.text;
        if (a.blocks !== undefined) m.blocks = a.blocks;
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
      }
      case 'chat.delete': {
        const m = channelArg ? this.message(channelArg, str('ts') ?? '') : undefined;
        if (!m) return { ok: false, error: 'message_not_found' };
        // A bot token may delete only the bot's own messages; an admin user token may delete any.
        if (token === 'bot' && m.botId !== this.botId) return { ok: false, error: 'cant_delete_message' };
        this.messages.delete(`${m.channel}/${m.ts}`);
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'chat.getPermalink': {
        const ts = str('message_ts') ?? '';
        if (!channelArg) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: channelArg, permalink: `${this.teamUrl}archives/${channelArg}/p${ts.replace('.', '')}` };
      }
      case 'conversations.info': {
        const c = channelArg ? this.channels.get(channelArg) : undefined;
        if (!c) return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: {
            id: c.id,
            name: c.name,
            is_channel: !c.isPrivate && !c.isIm && !c.isMpim,
            is_group: c.isPrivate === true && !c.isMpim,
            is_im: c.isIm === true,
            is_mpim: c.isMpim === true,
            is_private: c.isPrivate === true,
            is_ext_shared: c.isExtShared === true,
            is_shared: c.isExtShared === true,
            context_team_id: this.teamId,
            num_members: c.numMembers ?? 0,
          },
        };
      }
      case 'conversations.open': {
        const users = str('users') ?? '';
        return { ok: true, channel: { id: `D${users.split(',')[0]?.slice(1) ?? 'X'}` } };
      }
      case 'users.info': {
        const u = this.users.get(str('user') ?? '');
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: u.teamId,
            name: u.name ?? u.id.toLowerCase(),
            real_name: u.name ?? u.id,
            is_bot: u.isBot === true,
            is_restricted: u.isRestricted === true,
            is_ultra_restricted: u.isUltraRestricted === true,
            is_stranger: u.teamId !== this.teamId,
            profile: { display_name: u.name ?? '', real_name: u.name ?? u.id },
          },
        };
      }
      case 'views.open':
        if (!str('trigger_id')) return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, view: { id: `V${this.nextTs().replace('.', '')}`, ...(a.view as object) } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) {
    try {
      const v: unknown = JSON.parse(raw);
      return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // fall through: keep the string
      }
    }
    out[k] = v;
  }
  return out;
}
