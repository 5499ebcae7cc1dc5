// Reading what to scan: whole files (or stdin) as text, or JSON Lines records `{"id","text"}`.
// A malformed JSONL line becomes an error record so the output keeps one line per input line.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export type InputRecord =
  | { kind: 'text'; id: string; text: string }
  | { kind: 'record'; id: string; text: string; line: number }
  | { kind: 'error'; line: number; error: string };

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function* textInputs(files: string[], stdin: Readable): AsyncGenerator<InputRecord> {
  if (files.length === 0) {
    yield { kind: 'text', id: '<stdin>', text: await readAll(stdin) };
    return;
  }
  for (const f of files) yield { kind: 'text', id: f, text: f === '-' ? await readAll(stdin) : await readFile(f, 'utf8') };
}

/** Parses one JSONL line; `id` may be a string or number (kept as given), `text` must be a string. */
export function parseJsonlLine(raw: string, line: number): InputRecord {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { kind: 'error', line, error: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'error', line, error: 'expected a JSON object {"id": ..., "text": ...}' };
  const obj = value as Record<string, unknown>;
  if (typeof obj.text !== 'string') return { kind: 'error', line, error: 'field "text" must be a string' };
  if (obj.id !== undefined && typeof obj.id !== 'string' && typeof obj.id !== 'number') return { kind: 'error', line, error: 'field "id" must be a string or a number' };
  return { kind: 'record', id: obj.id === undefined ? String(line) : String(obj.id), text: obj.text, line };
}

export async function* jsonlInputs(files: string[], stdin: Readable): AsyncGenerator<InputRecord> {
  const sources: Readable[] = files.length === 0 ? [stdin] : files.map((f) => (f === '-' ? stdin : createReadStream(f)));
  let line = 0;
  for (const source of sources) {
    const rl = createInterface({ input: source, crlfDelay: Infinity });
    for await (const raw of rl) {
      line++;
      // A UTF-8 byte-order mark (Windows editors) is not part of the JSON.
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      // Blank lines still produce an output line, so numbering stays aligned.
      yield text.trim() === '' ? { kind: 'error', line, error: 'empty line' } : parseJsonlLine(text, line);
    }
  }
}
