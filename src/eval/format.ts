// Text rendering of an evaluation report for people; `--format json` prints the report as is.
import type { Category } from '../rules/types.js';
import type { EvalReport, Scores } from './metrics.js';

/** Bars the issue sets for each category (precision and recall). */
export const CATEGORY_BARS: Readonly<Record<Category, number>> = {
  secret: 0.97,
  personal: 0.97,
  classification: 0.97,
  legal: 0.92,
};

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);

function row(name: string, s: Scores, width: number): string {
  return `${name.padEnd(width)} ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)}  ${String(s.tp).padStart(5)} ${String(s.fp).padStart(4)} ${String(s.labels - s.found).padStart(4)}`;
}

export function belowBar(report: EvalReport): Category[] {
  return (Object.keys(CATEGORY_BARS) as Category[]).filter((c) => {
    const s = report.categories[c];
    return s.precision < CATEGORY_BARS[c] || s.recall < CATEGORY_BARS[c];
  });
}

export function formatReport(report: EvalReport, options: { rules?: boolean; errors?: number } = {}): string {
  const lines: string[] = [];
  const head = (w: number, title: string) => `${title.padEnd(w)} ${'prec'.padStart(7)} ${'recall'.padStart(7)} ${'F1'.padStart(7)}  ${'TP'.padStart(5)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}`;
  lines.push(`${report.messages} messages, ${report.labels} labels, ${report.findings} findings, ${report.messagesPerSecond} messages/s`);
  lines.push('');
  lines.push(head(16, 'category') + '   bar');
  for (const [c, s] of Object.entries(report.categories)) {
    const bar = CATEGORY_BARS[c as Category];
    const ok = s.precision >= bar && s.recall >= bar;
    lines.push(`${row(c, s, 16)}   ${pct(bar).trim()} ${ok ? 'ok' : 'BELOW'}`);
  }
  if (options.rules !== false) {
    const w = Math.max(16, ...Object.keys(report.rules).map((k) => k.length));
    lines.push('');
    lines.push(head(w, 'rule'));
    for (const [id, s] of Object.entries(report.rules)) lines.push(row(id, s, w));
  }
  const n = options.errors ?? 0;
  if (n > 0) {
    lines.push('');
    lines.push(`false positives (first ${n}):`);
    for (const m of report.falsePositives.slice(0, n)) lines.push(`  ${m.messageId} ${m.category}/${m.rule ?? '?'} ${m.start}-${m.end} ${m.preview ?? ''}`);
    lines.push(`false negatives (first ${n}):`);
    for (const m of report.falseNegatives.slice(0, n)) lines.push(`  ${m.messageId} ${m.category}/${m.rule ?? '?'} ${m.start}-${m.end}`);
  }
  return lines.join('\n') + '\n';
}
