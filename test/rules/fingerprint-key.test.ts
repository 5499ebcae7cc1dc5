import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { resolveFingerprintKey } from '../../src/shared/fingerprint-key.js';

describe('resolveFingerprintKey', () => {
  it('uses the given key', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlp-key-'));
    assert.equal(resolveFingerprintKey({ key: 'a-configured-key-0123', dataDir: dir }).toString(), 'a-configured-key-0123');
  });

  it('refuses a short key', () => {
    assert.throws(() => resolveFingerprintKey({ key: 'short', dataDir: tmpdir() }), /too short/);
  });

  it('creates a random key once, mode 0600, and keeps it', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dlp-key-')), 'nested');
    const first = resolveFingerprintKey({ dataDir: dir });
    const file = path.join(dir, 'fingerprint.key');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8').trim(), first.toString());
    assert.ok(first.length >= 32);
    assert.deepEqual(resolveFingerprintKey({ dataDir: dir }), first);
    const other = resolveFingerprintKey({ dataDir: mkdtempSync(path.join(tmpdir(), 'dlp-key-')) });
    assert.notDeepEqual(other, first);
  });
});
