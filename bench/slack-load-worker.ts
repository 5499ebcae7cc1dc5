// Child process for bench/slack.ts: runs the Slack emulator and the event load generator in their
// own process, so the bot's process measures its own work, not the fake Slack's.
import { SlackEmulator, type RecordedCall } from '../test/support/slack-emulator.js';
import { messageEnvelope } from '../test/support/slack-payloads.js';

export interface RunRequest {
  type: 'run';
  url: string;
  rate: number;
  seconds: number;
  secretShare: number;
  users: number;
}

export interface RunResult {
  type: 'result';
  sent: number;
  sentPerSecond: number;
  ackedPerSecond: number;
  ack: number[];
  warn: number[];
  expectedWarnings: number;
  non200: number;
  apiCalls: Record<string, number>;
}

// Distinct made-up AWS-key-shaped strings (never real keys).
function fakeKey(i: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let s = '';
  let x = i * 2654435761;
  for (let k = 0; k < 16; k++) {
    s += alphabet[x % 32];
    x = Math.floor(x / 32) + (k + 7) * 977;
  }
  return `AKIA${s}`;
}

function messageTsOfWarning(call: RecordedCall): string | undefined {
  const blocks = call.body.blocks as Array<{ type: string; elements?: Array<{ value?: string }> }> | undefined;
  const value = blocks?.find((b) => b.type === 'actions')?.elements?.[0]?.value;
  if (!value) return undefined;
  try {
    return (JSON.parse(value) as { t?: string }).t;
  } catch {
    return undefined;
  }
}

if (!process.send) throw new Error('run bench/slack.ts, not this file');
const send = (m: unknown) => process.send?.(m);
const emulator = await SlackEmulator.start();
emulator.recordCalls = false;
send({ type: 'ready', apiUrl: emulator.apiUrl, signingSecret: emulator.signingSecret, botToken: emulator.botToken, adminToken: emulator.adminToken });

process.on('message', (msg: RunRequest | { type: 'close' }) => {
  if (msg.type === 'close') {
    void emulator.close().then(() => process.exit(0));
    return;
  }
  void run(msg).then((r) => send(r));
});

async function run(req: RunRequest): Promise<RunResult> {
  const sentAt = new Map<string, number>();
  const warn: number[] = [];
  const apiCalls: Record<string, number> = {};
  const total = Math.round(req.rate * req.seconds);
  const secretEvery = Math.max(1, Math.round(1 / req.secretShare));
  const expectedWarnings = Math.ceil(total / secretEvery);
  let finished: () => void = () => {};
  const allWarned = new Promise<void>((resolve) => {
    finished = resolve;
  });
  emulator.onCall = (call) => {
    apiCalls[call.method] = (apiCalls[call.method] ?? 0) + 1;
    if (call.method !== 'chat.postEphemeral') return;
    const ts = messageTsOfWarning(call);
    const t0 = ts ? sentAt.get(ts) : undefined;
    if (ts === undefined || t0 === undefined) return;
    sentAt.delete(ts);
    warn.push(call.atHr - t0);
    if (warn.length === expectedWarnings) finished();
  };

  const ack: number[] = [];
  let non200 = 0;
  const sends: Array<Promise<void>> = [];
  const interval = 1000 / req.rate;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const secret = i % secretEvery === 0;
    const ts = emulator.nextTs();
    const text = secret ? `deploy with ${fakeKey(i)} please` : `standup notes ${i}: shipped the build, reviewing PR ${i % 97}`;
    const env = messageEnvelope({ channel: `CB${i % 20}`, user: `UB${i % req.users}`, ts, text });
    if (secret) sentAt.set(ts, performance.now());
    sends.push(
      emulator.sendEvent(req.url, env).then((r) => {
        if (r.status !== 200) non200++;
        ack.push(r.elapsedMs);
      }),
    );
  }
  const sentSeconds = (performance.now() - start) / 1000;
  await Promise.all(sends);
  const ackedSeconds = (performance.now() - start) / 1000;
  await Promise.race([allWarned, new Promise((r) => setTimeout(r, 30_000))]);
  emulator.onCall = undefined;
  return { type: 'result', sent: total, sentPerSecond: total / sentSeconds, ackedPerSecond: total / ackedSeconds, ack, warn, expectedWarnings, non200, apiCalls };
}
