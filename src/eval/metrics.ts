// Precision, recall and F1 of a scanner over a labelled corpus, per category and per rule.
// Matching: a finding is a true positive when a label of the same category overlaps its span;
// a label is found when a finding of its category overlaps it. Per-rule recall counts only
// labels that name that rule; per-rule precision counts that rule's findings.
import { CATEGORIES, type Category, type Finding } from '../rules/types.js';
import type { CorpusLabel, CorpusMessage } from './corpus.js';

export interface Counts {
  tp: number;
  fp: number;
  /** Labels found / labels in total (recall side). */
  found: number;
  labels: number;
}

export interface Scores extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

export interface Miss {
  messageId: string;
  category: Category;
  rule?: string;
  /** For false positives: the finding's rule and masked preview (never the raw value). */
  preview?: string;
  start: number;
  end: number;
}

export interface EvalReport {
  messages: number;
  labels: number;
  findings: number;
  categories: Record<Category, Scores>;
  rules: Record<string, Scores>;
  falsePositives: Miss[];
  falseNegatives: Miss[];
  /** Scanning time only (ms) and throughput. */
  elapsedMs: number;
  messagesPerSecond: number;
}

export type Scanner = (text: string) => Array<Pick<Finding, 'ruleId' | 'category' | 'start' | 'end'> & { preview?: string }>;

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

function empty(): Counts {
  return { tp: 0, fp: 0, found: 0, labels: 0 };
}

/** Precision is 1 when nothing was reported; recall is 1 when there was nothing to find. */
export function score(c: Counts): Scores {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.labels === 0 ? 1 : c.found / c.labels;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

export function evaluate(corpus: readonly CorpusMessage[], scan: Scanner): EvalReport {
  const cat = Object.fromEntries(CATEGORIES.map((c) => [c, empty()])) as Record<Category, Counts>;
  const rules = new Map<string, Counts>();
  const rule = (id: string): Counts => {
    let c = rules.get(id);
    if (!c) rules.set(id, (c = empty()));
    return c;
  };
  const falsePositives: Miss[] = [];
  const falseNegatives: Miss[] = [];
  let findingsTotal = 0;
  let labelsTotal = 0;
  let elapsed = 0;
  for (const m of corpus) {
    const t0 = process.hrtime.bigint();
    const findings = scan(m.text);
    elapsed += Number(process.hrtime.bigint() - t0) / 1e6;
    findingsTotal += findings.length;
    labelsTotal += m.labels.length;
    for (const f of findings) {
      const hit = m.labels.some((l) => l.category === f.category && overlaps(l, f));
      const c = cat[f.category];
      const r = rule(f.ruleId);
      if (hit) {
        c.tp++;
        r.tp++;
      } else {
        c.fp++;
        r.fp++;
        falsePositives.push({ messageId: m.id, category: f.category, rule: f.ruleId, start: f.start, end: f.end, ...(f.preview ? { preview: f.preview } : {}) });
      }
    }
    for (const l of m.labels) {
      const found = findings.some((f) => f.category === l.category && overlaps(l, f));
      const c = cat[l.category];
      c.labels++;
      if (found) c.found++;
      if (l.rule) {
        const r = rule(l.rule);
        r.labels++;
        if (found) r.found++;
      }
      if (!found) falseNegatives.push(missOf(m.id, l));
    }
  }
  return {
    messages: corpus.length,
    labels: labelsTotal,
    findings: findingsTotal,
    categories: Object.fromEntries(CATEGORIES.map((c) => [c, score(cat[c])])) as Record<Category, Scores>,
    rules: Object.fromEntries([...rules.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, c]) => [id, score(c)])),
    falsePositives,
    falseNegatives,
    elapsedMs: Math.round(elapsed * 10) / 10,
    messagesPerSecond: elapsed > 0 ? Math.round((corpus.length / elapsed) * 1000) : 0,
  };
}

function missOf(messageId: string, l: CorpusLabel): Miss {
  return { messageId, category: l.category, ...(l.rule ? { rule: l.rule } : {}), start: l.start, end: l.end };
}
