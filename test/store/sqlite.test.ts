// The store contract on a real SQLite file in a fresh temporary directory.
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/adapters/store/sqlite.js';
import type { SqlStore } from '../../src/adapters/store/sql-store.js';
import { storeContract } from './contract.js';

const dirs: string[] = [];
const files = new WeakMap<SqlStore, string>();
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

storeContract('sqlite', {
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'dlp-store-'));
    dirs.push(dir);
    const file = join(dir, 'chat-dlp.sqlite');
    const s = await createSqliteStore({ file });
    files.set(s, file);
    return s;
  },
  async reopen(store) {
    const file = files.get(store);
    if (!file) throw new Error('unknown store');
    const s = await createSqliteStore({ file });
    files.set(s, file);
    return s;
  },
});
