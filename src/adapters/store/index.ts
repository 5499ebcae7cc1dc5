// Pick the store from typed configuration: PostgreSQL when a URL is given, else SQLite in dataDir.
import type { SqlStore } from './sql-store.js';
import { createPostgresStore } from './postgres.js';
import { createSqliteStore } from './sqlite.js';

export { createSqliteStore, SQLITE_FILE_NAME } from './sqlite.js';
export { createPostgresStore } from './postgres.js';
export { SqlStore } from './sql-store.js';

export interface StoreConfig {
  /** postgres://... selects PostgreSQL. */
  databaseUrl?: string;
  /** PostgreSQL schema (default public). */
  schema?: string;
  /** SQLite directory (default ./data). */
  dataDir?: string;
}

export function createStore(cfg: StoreConfig): Promise<SqlStore> {
  if (cfg.databaseUrl) return createPostgresStore({ url: cfg.databaseUrl, ...(cfg.schema ? { schema: cfg.schema } : {}) });
  return createSqliteStore({ dataDir: cfg.dataDir ?? './data' });
}
