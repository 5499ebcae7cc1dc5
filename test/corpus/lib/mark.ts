// Inline span markers used by templates: ⟦category:rule|value⟧. `strip` turns a marked string
// into plain text plus exact labels, so spans never have to be counted by hand.
import type { Category } from '../../../src/rules/types.js';

export interface Label {
  start: number;
  end: number;
  category: Category;
  rule?: string;
}

export function mark(category: Category, rule: string, value: string): string {
  return `⟦${category}:${rule}|${value}⟧`;
}

const MARKER = /⟦(secret|personal|legal|classification)(?::([a-z0-9-]*))?\|([^⟧]*)⟧/g;

export function strip(marked: string): { text: string; labels: Label[] } {
  let text = '';
  const labels: Label[] = [];
  let last = 0;
  for (const m of marked.matchAll(MARKER)) {
    text += marked.slice(last, m.index);
    const start = text.length;
    text += m[3] ?? '';
    const label: Label = { start, end: text.length, category: m[1] as Category };
    if (m[2]) label.rule = m[2];
    labels.push(label);
    last = (m.index ?? 0) + m[0].length;
  }
  text += marked.slice(last);
  if (text.includes('⟦') || text.includes('⟧')) throw new Error(`unbalanced marker in: ${marked}`);
  return { text, labels };
}
