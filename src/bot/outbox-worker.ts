// Runs outbox actions: claim with a lease, call the platform, settle. Retries with exponential
// backoff; permanent failures settle at once. Actions of one event run in order (remove → warn →
// escalate) because the store only hands out the first unsettled action of a chain.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Platform } from './message.js';
import type { ActionResult, ChatPlatform } from './ports.js';
import type { OutboxRow, Store } from './store.js';
import { scrubPayload, type EscalatePayload, type RemovePayload, type UpdateCardPayload, type WarnPayload } from './outbox-payloads.js';
import type { Removal } from './notices.js';
import { notRemovedNote, outcomeLine } from './notices.js';
import { incidentView, openOrJoin } from './incidents.js';

export interface WorkerOptions {
  /** Unique per process; defaults to host:pid:random. */
  owner?: string;
  /** How long a claim is exclusive. A worker that dies leaves its claims for others after this. */
  leaseMs?: number;
  batch?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Idle wait between polls in start(). */
  pollMs?: number;
  /** Called by start() on this period (the retention purge); 0 disables. */
  periodicMs?: number;
  /** Actions of different chains run at once (each chain stays in order). */
  concurrency?: number;
}

export interface OutboxWorker {
  readonly owner: string;
  /** Run every action that is due now, chain by chain, until none is left. Returns how many ran. */
  runOnce(): Promise<number>;
  /** New work was queued: a started worker runs a round now instead of waiting for its poll. */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
}

export interface WorkerDeps {
  store: Store;
  platforms: Partial<Record<Platform, ChatPlatform>>;
  logger: Logger;
  clock: () => Date;
  /** Periodic job run by start() (retention purge). */
  periodic?: () => Promise<unknown>;
}

type Outcome = { status: 'done' | 'failed' | 'skipped'; result: ActionResult } | { status: 'retry'; result: ActionResult };

const MAX_DETAIL = 300;

export function createOutboxWorker(deps: WorkerDeps, opts: WorkerOptions = {}): OutboxWorker {
  const owner = opts.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? 60_000;
  const batch = opts.batch ?? 20;
  const maxAttempts = opts.maxAttempts ?? 8;
  const base = opts.baseBackoffMs ?? 1_000;
  const cap = opts.maxBackoffMs ?? 5 * 60_000;
  const pollMs = opts.pollMs ?? 500;
  const periodicMs = opts.periodicMs ?? 6 * 3600_000;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const { store, platforms, logger } = deps;
  const nowIso = () => deps.clock().toISOString();
  const log = logger.child({ component: 'outbox', owner });

  const platformFor = (p: Platform): ChatPlatform | undefined => platforms[p];
  const noAdapter = (p: Platform): Outcome => ({ status: 'failed', result: { ok: false, permanent: true, detail: `no ${p} adapter configured` } });

  async function removalOutcome(decisionId: string | undefined): Promise<{ removal: Removal; removeRow?: OutboxRow }> {
    if (!decisionId) return { removal: 'none' };
    const removeRow = (await store.outboxFor(decisionId)).find((r) => r.kind === 'remove');
    if (!removeRow) return { removal: 'none' };
    const mode = (removeRow.payload as unknown as RemovePayload).mode;
    if (removeRow.status === 'done') return { removal: mode === 'redact' ? 'redacted' : 'removed', removeRow };
    if (removeRow.status === 'skipped') return { removal: 'none', removeRow };
    if (removeRow.status === 'pending') return { removal: 'pending', removeRow };
    return { removal: 'not-removed', removeRow };
  }

  // Did the author see the warning, was the message removed? Lines for the card's done/problems.
  async function outcomeLines(decisionId: string): Promise<{ done: string[]; problems: string[] }> {
    const done: string[] = [];
    const problems: string[] = [];
    for (const r of await store.outboxFor(decisionId)) {
      if ((r.kind !== 'remove' && r.kind !== 'warn') || !r.result || r.status === 'pending' || r.status === 'skipped') continue;
      const line = outcomeLine(r.kind, r.kind === 'remove' ? (r.payload as unknown as RemovePayload).mode : undefined, r.result);
      if (line.done) done.push(line.done);
      if (line.problem) problems.push(line.problem);
    }
    return { done, problems };
  }

  async function runRemove(row: OutboxRow): Promise<Outcome> {
    const p = row.payload as unknown as RemovePayload;
    const platform = platformFor(p.message.platform);
    if (!platform) return noAdapter(p.message.platform);
    const result = await platform.remove({
      message: p.message,
      findings: p.findings,
      redactedText: p.redactedText,
      mode: p.mode,
      policyTip: p.policyTip,
      ...(p.complianceUrl ? { complianceUrl: p.complianceUrl } : {}),
      allowOverride: p.allowOverride,
    });
    return fromResult(result);
  }

  async function runWarn(row: OutboxRow): Promise<Outcome> {
    const p = row.payload as unknown as WarnPayload;
    const platform = platformFor(p.message.platform);
    if (!platform) return noAdapter(p.message.platform);
    const { removal } = await removalOutcome(row.decisionId);
    const result = await platform.warn({
      message: p.message,
      findings: p.findings,
      notice: p.notices[removal],
      dmCopy: p.dmCopy,
      decisionId: row.decisionId ?? '',
    });
    return fromResult(result);
  }

  async function runEscalate(row: OutboxRow): Promise<Outcome> {
    const p = row.payload as unknown as EscalatePayload;
    const decisionId = row.decisionId ?? '';
    const { removal, removeRow } = await removalOutcome(decisionId);
    const removeFailedPermanently = removal === 'not-removed' && removeRow?.status === 'failed';
    if (p.conditional && !removeFailedPermanently) {
      return { status: 'skipped', result: { ok: true, detail: 'not escalated: policy did not ask and the message was handled' } };
    }
    const platform = platformFor(p.message.platform);
    const now = nowIso();
    const lines = await outcomeLines(decisionId);
    const incident = await store.transaction(async (tx) => {
      const { incident: inc } = await openOrJoin(tx, {
        message: p.message,
        decisionId,
        findings: p.findings,
        now,
        ...(p.conditional ? { note: notRemovedNote() } : {}),
      });
      const merged = (a: string[], b: string[]) => [...new Set([...a, ...b])];
      return tx.updateIncident(inc.id, { done: merged(inc.done, lines.done), problems: merged(inc.problems, lines.problems), updatedAt: now });
    });
    if (!platform) return noAdapter(p.message.platform);
    const view = await incidentView(store, incident);
    const existing = (await store.cards(incident.id)).find((c) => c.platform === p.message.platform);
    if (existing) {
      await platform.updateIncidentCard(existing, view);
      return { status: 'done', result: { ok: true, detail: `incident #${incident.number}: card updated` } };
    }
    const ref = await platform.postIncidentCard(view);
    await store.transaction(async (tx) => {
      await tx.addCard(incident.id, ref);
      await tx.addTimeline({ incidentId: incident.id, at: nowIso(), kind: 'card-posted', note: `${ref.platform} ${ref.conversationId}` });
    });
    return { status: 'done', result: { ok: true, detail: `incident #${incident.number}: card posted` } };
  }

  async function runUpdateCard(row: OutboxRow): Promise<Outcome> {
    const p = row.payload as unknown as UpdateCardPayload;
    const platform = platformFor(p.card.platform);
    if (!platform) return noAdapter(p.card.platform);
    const incident = await store.getIncident(p.incidentId);
    if (!incident) return { status: 'skipped', result: { ok: true, detail: 'incident no longer exists (purged)' } };
    await platform.updateIncidentCard(p.card, await incidentView(store, incident));
    return { status: 'done', result: { ok: true, detail: `incident #${incident.number}: card updated` } };
  }

  function fromResult(result: ActionResult): Outcome {
    const r = { ...result, detail: String(result.detail ?? '').slice(0, MAX_DETAIL) };
    if (r.ok) return { status: 'done', result: r };
    if (r.permanent) return { status: 'failed', result: r };
    return { status: 'retry', result: r };
  }

  async function execute(row: OutboxRow): Promise<boolean> {
    // Fence: actions of a batch wait their turn, and a lease may lapse meanwhile. Renew it now;
    // if another worker has taken the action over, leave it to them.
    if (!(await store.extendLease(row.id, owner, new Date(deps.clock().getTime() + leaseMs).toISOString()))) {
      log.warn({ outboxId: row.id, kind: row.kind }, 'lease lapsed before the action started: left to the worker that holds it now');
      return false;
    }
    let outcome: Outcome;
    // A slow platform call (rate-limit retries) must not let the lease lapse: another worker
    // would then run the same action again.
    const heartbeat = setInterval(() => {
      store.extendLease(row.id, owner, new Date(deps.clock().getTime() + leaseMs).toISOString()).catch(() => undefined);
    }, Math.max(200, Math.floor(leaseMs / 4)));
    heartbeat.unref();
    try {
      switch (row.kind) {
        case 'remove':
          outcome = await runRemove(row);
          break;
        case 'warn':
        case 'notify':
          outcome = await runWarn(row);
          break;
        case 'escalate':
          outcome = await runEscalate(row);
          break;
        case 'update-card':
          outcome = await runUpdateCard(row);
          break;
        default:
          outcome = { status: 'failed', result: { ok: false, permanent: true, detail: `unknown action kind ${String(row.kind)}` } };
      }
    } catch (err) {
      // Adapter errors are transient unless they say otherwise; keep only the message's first line.
      const detail = (err as Error).message?.split('\n')[0]?.slice(0, MAX_DETAIL) ?? 'error';
      outcome = { status: 'retry', result: { ok: false, detail } };
    } finally {
      clearInterval(heartbeat);
    }
    const now = nowIso();
    if (outcome.status === 'retry' && row.attempts >= maxAttempts) {
      outcome = { status: 'failed', result: { ...outcome.result, detail: `gave up after ${row.attempts} attempts: ${outcome.result.detail}` } };
    }
    const audit = {
      at: now,
      kind: 'action',
      subject: row.decisionId ?? String((row.payload as Partial<UpdateCardPayload>).incidentId ?? row.id),
      data: { outboxId: row.id, action: row.kind, outcome: outcome.status, attempt: row.attempts, ok: outcome.result.ok, detail: outcome.result.detail },
    };
    let kept: boolean;
    if (outcome.status === 'retry') {
      const delay = Math.min(cap, base * 2 ** Math.max(0, row.attempts - 1));
      kept = await store.release(row.id, owner, new Date(deps.clock().getTime() + delay).toISOString(), outcome.result, now, audit);
    } else {
      kept = await store.settle(row.id, owner, outcome.status, outcome.result, now, audit, scrubPayload(row.payload));
    }
    if (!kept) {
      log.warn({ outboxId: row.id, kind: row.kind }, 'lease lost before settling: another worker took this action over');
      return true;
    }
    const level = outcome.status === 'failed' ? 'warn' : 'info';
    log[level]({ outboxId: row.id, kind: row.kind, outcome: outcome.status, attempt: row.attempts, detail: outcome.result.detail }, 'outbox action');
    return true;
  }

  async function runOnce(): Promise<number> {
    let ran = 0;
    for (let round = 0; round < 1000; round++) {
      const now = deps.clock();
      const rows = await store.claim(owner, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), batch);
      if (rows.length === 0) break;
      // A claim holds at most one action per chain, so rows of one batch may run side by side.
      let next = 0;
      const lane = async () => {
        while (next < rows.length) {
          const row = rows[next++] as OutboxRow;
          if (await execute(row)) ran++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
      await store.flushAuditQueue();
    }
    // Also chains entries a crashed worker queued but never flushed.
    await store.flushAuditQueue();
    return ran;
  }

  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;
  let kicked = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  async function loop(): Promise<void> {
    let lastPeriodic = 0;
    while (!stopping) {
      try {
        if (deps.periodic && periodicMs > 0 && Date.now() - lastPeriodic >= periodicMs) {
          lastPeriodic = Date.now();
          await deps.periodic();
        }
        kicked = false;
        const n = await runOnce();
        if (n === 0 && !kicked && !stopping) await sleep(pollMs);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'outbox worker round failed');
        if (!stopping) await sleep(Math.max(pollMs, 1000));
      }
    }
  }

  return {
    owner,
    runOnce,
    kick() {
      kicked = true;
      wake?.();
    },
    start() {
      if (running) return;
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
    },
  };
}
