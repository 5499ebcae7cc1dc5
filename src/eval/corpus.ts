// Reads a labelled corpus (JSONL: one {id, text, labels:[{start,end,category,rule?}]} per line).
// Every problem names file:line and the field, and is collected rather than thrown one at a time.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CATEGORIES, type Category } from '../rules/types.js';

export interface CorpusLabel {
  start: number;
  end: number;
  category: Category;
  rule?: string;
}

export interface CorpusMessage {
  id: string;
  text: string;
  labels: CorpusLabel[];
}

const labelSchema = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    category: z.enum(CATEGORIES),
    rule: z.string().min(1).optional(),
  })
  .strict();

const messageSchema = z
  .object({
    id: z.string().min(1),
    text: z.string(),
    labels: z.array(labelSchema).default([]),
  })
  .strict();

export class CorpusError extends Error {
  constructor(readonly problems: string[]) {
    super(`the corpus has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.slice(0, 20).join('\n')}`);
    this.name = 'CorpusError';
  }
}

/** Parses JSONL text; `file` is used only in error messages. */
export function parseCorpus(jsonl: string, file: string): CorpusMessage[] {
  const problems: string[] = [];
  const out: CorpusMessage[] = [];
  const ids = new Set<string>();
  jsonl.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      problems.push(`${where}: not valid JSON (${(e as Error).message})`);
      return;
    }
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${where}: field "${issue.path.join('.') || '(message)'}": ${issue.message}`);
      return;
    }
    const m = parsed.data;
    if (ids.has(m.id)) problems.push(`${where}: duplicate id "${m.id}"`);
    ids.add(m.id);
    m.labels.forEach((l, j) => {
      if (l.end <= l.start || l.end > m.text.length) {
        problems.push(`${where}: field "labels.${j}": span ${l.start}-${l.end} is empty or outside the text (length ${m.text.length})`);
      }
    });
    out.push(m as CorpusMessage);
  });
  if (problems.length > 0) throw new CorpusError(problems);
  return out;
}

export async function readCorpus(file: string): Promise<CorpusMessage[]> {
  return parseCorpus(await readFile(file, 'utf8'), file);
}
