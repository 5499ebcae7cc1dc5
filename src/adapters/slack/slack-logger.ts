// @slack/logger interface on top of pino, so Bolt and WebClient log through the service's logger.
// Bolt/WebClient log their own diagnostics (method names, error codes) at info and above.
import type { Logger } from 'pino';
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';

// Strings, numbers and errors pass; objects (which could be request bodies) are named, not dumped.
function join(msg: unknown[]): string {
  return msg
    .map((m) => {
      if (m instanceof Error) return `${m.name}: ${m.message}`;
      if (typeof m === 'string' || typeof m === 'number' || typeof m === 'boolean') return String(m);
      if (m === null || m === undefined) return String(m);
      return `[${(m as object).constructor?.name ?? 'object'}]`;
    })
    .join(' ');
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
