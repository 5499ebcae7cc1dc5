// What the console shows, as the console's own small types, read through the core's listing
// functions. Keeping the mapping here means a change in the core's query API touches one file.
import type { Actor, IncidentCommand, IncidentStatus, IncidentView } from '../../bot/ports.js';
import type { Category, Severity } from '../../rules/types.js';
import type { Runtime } from '../runtime.js';
import type { IncidentRecord } from '../../bot/store.js';

export interface IncidentFilter {
  status?: IncidentStatus;
  severity?: Severity;
  category?: Category;
  rule?: string;
  conversation?: string;
  assignee?: string;
  limit?: number;
}

/** One line of the incidents list: the card's identifying fields plus what the list shows. */
export interface IncidentRow
  extends Pick<IncidentView, 'id' | 'number' | 'status' | 'severity' | 'category' | 'ruleId' | 'ruleName' | 'platform' | 'conversationId'> {
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

function actorName(a: Actor | undefined): string | undefined {
  return a ? (a.name ?? a.id) : undefined;
}

export function toRow(x: IncidentRecord): IncidentRow {
  return {
    id: x.id,
    number: x.number,
    status: x.status,
    severity: x.severity,
    category: x.category,
    ruleId: x.ruleId,
    ruleName: x.ruleName,
    platform: x.platform,
    conversationId: x.conversation.id,
    conversationName: x.conversation.name,
    assignee: actorName(x.assignee),
    openedAt: x.openedAt,
    updatedAt: x.updatedAt,
    occurrences: x.occurrences,
    preview: x.previews[0],
  };
}

const AGE_BUCKETS: Array<{ label: string; maxHours: number }> = [
  { label: 'under 1 hour', maxHours: 1 },
  { label: '1–24 hours', maxHours: 24 },
  { label: '1–7 days', maxHours: 24 * 7 },
  { label: 'over 7 days', maxHours: Infinity },
];

function core(rt: Runtime) {
  if (!rt.core || !rt.store) throw new Error(rt.problem ?? 'the service is still starting');
  return { core: rt.core, store: rt.store.raw };
}

export function createConsoleData(rt: Runtime, now: () => Date = () => new Date()): ConsoleData {
  let cached: { at: number; days: number; value: Overview } | undefined;
  return {
    async listIncidents(filter) {
      const { store } = core(rt);
      const wanted = filter.limit ?? 200;
      const post = filter.severity || filter.category || filter.assignee;
      const rows = await store.listIncidents({
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.rule ? { ruleId: filter.rule } : {}),
        ...(filter.conversation ? { conversationId: filter.conversation } : {}),
        limit: post ? 5000 : wanted,
      });
      const a = filter.assignee?.toLowerCase();
      return rows
        .filter((r) => !filter.severity || r.severity === filter.severity)
        .filter((r) => !filter.category || r.category === filter.category)
        .filter((r) => !a || r.assignee?.id.toLowerCase() === a || r.assignee?.name?.toLowerCase() === a)
        .slice(0, wanted)
        .map(toRow);
    },
    async incidentDetail(id) {
      const d = await core(rt).core.incidentDetail(id);
      if (!d) return undefined;
      return {
        row: toRow(d.incident),
        view: d.view,
        timeline: d.timeline.map((t) => ({ at: t.at, actor: actorName(t.actor), what: t.kind, note: t.note })),
      };
    },
    async ruleStats() {
      const out: Record<string, RuleStat> = {};
      for (const s of await core(rt).core.ruleStats()) out[s.ruleId] = { hits: s.findings, falsePositives: s.falsePositives, overrides: s.overrides };
      return out;
    },
    async overview(days) {
      // Cached briefly: it reads the audit trail's decisions of the whole window.
      const t = now().getTime();
      if (cached && cached.days === days && t - cached.at < 30_000) return cached.value;
      const { store } = core(rt);
      const start = new Date(t - (days - 1) * 86_400_000).toISOString().slice(0, 10);
      const dayList: string[] = [];
      for (let i = days - 1; i >= 0; i--) dayList.push(new Date(t - i * 86_400_000).toISOString().slice(0, 10));
      const categoryOf = new Map(rt.engine.rules.map((r) => [r.id, r.category]));
      const perDay = new Map<string, number>();
      const rules = new Map<string, number>();
      const convs = new Map<string, number>();
      for (const e of await store.auditEntries({ since: `${start}T00:00:00.000Z` })) {
        if (e.kind !== 'decision') continue;
        const findings = (e.data.findings as Array<{ ruleId?: string }> | undefined) ?? [];
        if (!findings.length) continue;
        const day = e.at.slice(0, 10);
        for (const f of findings) {
          const ruleId = f.ruleId ?? '';
          const category: Category = categoryOf.get(ruleId) ?? (ruleId.startsWith('corporate-') ? 'classification' : 'secret');
          perDay.set(`${day}|${category}`, (perDay.get(`${day}|${category}`) ?? 0) + 1);
          rules.set(ruleId, (rules.get(ruleId) ?? 0) + 1);
        }
        const conv = typeof e.data.conversationId === 'string' ? `${String(e.data.platform ?? '')}|${e.data.conversationId}` : undefined;
        if (conv) convs.set(conv, (convs.get(conv) ?? 0) + findings.length);
      }
      const open = await store.listIncidents({ status: ['open', 'acknowledged'], limit: 10_000 });
      const names = new Map(open.map((i) => [`${i.platform}|${i.conversation.id}`, i.conversation.name]));
      const ages = AGE_BUCKETS.map((b) => ({ label: b.label, count: 0 }));
      for (const i of open) {
        const hours = (t - Date.parse(i.openedAt)) / 3_600_000;
        const idx = AGE_BUCKETS.findIndex((b) => hours < b.maxHours);
        ages[idx < 0 ? ages.length - 1 : idx]!.count++;
      }
      const top = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
      const value: Overview = {
        days: dayList,
        perDay: [...perDay.entries()].map(([k, count]) => {
          const [day, category] = k.split('|') as [string, Category];
          return { day, category, count };
        }),
        topRules: top(rules).map(([ruleId, count]) => ({ ruleId, count })),
        topConversations: top(convs).map(([k, count]) => {
          const conversationId = k.slice(k.indexOf('|') + 1);
          return { conversationId, name: names.get(k), count };
        }),
        openByAge: ages,
      };
      cached = { at: t, days, value };
      return value;
    },
    async command(id, command, actor, note) {
      return core(rt).core.incidentCommand(id, command, actor, note);
    },
    async audit(kind, subject, data) {
      await core(rt).store.appendAudit({ at: now().toISOString(), kind, subject, data });
    },
  };
}
