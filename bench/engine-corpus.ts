// Deterministic synthetic inputs for the engine benchmark: a realistic chat corpus (mostly clean
// messages, a few percent with secrets or personal data), bulk text, adversarial inputs, and a
// synthetic set of provider-token rules to reach a few hundred rules.
import { compileRule, type CompiledRule } from '../src/rules/index.js';
import { ruleSchema } from '../src/rules/schema.js';

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a to and of in is it for on that this with you we be are have not at as can will do just ' +
  'deploy build release review meeting standup lunch coffee today tomorrow friday ticket jira pr merge ' +
  'branch main staging prod customer invoice report draft slides budget forecast team sync call ' +
  'thanks please sure yes no maybe looks good lgtm ship it fixed broken flaky test pipeline docker ' +
  'kubernetes cluster node pod logs alert pager oncall incident resolved rollback config feature flag ' +
  'design doc api endpoint latency error rate dashboard metrics query database migration schema index ' +
  'holiday sick leave office london manchester train late running five minutes'
).split(' ');

const SENSITIVE = [
  'here is the key AKIAZ7VRSQ5TJN2RMXEQ for staging',
  'my NI number is AB 12 34 56 C if you need it',
  'card 4111 1111 1111 1111 exp 12/27',
  'password: Tr0ub4dor&3x for the vpn',
  'NHS number 943 476 5870 for the patient',
  'token ghp_Z7VRSQ5TJN2RMXEQ7VRSQ5TJN2RMXEQabcd pushed',
  'OFFICIAL-SENSITIVE: draft budget attached',
  'IBAN GB82 WEST 1234 5698 7654 32 for the refund',
];

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)] ?? 'ok');
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `n` chat messages: 4-30 words, ~3% with something sensitive, some with numbers, links, mentions. */
export function chatCorpus(n: number, seed = 42, sensitiveShare = 0.03): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    let msg = sentence(rand, 4 + Math.floor(rand() * 26));
    if (r < sensitiveShare) msg += ` ${SENSITIVE[Math.floor(rand() * SENSITIVE.length)]}`;
    else if (r < 0.1) msg += ` see https://example.com/tickets/${Math.floor(rand() * 1e6)}`;
    else if (r < 0.15) msg = `<@U${Math.floor(rand() * 1e8)}> ${msg} at ${Math.floor(rand() * 12)}:${Math.floor(rand() * 60)}`;
    else if (r < 0.2) msg += ` (PR #${Math.floor(rand() * 9000)}, build 2024.${Math.floor(rand() * 12)}.${Math.floor(rand() * 300)})`;
    out.push(msg);
  }
  return out;
}

/** About `bytes` of bulk text: the corpus joined by newlines (ASCII). */
export function bulkText(bytes: number, seed = 7, sensitiveShare = 0.03): string {
  const parts: string[] = [];
  let size = 0;
  const corpus = chatCorpus(20_000, seed, sensitiveShare);
  for (let i = 0; size < bytes; i++) {
    const m = corpus[i % corpus.length] ?? '';
    parts.push(m);
    size += m.length + 1;
  }
  return parts.join('\n').slice(0, bytes);
}

export function adversarialInputs(): Array<{ name: string; text: string }> {
  const MB = 1_000_000;
  const rand = prng(99);
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let token = '';
  for (let i = 0; i < 100_000; i++) token += b64[Math.floor(rand() * 64)];
  const repeat = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  // Random characters: a pasted blob or dump, where short keywords and loose patterns match everywhere.
  const random = (alphabet: string) => {
    let s = '';
    for (let i = 0; i < MB; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
    return s;
  };
  const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const lower = UPPER.toLowerCase();
  return [
    { name: '1 MB of "a"', text: 'a'.repeat(MB) },
    { name: '1 MB of "1"', text: '1'.repeat(MB) },
    { name: '1 MB digit groups "1234 "', text: repeat('1234 ') },
    { name: '100,000-char base64 token', text: `token=${token}` },
    { name: '1 MB near-miss AWS ids', text: repeat('AKIAZ7VRSQ5TJN2RMXE ') },
    { name: '1 MB Luhn-failing cards', text: repeat('card 4111 1111 1111 1112 ') },
    { name: '1 MB "password: " near-misses', text: repeat('password: abc ') },
    { name: '1 MB of "é" + combining marks', text: repeat('e\u0301\u0302') },
    { name: '1 MB of emoji', text: repeat('😀') },
    { name: '1 MB random base64', text: random(b64) },
    { name: '1 MB random [A-Za-z0-9_-]', text: random(`${UPPER}${lower}0123456789_-`) },
    { name: '1 MB random upper case + digits', text: random(`${UPPER}0123456789`) },
    { name: '1 MB random hex', text: random('0123456789abcdef') },
    { name: '1 MB random letters + spaces', text: random(`${UPPER}${lower}     `) },
    { name: '1 MB random letters, spaces, .@:/', text: random(`abcdefghij klmnopqrstuvwxyz.@:/`) },
    { name: '1 MB random digits, spaces, -', text: random('0123456789 -') },
  ];
}

/** `n` synthetic provider-token rules (prefix + random body), like gitleaks' provider rules. */
export function syntheticRules(n: number, seed = 5): CompiledRule[] {
  const rand = prng(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const rules: CompiledRule[] = [];
  for (let i = 0; i < n; i++) {
    let prefix = '';
    for (let k = 0; k < 3 + (i % 3); k++) prefix += letters[Math.floor(rand() * 26)];
    const len = 20 + (i % 5) * 8;
    const raw = {
      id: `synthetic-${prefix}-${i}`,
      name: `Synthetic token ${i}`,
      category: 'secret',
      severity: 'high',
      description: 'A synthetic provider token used only by the benchmark.',
      pattern: `\\b(?<secret>${prefix}_[A-Za-z0-9]{${len}})\\b`,
      keywords: [`${prefix}_`],
      case_sensitive: true,
      validators: [{ name: 'entropy', min: 3 }],
      examples: { match: [`${prefix}_${'Ab3'.repeat(len)}`.slice(0, prefix.length + 1 + len)], no_match: ['x'] },
    };
    const spec = ruleSchema.parse(raw);
    const c = compileRule(spec, { file: 'bench', line: i, explicitSecretGroup: false });
    if (c.rule) rules.push(c.rule);
  }
  return rules;
}
