// `npm run bench`: runs every benchmark under bench/ (except helpers and this file), one process
// each so their figures do not disturb one another. Helpers are files named *-corpus.ts,
// *-worker.ts, *helper*.ts or zz-*.ts (scratch).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const dir = path.dirname(fileURLToPath(import.meta.url));
const HELPERS = new Set(['run-all.ts', 'engine-corpus.ts']);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !HELPERS.has(f) && !f.startsWith('zz-') && !/-corpus\.ts$|-worker\.ts$|helper/.test(f))
  .sort((a, b) => (a === 'engine.ts' ? -1 : b === 'engine.ts' ? 1 : a.localeCompare(b)));
let failed = 0;
for (const b of benches) {
  console.log(`\n=== bench/${b} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, b)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
