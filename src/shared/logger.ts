// pino JSON logs; readable (pino-pretty) when stdout is a terminal. Redaction paths censor
// tokens, passwords, cookies and message text should any caller pass them by mistake: the rule
// is still "never log message text or tokens", this is the safety net.
import { pino, type Logger, type DestinationStream, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export const REDACT_PATHS = [
  'text',
  '*.text',
  'message.text',
  'msg.text',
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'botToken',
  '*.botToken',
  'signingSecret',
  '*.signingSecret',
  'appPassword',
  '*.appPassword',
  'authorization',
  'cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** true: pino-pretty; false: JSON; undefined: pretty only when stdout is a TTY. */
  pretty?: boolean;
  /** Where to write (tests pass a stream to capture lines). Default stdout. */
  destination?: DestinationStream;
  name?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? 'info',
    name: options.name ?? 'chat-dlp',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const wantPretty = options.pretty ?? (options.destination === undefined && Boolean(process.stdout.isTTY));
  if (wantPretty) {
    return pino(base, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: options.destination ?? 1 }));
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}

export type { Logger };
