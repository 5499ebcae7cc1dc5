// The false-positive traps and must-fire cases named in the issue, against the whole engine
// (all packs together, as in production).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, loadShippedRules, type Finding } from '../../src/rules/index.js';

const set = await loadShippedRules({ checkExamples: false });
const engine = createEngine(set.rules, { fingerprintKey: 'packs-test' });
const scan = (t: string): Finding[] => engine.scan(t);
const cats = (t: string) => scan(t).map((f) => f.category);

const MUST_NOT_FIRE: Array<[string, string]> = [
  ['secret', 'I forgot my password'],
  ['secret', 'password: ********'],
  ['secret', 'the password policy requires 14 characters'],
  ['secret', 'token: your-token-here'],
  ['secret', 'api_key=<token>'],
  ['secret', 'SECRET=xxxx'],
  ['secret', 'AKIAIOSFODNN7EXAMPLE is the AWS documentation key'],
  ['personal', 'Stripe test card 4111 1111 1111 1111'],
  ['personal', 'HMRC example QQ 12 34 56 A'],
  ['legal', 'in any case we will ship'],
  ['legal', 'the test case fails'],
  ['legal', 'our main use case'],
  ['legal', 'is the match case-sensitive?'],
  ['legal', 'the court of public opinion'],
  ['classification', "it's no secret"],
  ['classification', 'Secret Santa is on Friday'],
  ['classification', 'see the official docs'],
  ['classification', 'our plan is top secret'],
  ['legal', 'without prejudice to the generality of the foregoing'],
];

for (const [category, text] of MUST_NOT_FIRE) {
  test(`no ${category} finding in: ${text}`, () => {
    assert.ok(!cats(text).includes(category as Finding['category']), JSON.stringify(scan(text).map((f) => f.ruleId)));
  });
}

const MUST_FIRE: Array<[string, string, string]> = [
  ['secret', 'my password is Tr0ub4dor&3', 'Tr0ub4dor&3'],
  ['secret', 'pwd: hunter22', 'hunter22'],
  ['secret', 'login admin / Adm1n!2024', 'Adm1n!2024'],
  ['secret', 'DB_PASSWORD=Zq8#rT2!mW', 'Zq8#rT2!mW'],
  ['personal', 'NI number JG 10 37 28 B', 'JG 10 37 28 B'],
  ['legal', 'see [2023] EWCA Civ 123', '[2023] EWCA Civ 123'],
  ['legal', 'WITHOUT PREJUDICE - our offer', 'WITHOUT PREJUDICE'],
  ['classification', 'TOP SECRET//SCI//NOFORN', 'TOP SECRET//SCI//NOFORN'],
  ['classification', '(S//NF) the unit moves', '(S//NF)'],
];
for (const [category, text, span] of MUST_FIRE) {
  test(`${category} finding covering "${span}" in: ${text}`, () => {
    const f = scan(text).find((x) => x.category === category);
    assert.ok(f, `no ${category} finding`);
    assert.equal(text.slice(f.start, f.end), span);
  });
}

test('obfuscated markings fire with their level, spans in the original text', () => {
  const cases: Array<[string, string]> = [
    ['ＴＯＰ ＳＥＣＲＥＴ\nannex', 'top-secret'],
    ['ТОР SЕСRЕТ\nannex', 'top-secret'], // Cyrillic Т, О, Р, Е, С
    ['SE\u200bCRET\nminutes', 'secret'],
    ['OFFICIAL\u2011SENSITIVE draft', 'official-sensitive'],
  ];
  for (const [text, level] of cases) {
    const f = scan(text).find((x) => x.category === 'classification');
    assert.ok(f, `no marking found in ${JSON.stringify(text)}`);
    assert.equal(f.marking?.level, level, JSON.stringify(text));
    assert.ok(f.start === 0 && f.end <= text.indexOf(text.includes('\n') ? '\n' : ' draft'), `span ${f.start}-${f.end}`);
  }
});

test('each marking carries the level policy compares with a ceiling', () => {
  const level = (t: string) => scan(t).find((f) => f.category === 'classification')?.marking;
  assert.deepEqual(level('NATO RESTRICTED exercise plan'), { scheme: 'nato', level: 'official-sensitive' });
  assert.deepEqual(level('COSMIC TOP SECRET annex'), { scheme: 'nato', level: 'top-secret' });
  assert.deepEqual(level('TLP:RED indicators'), { scheme: 'tlp', level: 'secret' });
  assert.deepEqual(level('OFFICIAL\nminutes'), { scheme: 'uk', level: 'official' });
});

test('findings never carry the raw value', () => {
  const text = 'my password is Tr0ub4dor&3 and card 4929 1543 8765 4325';
  for (const f of scan(text)) {
    const raw = text.slice(f.start, f.end);
    assert.ok(!JSON.stringify(f).includes(raw), `${f.ruleId} leaks its value`);
  }
});
