// The PostgreSQL store (DATABASE_URL): same behaviour as SQLite, plus exactly-once claims across
// replicas (FOR UPDATE SKIP LOCKED). `schema` lets tests and installations share one database.
import { migrate } from './migrations.js';
import { createPostgresDriver } from './postgres-driver.js';
import { SqlStore } from './sql-store.js';

export async function createPostgresStore(opts: { url: string; schema?: string; poolSize?: number }): Promise<SqlStore> {
  const driver = await createPostgresDriver({ url: opts.url, ...(opts.schema ? { schema: opts.schema } : {}), ...(opts.poolSize ? { max: opts.poolSize } : {}) });
  try {
    await migrate(driver);
  } catch (err) {
    await driver.close();
    throw new Error(`PostgreSQL store: ${(err as Error).message}`);
  }
  return new SqlStore(driver);
}
