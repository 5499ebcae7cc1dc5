// Bulk-text benchmark only (quick loop while profiling the engine; prints figures, not a test):
//   node --import tsx bench/engine-bulk.ts            or with --cpu-prof for a profile.
// CPU time of this process per 10 MB scan: a chat log with 3% sensitive lines, and a clean one.
import { createEngine, loadShippedRules } from '../src/rules/index.js';
import { bulkText } from './engine-corpus.js';

const shipped = await loadShippedRules({ checkExamples: false });
const engine = createEngine(shipped.rules, { fingerprintKey: 'bench-key-0123456789' });
const bulk = bulkText(10 * 1024 * 1024);
const clean = bulkText(10 * 1024 * 1024, 8, 0);
engine.scan(bulk.slice(0, 1_000_000));
const cpuMs = (fn: () => void): number => {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};
for (let i = 0; i < 3; i++) {
  let found = 0;
  const a = cpuMs(() => (found = engine.scan(bulk).length));
  const b = cpuMs(() => engine.scan(clean));
  console.log(`10 MB, 3% sensitive: ${a.toFixed(0)} ms CPU (${(10_000 / a).toFixed(0)} MB/s, ${found} findings); clean: ${b.toFixed(0)} ms CPU (${(10_000 / b).toFixed(0)} MB/s)`);
}
