// `dlp redact [FILE...]`: print the input with every finding's span replaced; nothing of a span
// is printed. JSONL in -> JSONL out `{"id","text"}`, one line per input line.
import type { Command } from 'commander';
import { jsonlInputs, textInputs } from '../input.js';
import { Output } from '../output.js';
import { buildEngine, parseChoice, parseSeverity } from '../setup.js';

export interface RedactFlags {
  input: string;
  format?: string;
  rules?: string;
  minSeverity?: string;
}

export async function runRedact(files: string[], flags: RedactFlags): Promise<number> {
  const input = parseChoice('--input', flags.input, ['text', 'jsonl'] as const);
  const format = parseChoice('--format', flags.format ?? (input === 'jsonl' ? 'jsonl' : 'text'), ['text', 'jsonl'] as const);
  const minSeverity = parseSeverity(flags.minSeverity);
  const engine = await buildEngine(flags.rules);
  const out = new Output();
  let total = 0;
  const records = input === 'jsonl' ? jsonlInputs(files, process.stdin) : textInputs(files, process.stdin);
  for await (const rec of records) {
    if (rec.kind === 'error') {
      if (format === 'jsonl') await out.line(JSON.stringify({ id: null, line: rec.line, error: rec.error }));
      else process.stderr.write(`line ${rec.line}: ${rec.error}\n`);
      continue;
    }
    const findings = engine.scan(rec.text, minSeverity ? { minSeverity } : {});
    total += findings.length;
    const redacted = engine.redact(rec.text, findings);
    if (format === 'jsonl') await out.line(JSON.stringify({ id: rec.id, text: redacted }));
    else if (!process.stdout.write(redacted.endsWith('\n') || rec.kind === 'record' ? (rec.kind === 'record' ? `${redacted}\n` : redacted) : `${redacted}\n`)) {
      await new Promise((r) => process.stdout.once('drain', r));
    }
  }
  return total > 0 ? 1 : 0;
}

export function registerRedactCommand(program: Command, run: (p: Promise<number>) => Promise<void>): void {
  program
    .command('redact')
    .description('print the input with every finding replaced (exit 1 when something was redacted)')
    .argument('[files...]', 'files to redact; stdin when none')
    .option('--input <kind>', 'text or jsonl', 'text')
    .option('--format <fmt>', 'text or jsonl (default: same as --input)')
    .option('--rules <dir>', 'directory of rule packs (default: the shipped packs)')
    .option('--min-severity <sev>', 'redact only findings at or above this severity')
    .action((files: string[], flags: RedactFlags) => run(runRedact(files, flags)));
}
