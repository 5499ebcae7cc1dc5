// Versioned schema migrations, applied at start-up in order, each once. Add new versions at the
// end; never edit a released one. {{tokens}} are filled per dialect (sql-driver.ts).
import type { SqlDriver } from './sql-driver.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'decisions, outbox, incidents, feedback, audit, kv',
    sql: `
CREATE TABLE decisions (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  event_id TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  conversation_name TEXT,
  author_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  is_edit INTEGER NOT NULL,
  mode TEXT NOT NULL,
  actions TEXT NOT NULL,
  reasons TEXT NOT NULL,
  text TEXT,
  created_at TEXT NOT NULL,
  CONSTRAINT decisions_event_unique UNIQUE (platform, event_id)
);
CREATE INDEX decisions_message ON decisions (platform, conversation_id, message_id);
CREATE INDEX decisions_created ON decisions (created_at);

CREATE TABLE findings (
  id {{serial}},
  decision_id TEXT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  rule_name TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  confidence {{real}} NOT NULL,
  preview TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  mode TEXT NOT NULL,
  marking_level TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX findings_decision ON findings (decision_id);
CREATE INDEX findings_fingerprint ON findings (fingerprint);
CREATE INDEX findings_rule ON findings (rule_id);

CREATE TABLE outbox (
  id {{serial}},
  decision_id TEXT,
  chain TEXT,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  result TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, not_before);
CREATE INDEX outbox_chain ON outbox (chain, seq);
CREATE INDEX outbox_decision ON outbox (decision_id);

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value {{bigint}} NOT NULL
);
INSERT INTO counters (name, value) VALUES ('incident', 0);

CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  number {{bigint}} NOT NULL UNIQUE,
  status TEXT NOT NULL,
  severity TEXT NOT NULL,
  category TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  rule_name TEXT NOT NULL,
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  conversation TEXT NOT NULL,
  author_id TEXT NOT NULL,
  author_name TEXT,
  message_id TEXT NOT NULL,
  permalink TEXT,
  previews TEXT NOT NULL,
  occurrences INTEGER NOT NULL DEFAULT 1,
  assignee TEXT,
  done TEXT NOT NULL,
  problems TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  resolved_at TEXT
);
CREATE INDEX incidents_status ON incidents (status);
CREATE INDEX incidents_opened ON incidents (opened_at);

CREATE TABLE incident_fingerprints (
  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  PRIMARY KEY (incident_id, fingerprint)
);
CREATE INDEX incident_fingerprints_fp ON incident_fingerprints (fingerprint);

CREATE TABLE incident_decisions (
  decision_id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE
);
CREATE INDEX incident_decisions_incident ON incident_decisions (incident_id);

CREATE TABLE incident_events (
  id {{serial}},
  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT,
  note TEXT,
  decision_id TEXT
);
CREATE INDEX incident_events_incident ON incident_events (incident_id);

CREATE TABLE incident_cards (
  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  platform TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (incident_id, platform, conversation_id, message_id)
);

CREATE TABLE feedback (
  id TEXT PRIMARY KEY,
  decision_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  justification TEXT,
  rule_ids TEXT NOT NULL,
  released INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX feedback_decision ON feedback (decision_id);
CREATE TABLE feedback_rules (
  feedback_id TEXT NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
  rule_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY (feedback_id, rule_id)
);
CREATE INDEX feedback_rules_rule ON feedback_rules (rule_id);

CREATE TABLE audit (
  seq {{bigint}} PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_at ON audit (at);
-- One row: the chain's head (last seq and hash) and anchor (hash before the first kept entry).
-- Appenders lock this row, which serialises the chain across processes.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  seq {{bigint}} NOT NULL,
  hash TEXT NOT NULL,
  anchor_seq {{bigint}} NOT NULL,
  anchor_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, anchor_seq, anchor_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE kv (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (namespace, key)
);
`,
  },
  {
    version: 2,
    name: 'audit entries queued by settled actions',
    // Settling an action must be quick (the platform call already happened): its audit entry is
    // queued here in the same transaction, then chained by flushAuditQueue() without holding up
    // the settle. Any process flushes what a crashed one left.
    sql: `
CREATE TABLE audit_queue (
  id {{serial}},
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  data TEXT NOT NULL
);
`,
  },
];

/** Apply pending migrations; concurrent starters wait for each other (advisory lock / write lock). */
export async function migrate(driver: SqlDriver, now: () => string = () => new Date().toISOString()): Promise<number[]> {
  return driver.transaction(async (tx) => {
    if (driver.dialect === 'postgres') await tx.all("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':chat-dlp-migrations'))");
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      try {
        await tx.exec(m.sql);
      } catch (err) {
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
      }
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now()]);
      applied.push(m.version);
    }
    return applied;
  });
}
