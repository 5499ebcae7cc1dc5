// The HMAC key that makes finding fingerprints comparable within one deployment and useless
// outside it. Either given (DLP_FINGERPRINT_KEY, passed in by the caller) or created once and
// kept in <dataDir>/fingerprint.key with mode 0600.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FingerprintKeyOptions {
  /** The configured key (any string of at least 16 characters; hex or base64 welcome). */
  key?: string;
  dataDir: string;
}

export const FINGERPRINT_KEY_FILE = 'fingerprint.key';

export function resolveFingerprintKey(options: FingerprintKeyOptions): Buffer {
  if (options.key !== undefined && options.key !== '') {
    if (options.key.length < 16) throw new Error('DLP_FINGERPRINT_KEY is too short: use at least 16 characters (e.g. `openssl rand -hex 32`)');
    return Buffer.from(options.key, 'utf8');
  }
  const file = path.join(options.dataDir, FINGERPRINT_KEY_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length < 32) throw new Error(`${file}: the stored fingerprint key is damaged (too short); restore it from backup or delete it to start new fingerprints`);
    return Buffer.from(stored, 'utf8');
  }
  mkdirSync(options.dataDir, { recursive: true });
  const fresh = randomBytes(32).toString('hex');
  // `wx`: never overwrite a key another process wrote in the meantime.
  try {
    writeFileSync(file, `${fresh}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
    throw e;
  }
  chmodSync(file, 0o600);
  return Buffer.from(fresh, 'utf8');
}
