// node-postgres behind the async SqlDriver surface. `schema` isolates one installation (or one
// test run) inside a shared database; it is created when missing.
import pg from 'pg';
import { dialectSql, type SqlDriver, type SqlExecutor, type SqlValue } from './sql-driver.js';

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

function executor(q: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      const r = await q.query(dialectSql(sql, 'postgres'), params as SqlValue[]);
      return r.rows as T[];
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const r = await q.query(dialectSql(sql, 'postgres'), params as SqlValue[]);
      return r.rowCount ?? 0;
    },
    async exec(sql: string) {
      await q.query(dialectSql(sql, 'postgres'));
    },
  };
}

export async function createPostgresDriver(opts: { url: string; schema?: string; max?: number }): Promise<SqlDriver> {
  const schema = opts.schema ?? 'public';
  if (!SCHEMA_RE.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}": use lower-case letters, digits and _`);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    await pool.end().catch(() => undefined);
    const where = safeUrl(opts.url);
    throw new Error(`cannot reach PostgreSQL at ${where}: ${(err as Error).message}`);
  }
  const root = executor(pool);
  return {
    dialect: 'postgres',
    ...root,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** The URL without its password, for error messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
