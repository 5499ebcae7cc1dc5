// Engine benchmark (prints figures; not a test). Run: npm run bench, or
//   node --import tsx bench/engine.ts [--messages 100000] [--synthetic 250]
// Figures: rules loaded, RSS after loading, chat messages/s (median of 5 runs) with the shipped
// rules and with shipped + synthetic rules, MB/s on 10 MB bulk text, time on adversarial 1 MB
// inputs, and the same corpus through a naive loop of JavaScript RegExps (ratio in the same run).
import os from 'node:os';
import { createEngine, loadShippedRules, type CompiledRule } from '../src/rules/index.js';
import { adversarialInputs, bulkText, chatCorpus, syntheticRules } from './engine-corpus.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}
const MESSAGES = arg('messages', 100_000);
const SYNTHETIC = arg('synthetic', 250);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

// CPU time of this process (user + system), in ms: the machine this runs on may be shared, and
// CPU time is what one core spends on the work whatever else is running. Wall time is printed too.
let lastWall = 0;
function timeIt(fn: () => void): number {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  lastWall = performance.now() - t;
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

/** A JavaScript RegExp for an RE2 pattern, or undefined where JS cannot express it. */
function toJsRegExp(r: CompiledRule): RegExp | undefined {
  let src = r.spec.pattern ?? '';
  let flags = 'gu';
  if (src.startsWith('(?i)')) {
    src = src.slice(4);
    flags += 'i';
  } else if (!r.spec.case_sensitive) flags += 'i';
  src = src.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(src, flags);
  } catch {
    return undefined;
  }
}

function throughput(label: string, rules: CompiledRule[], corpus: string[]): void {
  const engine = createEngine(rules, { fingerprintKey: 'bench-key-0123456789' });
  for (let i = 0; i < 5000; i++) engine.scan(corpus[i % corpus.length] ?? '');
  const runs: number[] = [];
  const walls: number[] = [];
  let found = 0;
  for (let run = 0; run < 5; run++) {
    found = 0;
    const ms = timeIt(() => {
      for (const m of corpus) found += engine.scan(m).length;
    });
    runs.push(corpus.length / (ms / 1000));
    walls.push(corpus.length / (lastWall / 1000));
  }
  const stats = engine.prefilterStats();
  console.log(`${label}: ${engine.ruleCount} rules (${stats.chunks} RE2.Set chunks, ${stats.unsettled} outside the set)`);
  console.log(`  chat messages/s (median of 5): ${Math.round(median(runs)).toLocaleString('en-GB')}   [min ${Math.round(Math.min(...runs)).toLocaleString('en-GB')}, max ${Math.round(Math.max(...runs)).toLocaleString('en-GB')}]   findings per pass: ${found}   (wall-clock median ${Math.round(median(walls)).toLocaleString('en-GB')})`);

  const bulk = bulkText(10 * 1024 * 1024);
  engine.scan(bulk.slice(0, 1_000_000));
  const bulkRuns = [0, 1, 2].map(() => timeIt(() => engine.scan(bulk)));
  console.log(`  bulk 10 MB (chat log, 3% of lines sensitive): ${(10 / (median(bulkRuns) / 1000)).toFixed(0)} MB/s (median ${median(bulkRuns).toFixed(0)} ms CPU, last run ${lastWall.toFixed(0)} ms wall)`);
  const clean = bulkText(10 * 1024 * 1024, 8, 0);
  const cleanRuns = [0, 1, 2].map(() => timeIt(() => engine.scan(clean)));
  console.log(`  bulk 10 MB (chat log, nothing sensitive): ${(10 / (median(cleanRuns) / 1000)).toFixed(0)} MB/s (median ${median(cleanRuns).toFixed(0)} ms CPU)`);

  // Naive comparison: every pattern as a JS RegExp, run on every message.
  const js = rules.map(toJsRegExp).filter((r): r is RegExp => r !== undefined);
  const sample = corpus.slice(0, Math.min(corpus.length, 20_000));
  const naiveMs = timeIt(() => {
    for (const m of sample) for (const re of js) {
      re.lastIndex = 0;
      while (re.exec(m) !== null) if (re.lastIndex === 0) break;
    }
  });
  const engineMs = timeIt(() => {
    for (const m of sample) engine.scan(m);
  });
  console.log(`  naive JS RegExp loop (${js.length}/${rules.length} patterns expressible): ${Math.round(sample.length / (naiveMs / 1000)).toLocaleString('en-GB')} msg/s; engine is ${(naiveMs / engineMs).toFixed(1)}x faster`);

  const stats2 = engine.prefilterStats();
  if (stats2.failures > 0) console.log(`  RE2.Set match failures (fell back to candidates): ${stats2.failures}`);
}

const rssBefore = process.memoryUsage().rss;
const loadStart = performance.now();
const shipped = await loadShippedRules({ checkExamples: false });
const loadMs = performance.now() - loadStart;
const engineForRss = createEngine(shipped.rules, { fingerprintKey: 'bench-key-0123456789' });
engineForRss.scan('warm up AKIAZ7VRSQ5TJN2RMXEQ');
const rssAfter = process.memoryUsage().rss;
console.log(`chat-dlp engine benchmark — node ${process.version}, ${new Date().toISOString()}, load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} CPUs; times are CPU time of this process`);
console.log(`shipped packs: ${shipped.files.length} files, ${shipped.rules.length} rules, ${shipped.errors.length} load problems, loaded in ${loadMs.toFixed(0)} ms`);
console.log(`RSS after loading the shipped rules and building the engine: ${mb(rssAfter)} MB (before: ${mb(rssBefore)} MB)`);

const corpus = chatCorpus(MESSAGES);
const avg = corpus.reduce((n, m) => n + m.length, 0) / corpus.length;
console.log(`corpus: ${corpus.length.toLocaleString('en-GB')} chat messages, average ${avg.toFixed(0)} characters, ~3% sensitive`);
console.log('');
throughput('shipped rules', shipped.rules, corpus);
console.log('');
const synthetic = syntheticRules(SYNTHETIC);
throughput(`shipped + ${synthetic.length} synthetic provider-token rules`, [...shipped.rules, ...synthetic], corpus);

console.log('');
console.log('adversarial inputs (shipped + synthetic rules; median of 3):');
const adv = createEngine([...shipped.rules, ...synthetic], { fingerprintKey: 'bench-key-0123456789' });
let worst = 0;
for (const { name, text } of adversarialInputs()) {
  adv.scan(text.slice(0, 10_000));
  let findings = 0;
  const ms = median([0, 1, 2].map(() => timeIt(() => (findings = adv.scan(text).length))));
  worst = Math.max(worst, ms);
  console.log(`  ${name.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms   (${findings} findings)`);
}
console.log(`  worst: ${worst.toFixed(1)} ms (bar: 50 ms)`);
console.log(`RSS at the end: ${mb(process.memoryUsage().rss)} MB`);
