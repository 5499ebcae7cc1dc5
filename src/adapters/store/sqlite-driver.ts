// better-sqlite3 behind the async SqlDriver surface. One connection; an in-process queue keeps
// a transaction's awaits from interleaving with other callers, and BEGIN IMMEDIATE plus
// busy_timeout serialise writers across processes sharing the file.
import Database from 'better-sqlite3';
import { dialectSql, type SqlDriver, type SqlExecutor, type SqlValue } from './sql-driver.js';

// `$3` placeholders → positional `?`, repeating values where a placeholder repeats.
function positional(sql: string, params: readonly SqlValue[]): { sql: string; params: SqlValue[] } {
  const out: SqlValue[] = [];
  const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`SQL placeholder $${n} has no parameter (${params.length} given)`);
    out.push(params[i] ?? null);
    return '?';
  });
  return { sql: text, params: out };
}

// One queue per database file for the whole process: a second connection to the same file must
// not block synchronously on the write lock while the first awaits inside its transaction.
const queues = new Map<string, Promise<unknown>>();

export function createSqliteDriver(file: string): SqlDriver {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // Overwrite deleted and replaced content: scrubbed outbox payloads must not linger in free pages.
  db.pragma('secure_delete = ON');
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let st = cache.get(sql);
    if (!st) {
      st = db.prepare(sql);
      cache.set(sql, st);
    }
    return st;
  };
  const direct: SqlExecutor = {
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      const p = positional(dialectSql(sql, 'sqlite'), params);
      const st = prepare(p.sql);
      return (st.reader ? st.all(...p.params) : (st.run(...p.params), [])) as T[];
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const p = positional(dialectSql(sql, 'sqlite'), params);
      return prepare(p.sql).run(...p.params).changes;
    },
    async exec(sql: string) {
      db.exec(dialectSql(sql, 'sqlite'));
    },
  };

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const queue = queues.get(file) ?? Promise.resolve();
    const next = queue.then(fn, fn);
    queues.set(file, next.catch(() => undefined));
    return next;
  };

  return {
    dialect: 'sqlite',
    all: (sql, params) => serial(() => direct.all(sql, params)),
    run: (sql, params) => serial(() => direct.run(sql, params)),
    exec: (sql) => serial(() => direct.exec(sql)),
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return serial(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      });
    },
    async close() {
      await serial(async () => db.close());
    },
  };
}
