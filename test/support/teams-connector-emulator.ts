/**
 * Bot Connector emulator for Teams tests (and the integrator's black-box test).
 *
 *   const connector = await startBotConnectorEmulator();
 *   activity.serviceUrl = connector.serviceUrl;          // "http://127.0.0.1:PORT/"
 *   ... drive the bot ...
 *   const dm = await connector.waitFor((r) => r.kind === 'send' && r.conversationId.startsWith('a:'));
 *   connector.requests  // every request: method, path, raw body, parsed body
 *   connector.failNext(503)  // the next request answers 503 (scripted failures)
 *   await connector.close();
 *
 * Routes (Bot Framework REST, v3):
 *   POST   /v3/conversations                         -> { id: "a:dm-N" } (1:1) or "<channel>;messageid=N"
 *   POST   /v3/conversations/{id}/activities[/{id}]   -> { id: "N" }          kind "send"
 *   PUT    /v3/conversations/{id}/activities/{id}     -> { id }               kind "update"
 *   DELETE /v3/conversations/{id}/activities/{id}     -> 200                  kind "delete"
 *   GET    /v3/conversations/{id}/members[/{id}]      -> members set with setMember()
 */
import { startRecordingServer, type RecordedRequest, type Reply } from './teams-http.js';

export type ConnectorKind = 'create-conversation' | 'send' | 'update' | 'delete' | 'get-member' | 'other';

export interface ConnectorRequest extends RecordedRequest {
  kind: ConnectorKind;
  /** Conversation id in the path ('' for create-conversation). */
  conversationId: string;
  activityId?: string;
}

export interface TeamsMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  userRole?: string;
  tenantId?: string;
}

export interface BotConnectorEmulator {
  /** Put this in activities' serviceUrl. Ends with "/". */
  serviceUrl: string;
  requests: ConnectorRequest[];
  waitFor(match: (r: ConnectorRequest) => boolean, timeoutMs?: number): Promise<ConnectorRequest>;
  failNext(status: number, times?: number): void;
  setMember(member: TeamsMember): void;
  close(): Promise<void>;
}

function classify(r: RecordedRequest): Omit<ConnectorRequest, keyof RecordedRequest> {
  const path = r.path.split('?')[0] ?? '';
  if (r.method === 'POST' && /^\/v3\/conversations\/?$/.test(path)) return { kind: 'create-conversation', conversationId: '' };
  const m = /^\/v3\/conversations\/([^/]+)\/(activities|members|pagedmembers)(?:\/([^/]+))?/.exec(path);
  if (!m) return { kind: 'other', conversationId: '' };
  const conversationId = m[1] ?? '';
  const id = m[3];
  const base = { conversationId, ...(id ? { activityId: id } : {}) };
  if (m[2] !== 'activities') return { kind: r.method === 'GET' ? 'get-member' : 'other', ...base };
  if (r.method === 'POST') return { kind: 'send', ...base };
  if (r.method === 'PUT') return { kind: 'update', ...base };
  if (r.method === 'DELETE') return { kind: 'delete', ...base };
  return { kind: 'other', ...base };
}

export async function startBotConnectorEmulator(): Promise<BotConnectorEmulator> {
  let counter = 1_700_000_000_000;
  const failures: number[] = [];
  const members = new Map<string, TeamsMember>();
  const requests: ConnectorRequest[] = [];

  const server = await startRecordingServer((rec): Reply => {
    const req = Object.assign(rec, classify(rec)) as ConnectorRequest;
    requests.push(req);
    const fail = failures.shift();
    if (fail) return { status: fail, body: { error: { code: 'Emulated', message: `emulated ${fail}` } } };
    const body = (rec.body ?? {}) as { isGroup?: boolean; channelData?: { channel?: { id?: string } }; id?: string };
    switch (req.kind) {
      case 'create-conversation': {
        const n = ++counter;
        const channel = body.channelData?.channel?.id;
        return channel && body.isGroup
          ? { status: 201, body: { id: `${channel};messageid=${n}`, activityId: String(n) } }
          : { status: 201, body: { id: `a:dm-${n}` } };
      }
      case 'send':
        return { status: 201, body: { id: String(++counter) } };
      case 'update':
        return { status: 200, body: { id: req.activityId ?? body.id ?? '' } };
      case 'delete':
        return { status: 200 };
      case 'get-member': {
        if (!req.activityId) return { status: 200, body: [...members.values()] };
        const m = members.get(req.activityId);
        return m ? { status: 200, body: m } : { status: 404, body: { error: { code: 'MemberNotFoundInConversation' } } };
      }
      default:
        return { status: 404, body: { error: { code: 'NotFound' } } };
    }
  });

  return {
    serviceUrl: `${server.origin}/`,
    requests,
    waitFor: (match, timeoutMs) => server.waitFor((r) => match(r as ConnectorRequest), timeoutMs) as Promise<ConnectorRequest>,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    setMember(member) {
      members.set(member.id, member);
    },
    close: () => server.close(),
  };
}
