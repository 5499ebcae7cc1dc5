// Console sessions: a random token in an HTTP-only cookie; the server keeps only its SHA-256,
// with the user, roles, CSRF token and expiry. Kept in the core's KeyValueStore when there is
// one, so every replica behind the same URL sees the same sessions (PostgreSQL).
import { createHash, randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../../bot/ports.js';
import type { ConsoleUser } from './auth.js';
import type { ConsoleRole } from '../../config.js';

export interface SessionData {
  user: string;
  roles: ConsoleRole[];
  csrf: string;
  expiresAt: number;
  revoked?: boolean;
}

export interface SessionBackend {
  get(key: string): Promise<SessionData | undefined>;
  put(key: string, data: SessionData): Promise<void>;
}

export function memorySessionBackend(): SessionBackend {
  const m = new Map<string, SessionData>();
  return {
    async get(k) {
      return m.get(k);
    },
    async put(k, d) {
      m.set(k, d);
    },
  };
}

export function kvSessionBackend(kv: KeyValueStore): SessionBackend {
  return {
    get: (k) => kv.getValue<SessionData>('console-session', k),
    put: (k, d) => kv.putValue('console-session', k, d),
  };
}

export interface SessionManager {
  create(user: ConsoleUser): Promise<{ token: string; data: SessionData }>;
  lookup(token: string | undefined): Promise<SessionData | undefined>;
  revoke(token: string): Promise<void>;
  setBackend(b: SessionBackend): void;
}

const keyOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function createSessionManager(options: { ttlMinutes: number; backend?: SessionBackend; now?: () => number }): SessionManager {
  let backend = options.backend ?? memorySessionBackend();
  const now = options.now ?? Date.now;
  return {
    setBackend(b) {
      backend = b;
    },
    async create(user) {
      const token = randomBytes(32).toString('base64url');
      const data: SessionData = { user: user.name, roles: [...user.roles], csrf: randomBytes(24).toString('base64url'), expiresAt: now() + options.ttlMinutes * 60_000 };
      await backend.put(keyOf(token), data);
      return { token, data };
    },
    async lookup(token) {
      if (!token || token.length > 200) return undefined;
      const d = await backend.get(keyOf(token));
      if (!d || d.revoked || d.expiresAt <= now()) return undefined;
      return d;
    },
    async revoke(token) {
      const key = keyOf(token);
      const d = await backend.get(key);
      if (d) await backend.put(key, { ...d, revoked: true });
    },
  };
}
