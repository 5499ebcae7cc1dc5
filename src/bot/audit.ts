// The audit trail's hash chain: each entry's hash covers its content and the previous entry's
// hash. The sequence number is deliberately NOT hashed: it is the order claimed by the storage,
// and verify() checks it against the order the chain proves, which is how reordering is named.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  /** ISO-8601 */
  at: string;
  /** decision | action | incident | feedback | purge | ... */
  kind: string;
  /** What it is about (decision id, incident id...). */
  subject: string;
  /** Masked data only. */
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted, so the hash does not depend on property order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function entryHash(prevHash: string, e: Pick<AuditEntry, 'at' | 'kind' | 'subject' | 'data'>): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ at: e.at, kind: e.kind, subject: e.subject, data: e.data }))
    .digest('hex');
}

export interface AuditProblem {
  kind: 'edited' | 'deleted' | 'reordered';
  seq: number;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: AuditProblem[];
}

/**
 * Verify entries in storage order (ascending seq). `anchorHash` is the hash the first remaining
 * entry must follow (GENESIS, or the last hash removed by an audited retention purge).
 */
export function verifyChain(
  entries: readonly AuditEntry[],
  anchorHash: string = GENESIS_HASH,
  /** The head recorded at the last append: catches entries cut off the end of the trail. */
  head?: { seq: number; hash: string },
): VerifyResult {
  const problems: AuditProblem[] = [];
  const byHash = new Map<string, AuditEntry>();
  for (const e of entries) byHash.set(e.hash, e);

  for (const [i, e] of entries.entries()) {
    if (entryHash(e.prevHash, e) !== e.hash) {
      problems.push({ kind: 'edited', seq: e.seq, message: `entry #${e.seq} (${e.kind} ${e.subject}) was edited: its content no longer matches its hash` });
    }
    const prev = i === 0 ? undefined : entries[i - 1];
    const expected = prev ? prev.hash : anchorHash;
    if (e.prevHash === expected) continue;
    const claimed = byHash.get(e.prevHash);
    if (claimed && claimed !== prev) {
      problems.push({
        kind: 'reordered',
        seq: e.seq,
        message: `entry #${e.seq} (${e.kind} ${e.subject}) is out of order: the chain puts it right after entry #${claimed.seq}, not after ${prev ? `#${prev.seq}` : 'the start'}`,
      });
      continue;
    }
    // The entry it follows is gone. Name the missing sequence numbers when there is a gap.
    const from = prev ? prev.seq + 1 : undefined;
    const gap = from !== undefined && e.seq > from ? (e.seq - 1 === from ? `#${from}` : `#${from}..#${e.seq - 1}`) : undefined;
    if (gap) {
      problems.push({ kind: 'deleted', seq: e.seq, message: `entry ${gap} was deleted (entry #${e.seq} follows a hash that is no longer in the trail)` });
    } else if (i === 0) {
      problems.push({ kind: 'deleted', seq: e.seq, message: `entries before #${e.seq} were deleted (it does not follow the trail's anchor)` });
    } else if (prev) {
      // No gap and no such predecessor anywhere: the previous entry was rewritten together with
      // its hash. Report it once, as an edit of that entry.
      if (!problems.some((p) => p.kind === 'edited' && p.seq === prev.seq)) {
        problems.push({ kind: 'edited', seq: prev.seq, message: `entry #${prev.seq} (${prev.kind} ${prev.subject}) was edited and re-hashed: entry #${e.seq} no longer links to it` });
      }
    }
  }
  const last = entries.at(-1);
  if (head && head.seq > 0 && last?.hash !== head.hash) {
    const after = last ? `after #${last.seq}` : 'from the start';
    const claimed = entries.find((e) => e.hash === head.hash);
    if (!claimed && last && last.seq === head.seq) {
      if (!problems.some((p) => p.kind === 'edited' && p.seq === last.seq)) {
        problems.push({ kind: 'edited', seq: last.seq, message: `entry #${last.seq} (${last.kind} ${last.subject}) was edited and re-hashed: it no longer matches the trail's recorded head` });
      }
    } else if (!claimed) {
      const seqs = last && head.seq > last.seq ? (head.seq - 1 === last.seq ? ` (#${head.seq})` : ` (#${last.seq + 1}..#${head.seq})`) : '';
      problems.push({ kind: 'deleted', seq: head.seq, message: `entries ${after} were deleted${seqs}: the trail's recorded head #${head.seq} is missing` });
    }
  }
  return { ok: problems.length === 0, checked: entries.length, problems };
}

/** CSV line for `dlp audit export --format csv`. */
export function auditCsvHeader(): string {
  return 'seq,at,kind,subject,data,prev_hash,hash';
}

export function auditCsvRow(e: AuditEntry): string {
  const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [String(e.seq), e.at, e.kind, e.subject, canonicalJson(e.data), e.prevHash, e.hash].map(cell).join(',');
}
