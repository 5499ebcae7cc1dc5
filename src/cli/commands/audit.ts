// `dlp audit verify` (the hash chain: names edited, deleted and reordered entries) and
// `dlp audit export --since --until --format jsonl|csv` (compliance requests, legal holds).
// Exit codes: 0 intact / exported, 1 problems found, 2 usage or configuration error.
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { auditCsvHeader, auditCsvRow, canonicalJson, verifyChain, type AuditEntry, type VerifyResult } from '../../bot/audit.js';
import { createStore, type SqlStore } from '../../adapters/store/index.js';
import { safeUrl } from '../../adapters/store/postgres-driver.js';
import { loadConfig, formatConfigProblems } from '../../config.js';
import { Output } from '../output.js';

interface StoreFlags {
  data?: string;
  databaseUrl?: string;
  schema?: string;
  config?: string;
}

class AuditUsageError extends Error {}

async function openStore(flags: StoreFlags): Promise<{ store: SqlStore; where: string }> {
  let databaseUrl = flags.databaseUrl;
  let schema = flags.schema;
  let dataDir = flags.data ? path.resolve(flags.data) : undefined;
  if (!databaseUrl && !dataDir) {
    const cfg = loadConfig(undefined, flags.config ? { file: flags.config } : {});
    if (!cfg.ok) throw new AuditUsageError(`configuration problems:\n${formatConfigProblems(cfg.problems)}`);
    databaseUrl = cfg.config.databaseUrl;
    schema = schema ?? cfg.config.databaseSchema;
    dataDir = cfg.config.dataDir;
  }
  const store = await createStore({ ...(databaseUrl ? { databaseUrl } : {}), ...(schema ? { schema } : {}), ...(dataDir ? { dataDir } : {}) });
  const where = databaseUrl ? `postgres ${safeUrl(databaseUrl)}${schema ? ` schema ${schema}` : ''}` : `sqlite ${path.join(dataDir ?? './data', 'chat-dlp.sqlite')}`;
  return { store, where };
}

/** `2026-01-31` or a full ISO time → ISO string; a clear error otherwise. */
export function parseTime(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) throw new AuditUsageError(`${flag} "${value}" is not a date (use 2026-01-31 or 2026-01-31T12:00:00Z)`);
  return new Date(t).toISOString();
}

/** Entries from a `dlp audit export --format jsonl` file, each line checked. */
export function readJsonlExport(file: string): AuditEntry[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: AuditEntry[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let e: Partial<AuditEntry>;
    try {
      e = JSON.parse(line) as Partial<AuditEntry>;
    } catch {
      throw new AuditUsageError(`${file}:${i + 1}: not a JSON line`);
    }
    if (typeof e.seq !== 'number' || typeof e.hash !== 'string' || typeof e.prevHash !== 'string' || typeof e.at !== 'string' || typeof e.kind !== 'string') {
      throw new AuditUsageError(`${file}:${i + 1}: not an audit entry (needs seq, at, kind, subject, data, prevHash, hash)`);
    }
    out.push({ seq: e.seq, at: e.at, kind: e.kind, subject: String(e.subject ?? ''), data: e.data ?? {}, prevHash: e.prevHash, hash: e.hash });
  });
  return out;
}

function report(out: Output, result: VerifyResult, where: string): Promise<void>[] {
  const writes: Promise<void>[] = [];
  if (result.ok) {
    writes.push(out.line(`✔ audit trail intact: ${result.checked.toLocaleString('en-GB')} entries (${where})`));
  } else {
    for (const p of result.problems) writes.push(out.line(`✖ ${p.kind}: ${p.message}`));
    writes.push(out.line(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${result.checked.toLocaleString('en-GB')} entries (${where})`));
  }
  return writes;
}

function storeOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'SQLite data directory (overrides DATA_DIR)')
    .option('--database-url <url>', 'PostgreSQL URL (overrides DATABASE_URL)')
    .option('--schema <name>', 'PostgreSQL schema (overrides DATABASE_SCHEMA)')
    .option('-c, --config <file>', 'settings file (same names as the environment variables)');
}

async function guarded(fn: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await fn();
  } catch (e) {
    const msg = (e as Error).message;
    process.stderr.write(`dlp audit: ${e instanceof AuditUsageError ? msg : `error: ${msg.split('\n')[0]}`}\n`);
    process.exitCode = 2;
  }
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('verify or export the hash-chained audit trail');

  storeOptions(
    audit
      .command('verify')
      .description('check the hash chain; names every edited, deleted or reordered entry (exit 1 if any)')
      .option('--file <export.jsonl>', 'verify an exported JSONL file instead of the store')
      .option('--json', 'print the result as JSON'),
  ).action((opts: StoreFlags & { file?: string; json?: boolean }) =>
    guarded(async () => {
      const out = new Output();
      let result: VerifyResult;
      let where: string;
      if (opts.file) {
        const entries = readJsonlExport(opts.file);
        // An export starts mid-chain: its first entry's link is taken as given.
        result = verifyChain(entries, entries[0]?.prevHash);
        where = opts.file;
      } else {
        const { store, where: w } = await openStore(opts);
        try {
          await store.flushAuditQueue(100_000);
          result = verifyChain(await store.auditEntries(), await store.auditAnchor(), await store.auditHead());
        } finally {
          await store.close();
        }
        where = w;
      }
      if (opts.json) await out.line(JSON.stringify({ ...result, source: where }));
      else await Promise.all(report(out, result, where));
      return result.ok ? 0 : 1;
    }),
  );

  storeOptions(
    audit
      .command('export')
      .description('write audit entries as JSON lines or CSV (masked data only)')
      .option('--since <date>', 'first time included (2026-01-31 or ISO time)')
      .option('--until <date>', 'first time NOT included')
      .option('--format <format>', 'jsonl or csv', 'jsonl')
      .option('-o, --out <file>', 'write to a file instead of stdout'),
  ).action((opts: StoreFlags & { since?: string; until?: string; format: string; out?: string }) =>
    guarded(async () => {
      if (opts.format !== 'jsonl' && opts.format !== 'csv') throw new AuditUsageError(`--format must be jsonl or csv, not "${opts.format}"`);
      const since = parseTime(opts.since, '--since');
      const until = parseTime(opts.until, '--until');
      if (since && until && since >= until) throw new AuditUsageError('--since must be before --until');
      const { store } = await openStore(opts);
      let entries: AuditEntry[];
      try {
        await store.flushAuditQueue(100_000);
        entries = await store.auditEntries({ ...(since ? { since } : {}), ...(until ? { until } : {}) });
      } finally {
        await store.close();
      }
      const stream = opts.out ? createWriteStream(opts.out) : process.stdout;
      const out = new Output(stream);
      if (opts.format === 'csv') await out.line(auditCsvHeader());
      for (const e of entries) {
        await out.line(opts.format === 'csv' ? auditCsvRow(e) : canonicalJson(e));
      }
      if (opts.out) {
        await new Promise<void>((resolve) => stream.end(() => resolve()));
        process.stderr.write(`dlp audit: ${entries.length} entries written to ${opts.out}\n`);
      }
      return 0;
    }),
  );
}
