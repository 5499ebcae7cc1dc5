// Prose detection: who counts as "a person" (third-person pronouns and names, not I/you/we),
// sentence boundaries, topic words (policy, rate, training) and the shipped HR/health rules on
// hard negatives and positives.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createEngine, type DetectionEngine } from '../../src/rules/index.js';
import { compileProse, findProse, stemPrefixes, tokenize } from '../../src/rules/prose.js';
import { proseSchema } from '../../src/rules/schema.js';
import { loadShippedRules } from '../../src/rules/shipped.js';

function words(text: string): Array<{ w: string; sentence: number; name: boolean; pronoun: boolean }> {
  return tokenize(text).map((t) => ({ w: text.slice(t.start, t.end), sentence: t.sentence, name: t.nameLike, pronoun: t.pronoun }));
}
function flag(text: string, word: string, key: 'name' | 'pronoun'): boolean {
  const t = words(text).find((x) => x.w === word);
  assert.ok(t, `no token ${word}`);
  return t[key];
}

describe('tokenize', () => {
  it('counts third-person pronouns as people, not I, you or we', () => {
    for (const p of ['he', 'she', "she's", 'his', 'her', 'him', "he'd"]) assert.equal(flag(`yes ${p} said`, p, 'pronoun'), true, p);
    for (const p of ['I', "I'm", 'you', 'your', 'we', 'our', 'us', 'my']) {
      assert.equal(flag(`well ${p} said`, p, 'pronoun'), false, p);
      assert.equal(flag(`well ${p} said`, p, 'name'), false, p);
    }
  });

  it('ends sentences at . ! ? followed by a space and at line breaks, not inside 2.5 or example.com', () => {
    const s = words('Version 2.5 is out. Ping example.com now! Really?\nyes');
    assert.deepEqual(
      s.map((x) => `${x.w}:${x.sentence}`),
      ['Version:0', '2:0', '5:0', 'is:0', 'out:0', 'Ping:1', 'example:1', 'com:1', 'now:1', 'Really:2', 'yes:3'],
    );
  });

  it('takes a capitalised first word for a name when possessive, a known first name or followed by a verb', () => {
    assert.equal(flag('Kwabena is off today', 'Kwabena', 'name'), true);
    assert.equal(flag("Kwabena's sick note", "Kwabena's", 'name'), true);
    assert.equal(flag('Priya back tomorrow', 'Priya', 'name'), true);
    assert.equal(flag('Kwabena Mensah starts Monday', 'Kwabena', 'name'), false);
    assert.equal(flag('Sickness absence is down', 'Sickness', 'name'), false);
    assert.equal(flag('The policy is new', 'The', 'name'), false);
    assert.equal(flag('ask Kwabena about it', 'Kwabena', 'name'), true);
    assert.equal(flag('see you on Monday', 'Monday', 'name'), false);
  });
});

describe('findProse', () => {
  const spec = proseSchema.parse({ terms: ['sick leave', 'cancer'], near: ['@person'], within: 6, not_near: ['policy', 'research'] });
  const p = compileProse(spec);
  const found = (text: string) => findProse(tokenize(text, 0, text.length, stemPrefixes([p])), p).map((h) => text.slice(h.start, h.end));

  it('needs the person in the same sentence as the term', () => {
    assert.deepEqual(found('Tell Dana about the sick leave'), ['Dana about the sick leave']);
    assert.deepEqual(found('Ask Dana. Sick leave starts at 9.'), []);
    assert.deepEqual(found('sick leave has started\nshe knows'), []);
  });

  it('does not count the sender or the reader as the person', () => {
    assert.deepEqual(found("I'm on sick leave today"), []);
    assert.deepEqual(found('you can take sick leave if we agree'), []);
    assert.deepEqual(found("she's on sick leave today"), ["she's on sick leave"]);
  });

  it('drops a term next to a topic word, unless the topic word is linked to a person', () => {
    assert.deepEqual(found('Dana wrote the sick leave policy'), []);
    assert.deepEqual(found('the cancer research by Dana won a prize'), []);
    assert.deepEqual(found('Dana started the sick leave policy for him'), ['Dana started the sick leave']);
  });

  it('treats a Title Case term as a title, and they/their only close by', () => {
    assert.deepEqual(found('Dana runs the Sick Leave Champions group'), []);
    assert.deepEqual(found('the new cancer app is a client, their team called'), []);
    assert.deepEqual(found('their cancer came back'), ['their cancer']);
  });
});

describe('shipped HR and health rules', () => {
  let engine: DetectionEngine;
  before(async () => {
    const set = await loadShippedRules();
    assert.deepEqual(set.errors, []);
    engine = createEngine(set.rules, { fingerprintKey: 'test-key-0123456789' });
  });
  const personal = (text: string) => engine.scan(text).filter((f) => f.category === 'personal');

  const negatives = [
    "I'm off sick today, back tomorrow hopefully",
    'sorry, I had a hospital appointment so missed standup',
    "if you're off sick for more than seven days you need a fit note",
    'we are reviewing the sick leave policy this quarter, comments to you',
    'our sickness absence rate fell again this year',
    'Sickness absence procedure: phone your line manager before 10am.',
    'Grievance training for line managers is on Thursday',
    'the disciplinary process is documented on the intranet, ask HR if you need it',
    'Reminder: Mental Health Awareness Week starts Monday',
    'Anna is presenting the cancer research dashboard to the board',
    'average sick days per employee is 4.3',
    'we have 14 open grievances and 3 disciplinary cases this quarter, figures in the pack',
    'Kofi is leading the occupational health tender',
    "I've been diagnosed with hay fever, apparently, so tissues everywhere",
    'the pregnancy risk assessment form moved to the HR folder',
    'the NHS client wants the maternity dashboard by Friday. Kofi said fine.',
  ];
  for (const text of negatives) {
    it(`does not fire: ${text}`, () => {
      assert.deepEqual(personal(text).map((f) => f.ruleId), []);
    });
  }

  const positives: Array<[string, string]> = [
    ['Kofi is off sick again, that is the third time this month', 'Kofi is off sick'],
    ["Marguerite's sick note runs until the 20th", 'sick note'],
    ['heads up, Dmitri has been diagnosed with diabetes', 'diagnosed with'],
    ['Kofi got a final written warning for the expenses claims', 'final written warning'],
    ["Can you cover Ines? she's in hospital after the accident", 'in hospital'],
    ['Wren raised a grievance against her team lead', 'grievance'],
    ['HR are opening the disciplinary process for Marek', 'disciplinary'],
    ['between us, he is having chemo on Tuesdays', 'chemo'],
  ];
  for (const [text, part] of positives) {
    it(`fires: ${text}`, () => {
      const f = personal(text);
      assert.ok(f.length > 0, 'no personal finding');
      const at = text.indexOf(part);
      assert.ok(f.some((x) => x.start <= at && x.end >= at + part.length), `no finding covers "${part}"`);
    });
  }
});
