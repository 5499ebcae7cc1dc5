// Shared plumbing of the Teams emulators: a recording HTTP server on 127.0.0.1 (port 0).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path with query, percent-decoded. */
  path: string;
  headers: IncomingMessage['headers'];
  /** Raw body text as received (search it for leaked values). */
  raw: string;
  /** JSON body, or the form fields of an urlencoded body, or undefined. */
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Route = (req: RecordedRequest) => Reply | undefined;

export interface RecordingServer {
  origin: string;
  requests: RecordedRequest[];
  /** Resolves with the first recorded request (past or future) that matches. */
  waitFor(match: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

function parseBody(raw: string, type: string | undefined): unknown {
  if (!raw) return undefined;
  if (type?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export async function startRecordingServer(route: Route): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }> = [];

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let path = req.url ?? '/';
      try {
        path = decodeURIComponent(path);
      } catch {
        /* keep it encoded */
      }
      const rec: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, raw, body: parseBody(raw, req.headers['content-type']) };
      requests.push(rec);
      let reply: Reply;
      try {
        reply = route(rec) ?? { status: 404, body: { error: { code: 'NotFound', message: `no route for ${rec.method} ${rec.path}` } } };
      } catch (err) {
        reply = { status: 500, body: { error: { code: 'EmulatorError', message: (err as Error).message } } };
      }
      const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
      res.end(payload);
      for (const w of [...waiters]) {
        if (w.match(rec)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(rec);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    waitFor(match, timeoutMs = 5000) {
      const found = requests.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { match, resolve: (r: RecordedRequest) => (clearTimeout(timer), resolve(r)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`emulator: no matching request within ${timeoutMs} ms (saw ${requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'nothing'})`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
