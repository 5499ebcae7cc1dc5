// `npm run test:unit`: Node 20's test runner does not expand globs, so list every
// test/**/*.test.ts here and hand them to one `node --test` run (files one at a time: several
// suites start servers and child processes, and the machine has two cores).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : testFiles(p);
      return e.name.endsWith('.test.ts') ? [p] : [];
    })
    .sort();
}

const only = process.argv.slice(2);
const files = only.length ? only : testFiles('test');
if (files.length === 0) {
  console.error('run-tests: no test files found under test/');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
