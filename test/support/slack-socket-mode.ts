/**
 * Socket Mode side of the Slack emulator: a minimal WebSocket server (RFC 6455, text frames,
 * ping/pong, close) on the emulator's HTTP server. `apps.connections.open` (app-level token) hands
 * out its URL; once the bot connects it gets Slack's `hello`, and tests push envelopes:
 *
 *   await emulator.socketMode.connected();
 *   const ack = await emulator.socketMode.sendEvent(envelope);              // events_api
 *   const ack2 = await emulator.socketMode.sendInteraction(payload);        // interactive
 *
 * Each send resolves with the bot's acknowledgement ({ envelope_id, payload? }).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export class SocketModeServer {
  private socket: Duplex | undefined;
  private buffer = Buffer.alloc(0);
  private readonly pendingAcks = new Map<string, (ack: SocketAck) => void>();
  private connectedWaiters: Array<() => void> = [];
  /** Every acknowledgement received, in order. */
  readonly acks: SocketAck[] = [];

  get isConnected(): boolean {
    return this.socket !== undefined;
  }

  connected(timeoutMs = 5000): Promise<void> {
    if (this.socket) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('socket mode: the bot did not connect')), timeoutMs);
      this.connectedWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Handle an HTTP upgrade request for the Socket Mode URL. */
  upgrade(req: IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    this.socket?.destroy();
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
    });
    socket.on('error', () => socket.destroy());
    this.sendText(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'slack-emulator', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0DLP' } }));
    for (const w of this.connectedWaiters.splice(0)) w();
  }

  sendEvent(body: unknown, opts: { retryAttempt?: number; retryReason?: string; timeoutMs?: number } = {}): Promise<SocketAck> {
    return this.sendEnvelope({ type: 'events_api', payload: body, accepts_response_payload: false, retry_attempt: opts.retryAttempt ?? 0, retry_reason: opts.retryReason ?? '' }, opts.timeoutMs);
  }

  sendInteraction(payload: unknown, timeoutMs?: number): Promise<SocketAck> {
    return this.sendEnvelope({ type: 'interactive', payload, accepts_response_payload: true }, timeoutMs);
  }

  close(): void {
    if (!this.socket) return;
    this.sendFrame(0x8, Buffer.from([0x03, 0xe8]));
    this.socket.end();
    this.socket = undefined;
  }

  private sendEnvelope(fields: Record<string, unknown>, timeoutMs = 5000): Promise<SocketAck> {
    if (!this.socket) return Promise.reject(new Error('socket mode: no bot connected'));
    const envelopeId = randomUUID();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.pendingAcks.delete(envelopeId);
        reject(new Error(`socket mode: no ack for envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pendingAcks.set(envelopeId, (ack) => {
        clearTimeout(t);
        resolve(ack);
      });
      this.sendText(JSON.stringify({ envelope_id: envelopeId, ...fields }));
    });
  }

  private sendText(text: string): void {
    this.sendFrame(0x1, Buffer.from(text, 'utf8'));
  }

  private sendFrame(opcode: number, payload: Buffer): void {
    if (!this.socket) return;
    const len = payload.length;
    let header: Buffer;
    if (len < 126) header = Buffer.from([0x80 | opcode, len]);
    else if (len < 65536) {
      header = Buffer.alloc(4);
      header[0] = 0x80 | opcode;
      header[1] = 126;
      header.writeUInt16BE(len, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x80 | opcode;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(len), 2);
    }
    this.socket.write(Buffer.concat([header, payload]));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const b0 = this.buffer[0] ?? 0;
      const b1 = this.buffer[1] ?? 0;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        len = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskLen = masked ? 4 : 0;
      if (this.buffer.length < offset + maskLen + len) return;
      const mask = this.buffer.subarray(offset, offset + maskLen);
      const payload = Buffer.from(this.buffer.subarray(offset + maskLen, offset + maskLen + len));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
      this.buffer = this.buffer.subarray(offset + maskLen + len);
      if (opcode === 0x1) this.onText(payload.toString('utf8'));
      else if (opcode === 0x9) this.sendFrame(0xa, payload);
      else if (opcode === 0x8) {
        this.sendFrame(0x8, payload.subarray(0, 2));
        this.socket?.end();
        this.socket = undefined;
        return;
      }
    }
  }

  private onText(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    const ack = msg as SocketAck;
    if (typeof ack.envelope_id !== 'string') return;
    this.acks.push(ack);
    this.pendingAcks.get(ack.envelope_id)?.(ack);
    this.pendingAcks.delete(ack.envelope_id);
  }
}
