// Builds holdout.jsonl … holdout4.jsonl, blind1.jsonl and blind2.jsonl from the hand-written *.src.txt files (one message per line, "\n" for a
// line break, ⟦category|value⟧ for a labelled span). The hold-out set is never tuned against.
//   node --import tsx test/corpus/build-holdout.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strip } from './lib/mark.js';

/** Message-id prefix of each hold-out file. */
export const PREFIX: Record<string, string> = { holdout: 'h', holdout2: 'k', holdout3: 'p', holdout4: 'q', blind1: 'b', blind2: 'c', blind3: 'd', blind4: 'e', blind5: 'f', blind6: 'g', blind7: 'i', blind8: 'j', blind9: 'l', blind10: 'm', blind11: 'n', blind12: 'o' };

export function buildHoldout(src: string, prefix = 'h'): Array<{ id: string; text: string; labels: ReturnType<typeof strip>['labels'] }> {
  const out: Array<{ id: string; text: string; labels: ReturnType<typeof strip>['labels'] }> = [];
  for (const line of src.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const { text, labels } = strip(line.replace(/\\n/g, '\n'));
    out.push({ id: `${prefix}${String(out.length + 1).padStart(4, '0')}`, text, labels });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const name of Object.keys(PREFIX)) {
    const src = readFileSync(new URL(`./${name}.src.txt`, import.meta.url), 'utf8');
    const messages = buildHoldout(src, PREFIX[name] ?? 'x');
    writeFileSync(new URL(`./${name}.jsonl`, import.meta.url), messages.map((m) => JSON.stringify(m)).join('\n') + '\n');
    console.log(`wrote ${messages.length} ${name} messages (${messages.filter((m) => m.labels.length > 0).length} with labels)`);
  }
}
