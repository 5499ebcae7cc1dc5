// Chat phrasings of personal data, legal details and classification markings, and the look-alikes
// that must stay quiet, against all shipped packs together. Written while tuning on the blind2-4
// sets (the format and phrasing families behind their misses, with different values and wording);
// identifiers are random with real checksums, never a real person's. Test names and messages carry
// list positions and categories only, never the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, loadShippedRules } from '../../src/rules/index.js';
import type { Category } from '../../src/rules/index.js';

const set = await loadShippedRules({ checkExamples: false });
const engine = createEngine(set.rules, { fingerprintKey: 'pii-phrasing-test' });
const found = (t: string, category: Category): boolean => engine.scan(t).some((f) => f.category === category);

const MUST_FIRE: Array<[Category, string]> = [
  // classification: markings described in a sentence, as a document's label, or national schemes
  ['classification', 'SECRET briefing from the regional unit about the supplier, keep it off Teams'],
  ['classification', 'the threat slides are SECRET – they cannot be uploaded here'],
  ['classification', "we can't post that, it's SECRET; use the secure network"],
  ['classification', "it's only OFFICIAL so the supplier channel is fine"],
  ['classification', 'the 2008 survey says CONFIDENTIAL at the top, it predates the 2014 scheme'],
  ['classification', 'marking on the scanned letter: SECRET (copied from the pdf)'],
  ['classification', 'from the department: OFFICIAL-SENSITIVE ADDRESSEE ONLY'],
  ['classification', 'the agency sent it as CUI, so it needs the GovCloud tenant'],
  ['classification', 'CUI banner on the drawings, check the contract scope'],
  ['classification', 'the cable starts with (S//REL TO USA, GBR), pulled from the vendor ticket'],
  ['classification', 'portion marking check: (TS//SI) on page 2 and (C) on page 4'],
  ['classification', 'das Protokoll ist VS-NUR FÜR DEN DIENSTGEBRAUCH, bitte nicht teilen'],
  ['classification', 'Einstufung: VS-VERTRAULICH'],
  ['classification', 'le rapport est DIFFUSION RESTREINTE'],
  // legal: case references and titles in the forms courts and the CPS print them
  ['legal', 'URN 44KD0912224 - the OIC wants the CCTV before charge'],
  ['legal', 'JR issued: AC-2026-BHM-000412, challenge to the licensing decision'],
  ['legal', 'R (Adeyemi) v Secretary of State for the Home Department - skeleton due Friday'],
  ['legal', 'we settled Hughes v Brightline Ltd, COT3 signed'],
  ['legal', 'the appeal was heard in private and the names are anonymised'],
  ['legal', 'Snaresbrook listed T20251187 for mention next week'],
  ['legal', "PRFD file FD26P01234, the father's solicitor has the bundle"],
  // personal: identifiers, dates of birth in records, HR and health prose about a person
  ['personal', '<mailto:k.obi@outlook.com|k.obi@outlook.com> is her new address'],
  ['personal', '{"name": "R. Obi", "date_of_birth": "1971-02-03"}'],
  ['personal', 'he gave his date of birth as 3rd February 1971'],
  ['personal', 'Geburtsdatum: 03.02.1971'],
  ['personal', 'NIE del inquilino: X1234567L'],
  ['personal', 'PPSN for the new starter: 6433435F'],
  ['personal', 'Steuer-ID für die Abrechnung: 86095742719'],
  ['personal', 'Femi failed his probation, we are extending it by a month'],
  ['personal', 'final written warning for Kasia - can you send the letter template?'],
  ['personal', 'Sgt Rowe is under investigation by Professional Standards'],
  ['personal', 'she was taken to hospital after the fall, her husband called'],
  ['personal', 'Dr Amin is off with depression; her lectures are covered by Tom'],
  ['personal', 'he disclosed a criminal conviction on the vetting questions'],
];

const MUST_NOT_FIRE: Array<[Category, string]> = [
  ['classification', 'our plan is SECRET until launch'],
  ['classification', 'Secret briefing notes for the surprise party'],
  ['classification', "it's only official once the board signs it"],
  ['classification', 'the CUI program replaced FOUO'],
  ['classification', 'options (a) to (c) apply'],
  ['classification', 'the marking on the old file says RESTRICTED but that tier is gone'],
  ['legal', 'call 01632960123 about the police charity run'],
  ['legal', 'the interview was held in private in the boardroom'],
  ['personal', 'watching Line of Duty again, every episode feels like a disciplinary hearing'],
  ['personal', 'counsel relies on [2023] EWCA Civ 1108 for the point about reasonable adjustments'],
  ['personal', 'the DNI field takes 8 digits and a letter'],
  ['personal', 'PPS number field is 7 digits and a letter'],
  ['personal', 'probably the probation service contract renews in May'],
];

test('every chat phrasing of personal data, a legal detail or a marking is found', () => {
  const missed = MUST_FIRE.map(([c, t], i) => [i, c, found(t, c)] as const).filter(([, , ok]) => !ok).map(([i, c]) => `${i} (${c})`);
  assert.deepEqual(missed, [], `MUST_FIRE entries without a finding in their category: ${missed.join(', ')}`);
});

test('no finding in the look-alikes', () => {
  const fired = MUST_NOT_FIRE.map(([c, t], i) => [i, c, found(t, c)] as const).filter(([, , hit]) => hit).map(([i, c]) => `${i} (${c})`);
  assert.deepEqual(fired, [], `MUST_NOT_FIRE entries with a finding in their category: ${fired.join(', ')}`);
});
