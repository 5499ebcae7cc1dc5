// Output for people (UX.md): `file:line:col  severity  category/rule  the line with the match
// masked`, then why it matters. Colour only when writing to a terminal.
import type { DetectionEngine, Finding } from '../../rules/index.js';
import { LineIndex } from './lines.js';

const SEV_LABEL: Record<string, string> = { low: 'low ', medium: 'med ', high: 'high', critical: 'crit' };
const SEV_COLOUR: Record<string, string> = { low: '36', medium: '33', high: '31', critical: '1;31' };

export function paint(on: boolean, code: string, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s;
}

/** The line holding the finding, every finding on it replaced by its masked preview, trimmed to ~100 chars. */
function maskedLine(text: string, idx: LineIndex, f: Finding, all: Finding[]): string {
  const { line } = idx.position(f.start);
  const start = idx.lineStart(line);
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  let out = '';
  let pos = start;
  let focus = 0;
  for (const g of all) {
    if (g.end <= start || g.start >= end) continue;
    const s = Math.max(g.start, pos);
    if (g === f) focus = out.length + (s - pos);
    out += text.slice(pos, s) + g.preview;
    pos = Math.max(pos, Math.min(g.end, end));
  }
  out += text.slice(pos, end);
  out = out.replace(/\t/g, ' ').replace(/\r$/, '');
  if (out.length <= 100) return out.trim();
  const from = Math.max(0, focus - 40);
  return `${from > 0 ? '…' : ''}${out.slice(from, from + 100).trim()}…`;
}

export function formatTextFindings(location: string, text: string, findings: Finding[], engine: DetectionEngine, colour: boolean): string[] {
  const idx = new LineIndex(text);
  const lines: string[] = [];
  for (const f of findings) {
    const { line, column } = idx.position(f.start);
    const rule = engine.rule(f.ruleId);
    const sev = paint(colour, SEV_COLOUR[f.severity] ?? '0', SEV_LABEL[f.severity] ?? f.severity);
    lines.push(`${paint(colour, '1', `${location}:${line}:${column}`)}  ${sev}  ${f.category}/${f.ruleId}   ${maskedLine(text, idx, f, findings)}`);
    if (rule) lines.push(paint(colour, '2', `    ${rule.info.name}: ${rule.info.description}`));
  }
  return lines;
}
