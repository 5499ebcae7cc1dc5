// Who may log in to the console: the administrator (password, its scrypt hash, or a token, from
// configuration) and the role users of CONSOLE_USERS. Plain passwords from the environment are
// hashed at start-up and the plain text is not kept.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ConsoleConfig, ConsoleRole } from '../../config.js';
import { hashPassword, sameSecret, verifyPassword } from './password.js';

export interface ConsoleUser {
  name: string;
  roles: ConsoleRole[];
}

export const ADMIN_NAME = 'admin';
export const ADMIN_TOKEN_FILE = 'console-admin.token';

export interface Authenticator {
  authenticate(name: string, password: string): Promise<ConsoleUser | undefined>;
  /** Set when no admin secret was configured and a generated token was written to this file. */
  readonly generatedTokenFile?: string;
}

interface Account {
  user: ConsoleUser;
  passwordHash?: string;
  /** SHA-256 compared in constant time. */
  token?: string;
}

export async function createAuthenticator(cfg: ConsoleConfig, dataDir: string): Promise<Authenticator> {
  const accounts = new Map<string, Account>();
  const admin: Account = { user: { name: ADMIN_NAME, roles: ['responder', 'rule-author'] } };
  let generatedTokenFile: string | undefined;
  if (cfg.adminPasswordHash) admin.passwordHash = cfg.adminPasswordHash;
  else if (cfg.adminPassword) admin.passwordHash = await hashPassword(cfg.adminPassword);
  if (cfg.adminToken) admin.token = cfg.adminToken;
  if (!admin.passwordHash && !admin.token) {
    // Fresh install: a random token kept in DATA_DIR (mode 0600); the log names the file, never the token.
    generatedTokenFile = path.join(dataDir, ADMIN_TOKEN_FILE);
    mkdirSync(dataDir, { recursive: true });
    if (!existsSync(generatedTokenFile)) writeFileSync(generatedTokenFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
    admin.token = readFileSync(generatedTokenFile, 'utf8').trim();
  }
  accounts.set(ADMIN_NAME, admin);
  for (const u of cfg.users) {
    if (u.name === ADMIN_NAME) continue;
    accounts.set(u.name, { user: { name: u.name, roles: u.roles }, passwordHash: u.passwordHash });
  }
  // A fixed dummy hash so unknown names cost as much time as known ones.
  const dummy = await hashPassword(randomBytes(8).toString('hex'));

  return {
    generatedTokenFile,
    async authenticate(name, password) {
      const acct = accounts.get(name);
      if (!acct) {
        await verifyPassword(password, dummy);
        return undefined;
      }
      if (acct.token && sameSecret(password, acct.token)) return acct.user;
      if (acct.passwordHash && (await verifyPassword(password, acct.passwordHash))) return acct.user;
      return undefined;
    },
  };
}
