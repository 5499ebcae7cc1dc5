// Writes the labelled evaluation corpus (JSONL). Seeded, so the same command always gives the
// same file; raise --count or add templates in lib/messages.ts to grow it.
//   node --import tsx test/corpus/generate.ts [--seed 3] [--count 2000] [--out test/corpus/corpus.jsonl]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strip, type Label } from './lib/mark.js';
import * as M from './lib/messages.js';
import { createRng, type Rng } from './lib/rng.js';

export interface CorpusMessage {
  id: string;
  text: string;
  labels: Label[];
}

type Kind = 'clean' | 'hard-negative' | 'secret' | 'password' | 'personal' | 'legal' | 'classification';
/** Share of each kind; most messages are clean or hard negatives, as in real chat. */
const MIX: Array<[Kind, number]> = [
  ['clean', 0.33],
  ['hard-negative', 0.27],
  ['secret', 0.11],
  ['password', 0.05],
  ['personal', 0.12],
  ['legal', 0.06],
  ['classification', 0.06],
];

function pickKind(r: Rng): Kind {
  let x = r.next();
  for (const [k, p] of MIX) {
    if (x < p) return k;
    x -= p;
  }
  return 'clean';
}

function one(r: Rng, kind: Kind, n: number): string {
  switch (kind) {
    case 'clean': return M.cleanMessage(r);
    case 'hard-negative': return r.pick(M.hardNegatives)(r);
    case 'secret': return M.secretMessage(r, M.SECRET_FORMAT_IDS[n % M.SECRET_FORMAT_IDS.length] as string);
    case 'password': return M.passwordMessage(r);
    case 'personal': return M.personalMessage(r);
    case 'legal': return M.legalMessage(r);
    case 'classification': return M.classificationMessage(r);
  }
}

export function generateCorpus(seed: number, count: number): CorpusMessage[] {
  const r = createRng(seed);
  const out: CorpusMessage[] = [];
  let secrets = 0;
  for (let i = 0; i < count; i++) {
    const kind = pickKind(r);
    let marked = one(r, kind, kind === 'secret' ? secrets++ : 0);
    // Real messages mix things: sometimes a second sentence, sometimes a trap next to a real leak.
    if (r.chance(0.15)) marked += r.pick(['\n', ' ', '. ']) + (r.chance(0.5) ? M.cleanMessage(r) : r.pick(M.hardNegatives)(r));
    const { text, labels } = strip(marked);
    out.push({ id: `m${String(i + 1).padStart(5, '0')}`, text, labels });
  }
  return out;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const seed = Number(arg('seed', '3'));
  const count = Number(arg('count', '2000'));
  const outPath = arg('out', fileURLToPath(new URL('./corpus.jsonl', import.meta.url)));
  const corpus = generateCorpus(seed, count);
  writeFileSync(outPath, corpus.map((m) => JSON.stringify(m)).join('\n') + '\n');
  const labelled = corpus.filter((m) => m.labels.length > 0).length;
  console.log(`wrote ${corpus.length} messages (${labelled} with labels, ${corpus.length - labelled} clean) to ${outPath}`);
}
