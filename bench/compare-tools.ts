// Compares chat-dlp with secretlint (recommended preset) and redact-pii on the same labelled
// corpora, in one run: precision and recall per category, and messages per second per tool.
//   node --import tsx bench/compare-tools.ts [corpus.jsonl ...]
// secretlint only looks for secrets and redact-pii only for personal data (plus a few password
// patterns), so each tool is scored on the categories it claims; "-" means the tool has no
// detector for that category. redact-pii returns redacted text, not spans: spans are recovered by
// aligning the text between its placeholders with the original.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { evaluate, readCorpus, type CorpusMessage, type EvalReport, type Scanner } from '../src/eval/index.js';
import { createEngine, loadShippedRules, type Category } from '../src/rules/index.js';

type Finding = ReturnType<Scanner>[number];
const require = createRequire(import.meta.url);

/** redact-pii placeholder -> our category (undefined: not scored, e.g. plain URLs). */
const REDACT_PII_TYPES: Record<string, Category | undefined> = {
  CREDIT_CARD_NUMBER: 'personal', STREET_ADDRESS: 'personal', ZIPCODE: 'personal', PHONE_NUMBER: 'personal',
  IP_ADDRESS: 'personal', US_SOCIAL_SECURITY_NUMBER: 'personal', EMAIL_ADDRESS: 'personal', PERSON_NAME: 'personal',
  DIGITS: 'personal', USERNAME: 'personal', PASSWORD: 'secret', CREDENTIALS: 'secret', URL: undefined,
};
const PLACEHOLDER = new RegExp(`(${Object.keys(REDACT_PII_TYPES).join('|')})`, 'g');

/** Spans of `original` that `redacted` replaced with placeholders. */
export function recoverSpans(original: string, redacted: string): Array<{ type: string; start: number; end: number }> {
  const parts = redacted.split(PLACEHOLDER);
  const spans: Array<{ type: string; start: number; end: number }> = [];
  let pos = 0;
  let pending: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (i % 2 === 1) {
      pending ??= part;
      continue;
    }
    const at = part === '' ? (i === parts.length - 1 ? original.length : pos) : original.indexOf(part, pos);
    if (at < 0) break;
    if (pending !== undefined && at > pos) spans.push({ type: pending, start: pos, end: at });
    if (part !== '' || i === parts.length - 1) pending = undefined;
    pos = at + part.length;
  }
  return spans;
}

interface Tool {
  name: string;
  categories: Category[];
  scanAll(corpus: CorpusMessage[]): Promise<{ findings: Map<string, Finding[]>; ms: number }>;
}

async function timed(corpus: CorpusMessage[], f: (text: string) => Promise<Finding[]> | Finding[]) {
  const findings = new Map<string, Finding[]>();
  const t0 = performance.now();
  for (const m of corpus) findings.set(m.id, await f(m.text));
  return { findings, ms: performance.now() - t0 };
}

async function ours(): Promise<Tool> {
  const set = await loadShippedRules({ checkExamples: false });
  const engine = createEngine(set.rules, { fingerprintKey: 'bench-compare-tools' });
  return { name: 'chat-dlp', categories: ['secret', 'personal', 'legal', 'classification'], scanAll: (c) => timed(c, (t) => engine.scan(t)) };
}

async function secretlint(): Promise<Tool> {
  const { lintSource } = await import('@secretlint/core');
  const { creator } = await import('@secretlint/secretlint-rule-preset-recommend');
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };
  return {
    name: 'secretlint (recommend)',
    categories: ['secret'],
    scanAll: (c) =>
      timed(c, async (text) => {
        const result = await lintSource({
          source: { content: text, filePath: 'message.txt', ext: '.txt', contentType: 'text' },
          options: { config, noPhysicFilePath: true, maskSecrets: true },
        });
        return result.messages.map((m) => ({ ruleId: m.ruleId, category: 'secret' as const, start: m.range[0], end: m.range[1] }));
      }),
  };
}

function redactPii(): Tool {
  const { SyncRedactor } = require('redact-pii') as { SyncRedactor: new () => { redact(t: string): string } };
  const redactor = new SyncRedactor();
  return {
    name: 'redact-pii',
    categories: ['personal', 'secret'],
    scanAll: (c) =>
      timed(c, (text) =>
        recoverSpans(text, redactor.redact(text)).flatMap((s) => {
          const category = REDACT_PII_TYPES[s.type];
          return category ? [{ ruleId: s.type.toLowerCase(), category, start: s.start, end: s.end }] : [];
        }),
      ),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['corpus', 'holdout', 'holdout2', 'holdout3'].map((n) => `${root}test/corpus/${n}.jsonl`);
  const tools: Tool[] = [await ours()];
  for (const [name, load] of [['secretlint', secretlint], ['redact-pii', async () => redactPii()]] as const) {
    try {
      tools.push(await load());
    } catch (e) {
      console.log(`${name}: cannot run on Node ${process.version}: ${(e as Error).message}`);
    }
  }
  for (const file of files) {
    const corpus = await readCorpus(file);
    console.log(`\n${file.replace(root, '')}: ${corpus.length} messages`);
    console.log(`${'tool'.padEnd(24)} ${'category'.padEnd(15)} ${'precision'.padStart(9)} ${'recall'.padStart(8)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(5)}   msgs/s`);
    for (const tool of tools) {
      await tool.scanAll(corpus.slice(0, 200)); // warm-up (JIT, regex caches) before timing
      const { findings, ms } = await tool.scanAll(corpus);
      let i = 0; // evaluate() visits the corpus in order: hand back each message's findings
      const report: EvalReport = evaluate(corpus, () => findings.get(corpus[i++]?.id ?? '') ?? []);
      const rate = Math.round(corpus.length / (ms / 1000));
      for (const [c, s] of Object.entries(report.categories)) {
        const claimed = tool.categories.includes(c as Category);
        const line = claimed
          ? `${pct(s.precision).padStart(9)} ${pct(s.recall).padStart(8)} ${String(s.tp).padStart(5)} ${String(s.fp).padStart(5)} ${String(s.labels - s.found).padStart(5)}`
          : `${'-'.padStart(9)} ${'-'.padStart(8)} ${'-'.padStart(5)} ${'-'.padStart(5)} ${'-'.padStart(5)}`;
        console.log(`${tool.name.padEnd(24)} ${c.padEnd(15)} ${line}   ${c === 'secret' ? rate : ''}`);
      }
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
