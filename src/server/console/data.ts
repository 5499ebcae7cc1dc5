// What the console shows, as the console's own small types, read through the core's listing
// functions. Keeping the mapping here means a change in the core's query API touches one file.
import type { Actor, IncidentCommand, IncidentStatus, IncidentView } from '../../bot/ports.js';
import type { Category, Severity } from '../../rules/types.js';
import type { Runtime } from '../runtime.js';

export interface IncidentFilter {
  status?: IncidentStatus;
  severity?: Severity;
  category?: Category;
  rule?: string;
  conversation?: string;
  assignee?: string;
  limit?: number;
}

export interface IncidentRow {
  id: string;
  number: number;
  status: IncidentStatus;
  severity: Severity;
  category: Category;
  ruleId: string;
  ruleName: string;
  platform: string;
  conversationId: string;
  conversationName?: string;
  assignee?: string;
  openedAt?: string;
  updatedAt?: string;
  occurrences?: number;
  preview?: string;
}

export interface TimelineItem {
  at: string;
  actor?: string;
  what: string;
  note?: string;
}

export interface IncidentDetail {
  row: IncidentRow;
  view?: IncidentView;
  timeline: TimelineItem[];
}

export interface RuleStat {
  hits: number;
  falsePositives: number;
  overrides: number;
}

export interface Overview {
  days: string[];
  perDay: Array<{ day: string; category: Category; count: number }>;
  topRules: Array<{ ruleId: string; count: number }>;
  topConversations: Array<{ conversationId: string; name?: string; count: number }>;
  openByAge: Array<{ label: string; count: number }>;
}

export interface ConsoleData {
  listIncidents(filter: IncidentFilter): Promise<IncidentRow[]>;
  incidentDetail(id: string): Promise<IncidentDetail | undefined>;
  ruleStats(): Promise<Record<string, RuleStat>>;
  overview(days: number): Promise<Overview>;
  command(id: string, command: IncidentCommand, actor: Actor, note?: string): Promise<IncidentView>;
  /** Append to the core's audit trail (console logins); masked data only. */
  audit(kind: string, subject: string, data: Record<string, unknown>): Promise<void>;
}

type Loose = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : 0);

function fn(obj: unknown, name: string): ((...a: unknown[]) => Promise<unknown>) | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  const f = (obj as Loose)[name];
  return typeof f === 'function' ? async (...a: unknown[]) => (f as (...x: unknown[]) => unknown).apply(obj, a) : undefined;
}

/** Find a query function on the core first, then on the store. */
function query(rt: Runtime, name: string): (...a: unknown[]) => Promise<unknown> {
  const f = fn(rt.core, name) ?? fn(rt.store?.raw, name);
  if (!f) throw new Error(`the core does not offer ${name}() yet`);
  return f;
}

function actorName(a: unknown): string | undefined {
  if (!a) return undefined;
  if (typeof a === 'string') return a;
  const o = a as Loose;
  return str(o.name) ?? str(o.id);
}

export function toRow(x: Loose): IncidentRow {
  return {
    id: str(x.id) ?? '',
    number: num(x.number),
    status: (str(x.status) ?? 'open') as IncidentStatus,
    severity: (str(x.severity) ?? 'low') as Severity,
    category: (str(x.category) ?? 'secret') as Category,
    ruleId: str(x.ruleId) ?? '',
    ruleName: str(x.ruleName) ?? str(x.ruleId) ?? '',
    platform: str(x.platform) ?? '',
    conversationId: str(x.conversationId) ?? '',
    conversationName: str(x.conversationName),
    assignee: actorName(x.assignee),
    openedAt: str(x.openedAt) ?? str(x.createdAt),
    updatedAt: str(x.updatedAt),
    occurrences: x.occurrences === undefined ? undefined : num(x.occurrences),
    preview: str(x.preview),
  };
}

export function createConsoleData(rt: Runtime): ConsoleData {
  return {
    async listIncidents(filter) {
      const r = await query(rt, 'listIncidents')(filter);
      const list = Array.isArray(r) ? r : ((r as Loose | undefined)?.items as unknown[] | undefined) ?? [];
      return list.map((x) => toRow(x as Loose));
    },
    async incidentDetail(id) {
      const r = (await query(rt, 'incidentDetail')(id)) as Loose | undefined;
      if (!r) return undefined;
      const inc = (r.incident as Loose | undefined) ?? r;
      const timeline = ((r.timeline as Loose[] | undefined) ?? []).map((t) => ({
        at: str(t.at) ?? '',
        actor: actorName(t.actor),
        what: str(t.what) ?? str(t.kind) ?? str(t.action) ?? str(t.event) ?? '',
        note: str(t.note),
      }));
      const view = (r.view as IncidentView | undefined) ?? (await rt.core?.getIncident(id));
      return { row: toRow(inc), view, timeline };
    },
    async ruleStats() {
      const r = (await query(rt, 'ruleStats')()) as unknown;
      const out: Record<string, RuleStat> = {};
      const list: Loose[] = Array.isArray(r) ? (r as Loose[]) : Object.entries((r as Loose) ?? {}).map(([ruleId, v]) => ({ ruleId, ...(v as Loose) }));
      for (const s of list) {
        const id = str(s.ruleId);
        if (id) out[id] = { hits: num(s.hits ?? s.findings ?? s.count), falsePositives: num(s.falsePositives), overrides: num(s.overrides) };
      }
      return out;
    },
    async overview(days) {
      const r = ((await query(rt, 'overview')({ days })) as Loose | undefined) ?? {};
      const perDay = ((r.perDay ?? r.findingsPerDay) as Loose[] | undefined) ?? [];
      const today = new Date();
      const dayList: string[] = [];
      for (let i = days - 1; i >= 0; i--) dayList.push(new Date(today.getTime() - i * 86_400_000).toISOString().slice(0, 10));
      return {
        days: dayList,
        perDay: perDay.map((p) => ({ day: (str(p.day) ?? '').slice(0, 10), category: (str(p.category) ?? 'secret') as Category, count: num(p.count) })),
        topRules: ((r.topRules as Loose[] | undefined) ?? []).map((t) => ({ ruleId: str(t.ruleId) ?? '', count: num(t.count) })),
        topConversations: ((r.topConversations as Loose[] | undefined) ?? []).map((t) => ({
          conversationId: str(t.conversationId) ?? '',
          name: str(t.name) ?? str(t.conversationName),
          count: num(t.count),
        })),
        openByAge: ((r.openByAge as Loose[] | undefined) ?? []).map((t) => ({ label: str(t.label) ?? str(t.bucket) ?? '', count: num(t.count) })),
      };
    },
    async command(id, command, actor, note) {
      if (!rt.core) throw new Error('the core is not running yet');
      return rt.core.incidentCommand(id, command, actor, note);
    },
    async audit(kind, subject, data) {
      const f = fn(rt.core, 'audit') ?? fn(rt.store?.raw, 'appendAudit') ?? fn(rt.store?.raw, 'audit');
      if (f) await f({ kind, subject, data });
    },
  };
}
