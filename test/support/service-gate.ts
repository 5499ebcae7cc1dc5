/**
 * A tiny HTTP proxy between one service process and a platform emulator, with a gate. Used by
 * the scale-out test to kill a process at a well-defined point:
 *
 *   const gate = await startGate(emulator.baseUrl);   // SLACK_API_URL = `${gate.url}/api/`
 *   gate.hold();                                      // new outgoing calls wait at the gate
 *   await gate.idle();                                // every call already forwarded has its answer
 *   ... SIGKILL the process ...
 *   gate.dropHeld();                                  // held calls never reach the platform
 *
 * A call the process made but that never reached the platform is an action not done: another
 * replica must do it (lease expiry). A call that reached the platform but whose result the dead
 * process never recorded cannot be told apart from "not done" by any outbox without platform
 * idempotency keys, so the test kills outside that window, and says so.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Gate {
  url: string;
  /** Hold new calls (only those whose path matches `only`, when given). */
  hold(only?: RegExp): void;
  /** Forward every held call and stop holding. */
  release(): void;
  /** Resolves when no forwarded call is waiting for its answer. */
  idle(): Promise<void>;
  dropHeld(): number;
  close(): Promise<void>;
  readonly forwarded: number;
  /** Calls waiting at the gate now. */
  readonly heldCount: number;
}

export async function startGate(target: string): Promise<Gate> {
  let holding: RegExp | boolean = false;
  let inFlight = 0;
  let forwarded = 0;
  const held: Array<{ res: http.ServerResponse; go: () => void }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const go = () => {
        inFlight++;
        forwarded++;
        const up = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          upRes.on('end', () => inFlight--);
        });
        up.on('error', () => {
          inFlight--;
          if (!res.headersSent) res.writeHead(502).end();
        });
        up.end(Buffer.concat(chunks));
      };
      if (holding === true || (holding instanceof RegExp && holding.test(req.url ?? ''))) held.push({ res, go });
      else go();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get forwarded() {
      return forwarded;
    },
    get heldCount() {
      return held.length;
    },
    hold(only?: RegExp) {
      holding = only ?? true;
    },
    release() {
      holding = false;
      for (const h of held.splice(0)) h.go();
    },
    async idle() {
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    },
    dropHeld() {
      const n = held.length;
      for (const h of held.splice(0)) h.res.destroy();
      return n;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
