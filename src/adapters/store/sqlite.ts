// The embedded default store: one SQLite file (DATA_DIR/chat-dlp.sqlite), migrated at start-up.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { migrate } from './migrations.js';
import { createSqliteDriver } from './sqlite-driver.js';
import { SqlStore } from './sql-store.js';

export const SQLITE_FILE_NAME = 'chat-dlp.sqlite';

export async function createSqliteStore(opts: { dataDir: string } | { file: string }): Promise<SqlStore> {
  const file = 'file' in opts ? resolve(opts.file) : join(resolve(opts.dataDir), SQLITE_FILE_NAME);
  mkdirSync(dirname(file), { recursive: true });
  const driver = createSqliteDriver(file);
  try {
    await migrate(driver);
  } catch (err) {
    await driver.close();
    throw new Error(`SQLite store ${file}: ${(err as Error).message}`);
  }
  return new SqlStore(driver);
}
