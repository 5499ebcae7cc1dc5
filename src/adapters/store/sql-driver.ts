// The little SQL surface the shared store needs, implemented by the SQLite and PostgreSQL drivers.
// Statements are written once with $1..$n placeholders; the SQLite driver rewrites them.

export type SqlValue = string | number | null;

export interface SqlExecutor {
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** One transaction on one connection; writers are serialised (BEGIN IMMEDIATE / row locks). */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Dialect tokens in migrations and statements. */
export function dialectSql(sql: string, dialect: SqlDriver['dialect']): string {
  const pg = dialect === 'postgres';
  return sql
    .replaceAll('{{serial}}', pg ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT')
    .replaceAll('{{real}}', pg ? 'DOUBLE PRECISION' : 'REAL')
    .replaceAll('{{bigint}}', pg ? 'BIGINT' : 'INTEGER')
    .replaceAll('{{skip_locked}}', pg ? 'FOR UPDATE SKIP LOCKED' : '')
    .replaceAll('{{for_update}}', pg ? 'FOR UPDATE' : '');
}
