// `dlp scan [FILE...]`: find sensitive data; exit 0 nothing found, 1 found, 2 usage/config error.
import type { Command } from 'commander';
import { type Finding } from '../../rules/index.js';
import { findingJson } from '../format/finding-json.js';
import { toSarif, type SarifInput } from '../format/sarif.js';
import { formatTextFindings, paint } from '../format/text.js';
import { jsonlInputs, textInputs, type InputRecord } from '../input.js';
import { Output } from '../output.js';
import { buildEngine, parseChoice, parseSeverity } from '../setup.js';

export interface ScanFlags {
  input: string;
  format: string;
  rules?: string;
  minSeverity?: string;
  color?: boolean;
}

const INPUTS = ['text', 'jsonl'] as const;
const FORMATS = ['text', 'json', 'jsonl', 'sarif'] as const;

export async function runScan(files: string[], flags: ScanFlags): Promise<number> {
  const input = parseChoice('--input', flags.input, INPUTS);
  const format = parseChoice('--format', flags.format, FORMATS);
  const minSeverity = parseSeverity(flags.minSeverity);
  const engine = await buildEngine(flags.rules);
  const out = new Output();
  const colour = flags.color !== false && out.isTTY;
  const records: AsyncGenerator<InputRecord> = input === 'jsonl' ? jsonlInputs(files, process.stdin) : textInputs(files, process.stdin);
  const started = performance.now();
  let total = 0;
  let sources = 0;
  let malformed = 0;
  const collected: Array<SarifInput & { id: string | null; line?: number; error?: string }> = [];
  for await (const rec of records) {
    if (rec.kind === 'error') {
      malformed++;
      if (format === 'jsonl') await out.line(JSON.stringify({ id: null, line: rec.line, error: rec.error }));
      else if (format === 'json') collected.push({ id: null, line: rec.line, error: rec.error, location: `line ${rec.line}`, text: '', findings: [] });
      else process.stderr.write(`line ${rec.line}: ${rec.error}\n`);
      continue;
    }
    sources++;
    const findings: Finding[] = engine.scan(rec.text, minSeverity ? { minSeverity } : {});
    total += findings.length;
    const location = rec.kind === 'record' ? `${rec.id}` : rec.id;
    if (format === 'jsonl') await out.line(JSON.stringify({ id: rec.id, findings: findings.map(findingJson) }));
    else if (format === 'text') for (const l of formatTextFindings(location, rec.text, findings, engine, colour)) await out.line(l);
    else collected.push({ id: rec.id, location, text: rec.text, findings, ...(rec.kind === 'record' ? { line: rec.line } : {}) });
  }
  if (format === 'json') {
    await out.line(
      JSON.stringify(
        collected.map((c) => (c.error !== undefined ? { id: null, line: c.line, error: c.error } : { id: c.id, findings: c.findings.map((f) => ({ ...findingJson(f), name: f.ruleName, fingerprint: f.fingerprint })) })),
        null,
        2,
      ),
    );
  } else if (format === 'sarif') {
    await out.line(JSON.stringify(toSarif(engine, collected), null, 2));
  } else if (format === 'text') {
    const ms = (performance.now() - started).toFixed(1);
    const summary = `${total} finding${total === 1 ? '' : 's'} in ${sources} ${input === 'jsonl' ? 'record' : 'file'}${sources === 1 ? '' : 's'} (${ms} ms)${malformed ? `, ${malformed} malformed line${malformed === 1 ? '' : 's'}` : ''}`;
    await out.line(paint(colour, '2', summary));
  }
  return total > 0 ? 1 : 0;
}

export function registerScanCommand(program: Command, run: (p: Promise<number>) => Promise<void>): void {
  program
    .command('scan')
    .description('scan files (or stdin) for secrets, personal data, legal details and classification markings')
    .argument('[files...]', 'files to scan; stdin when none ("-" also means stdin)')
    .option('--input <kind>', 'text (whole files) or jsonl (one {"id","text"} per line)', 'text')
    .option('--format <fmt>', 'text, json, jsonl or sarif', 'text')
    .option('--rules <dir>', 'directory of rule packs (default: the shipped packs)')
    .option('--min-severity <sev>', 'report only findings at or above: low, medium, high, critical')
    .option('--no-color', 'no colour even on a terminal')
    .action((files: string[], flags: ScanFlags) => run(runScan(files, flags)));
}
