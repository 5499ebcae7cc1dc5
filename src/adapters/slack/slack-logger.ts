// @slack/logger interface on top of pino, so Bolt and WebClient log through the service's logger.
// Bolt/WebClient log their own diagnostics (method names, error codes) at info and above.
import type { Logger } from 'pino';
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';

function join(msg: unknown[]): string {
  return msg.map((m) => (m instanceof Error ? `${m.name}: ${m.message}` : typeof m === 'string' ? m : safeJson(m))).join(' ');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export function toSlackLogger(logger: Logger, name = 'slack-sdk'): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  let child = logger.child({ component: name });
  return {
    // The SDKs' debug output includes whole request bodies (masked warnings, redacted copies):
    // message-derived text stays out of logs, so debug is dropped.
    debug: () => {},
    info: (...m: unknown[]) => child.info(join(m)),
    warn: (...m: unknown[]) => child.warn(join(m)),
    error: (...m: unknown[]) => child.error(join(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      child = logger.child({ component: n });
    },
  };
}
