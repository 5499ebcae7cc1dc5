// Overlapping findings collapse to the most specific one: a provider rule beats a `generic-*`
// rule, then higher severity, then higher confidence, then the longer span, then the earlier start.
import { severityRank, type Finding } from './types.js';

export interface Ranked {
  finding: Finding;
  generic: boolean;
}

function better(a: Ranked, b: Ranked): number {
  if (a.generic !== b.generic) return a.generic ? 1 : -1;
  const s = severityRank(b.finding.severity) - severityRank(a.finding.severity);
  if (s !== 0) return s;
  if (a.finding.confidence !== b.finding.confidence) return b.finding.confidence - a.finding.confidence;
  const la = a.finding.end - a.finding.start;
  const lb = b.finding.end - b.finding.start;
  if (la !== lb) return lb - la;
  if (a.finding.start !== b.finding.start) return a.finding.start - b.finding.start;
  return a.finding.ruleId < b.finding.ruleId ? -1 : a.finding.ruleId > b.finding.ruleId ? 1 : 0;
}

/** Keeps a set of non-overlapping findings, best first; returns them ordered by start. */
export function collapseOverlaps(items: Ranked[]): Finding[] {
  if (items.length <= 1) return items.map((i) => i.finding);
  const ordered = [...items].sort(better);
  // Accepted spans kept sorted by start; overlap check against the neighbours only.
  const accepted: Finding[] = [];
  for (const { finding } of ordered) {
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((accepted[mid]?.start ?? 0) < finding.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = accepted[lo - 1];
    const next = accepted[lo];
    const overlapsPrev = prev !== undefined && prev.end > finding.start;
    const overlapsNext = next !== undefined && next.start < finding.end;
    if (!overlapsPrev && !overlapsNext) accepted.splice(lo, 0, finding);
  }
  return accepted;
}
