// `dlp eval CORPUS`: precision, recall and F1 of the rules over a labelled JSONL corpus, per
// category and per rule. Exit code 0 when every category meets its bar, 1 when one does not,
// 2 on a usage or corpus error. False positives are shown by message id and masked preview only.
import type { Command } from 'commander';
import { belowBar, CorpusError, evaluate, formatReport, readCorpus } from '../../eval/index.js';
import { buildEngine, parseChoice, UsageError } from '../setup.js';

interface EvalOptions {
  rules?: string;
  format: string;
  perRule: boolean;
  errors: string;
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('measure the rules against a labelled corpus (JSONL of {id, text, labels})')
    .argument('<corpus>', 'path to the corpus JSONL file')
    .option('--rules <dir>', 'rules directory (default: the shipped packs)')
    .option('--format <format>', 'text or json', 'text')
    .option('--no-per-rule', 'omit the per-rule table')
    .option('--errors <n>', 'list the first N false positives and negatives (ids and masked previews)', '0')
    .action(async (corpusPath: string, opts: EvalOptions) => {
      try {
        const format = parseChoice('--format', opts.format, ['text', 'json'] as const);
        const errors = Number(opts.errors);
        if (!Number.isInteger(errors) || errors < 0) throw new UsageError(`--errors must be a whole number (got "${opts.errors}")`);
        const engine = await buildEngine(opts.rules);
        const corpus = await readCorpus(corpusPath);
        const report = evaluate(corpus, (text) => engine.scan(text));
        if (format === 'json') process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        else process.stdout.write(formatReport(report, { rules: opts.perRule, errors }));
        process.exitCode = belowBar(report).length > 0 ? 1 : 0;
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const msg = e instanceof UsageError || e instanceof CorpusError || err.code === 'ENOENT' ? err.message : `internal error: ${err.message}`;
        process.stderr.write(`dlp eval: ${msg}\n`);
        process.exitCode = 2;
      }
    });
}
