// Markings and legal references applied vs talked about (round 5, the blind7-10 families): a
// marking compared, listed, quoted or explained ("higher than OFFICIAL-SENSITIVE", "'SECRET' in
// caps", "NOFORN means", "TLP:CLEAR stuff") is not a marked document; format examples of case
// numbers are not cases. Test names carry list positions and categories only, never the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, loadShippedRules } from '../../src/rules/index.js';
import type { Category } from '../../src/rules/index.js';

const set = await loadShippedRules({ checkExamples: false });
const engine = createEngine(set.rules, { fingerprintKey: 'legal-class-mentions-test' });
const found = (t: string, category: Category): boolean => engine.scan(t).some((f) => f.category === category);

const MUST_FIRE: Array<[Category, string]> = [
  ['classification', "OFFICIAL-SENSITIVE: draft budget lines"],
  ['classification', "this is OFFICIAL-SENSITIVE so keep it in the team"],
  ['classification', "it's OFFICIAL-SENSITIVE, don't forward"],
  ['classification', "band 7 OFFICIAL-SENSITIVE HR notes attached"],
  ['classification', "subject line: \"OFFICIAL-SENSITIVE – payroll data\""],
  ['classification', "header says TOP SECRET — delete it"],
  ['classification', "the slide is TOP SECRET STRAP 1 apparently"],
  ['classification', "\"SECRET - ops planning\" was the title"],
  ['classification', "SECRET//NOFORN on page 2"],
  ['classification', "TLP:CLEAR — public advisory, share widely"],
  ['classification', "report from the CERT is TLP:CLEAR so go ahead"],
  ['classification', "ncsc advisory marked TLP:CLEAR, fine for the blog"],
  ['classification', "the CUI documents from the prime are on the share"],
  ['classification', "OFFICIAL-SENSITIVE and LPP — draft defence"],
  ['legal', "the coroner's case Re: baby H — solicitor wants the audit logs"],
  ['legal', "In re Marriage of Lopez, status conference Friday"],
  ['legal', "settlement talks in Evans v the Trust are at a tricky stage"],
  ['legal', "SUBJECT TO CONTRACT: draft rent schedule v3"],
  ['legal', "Subject to contract - heads of terms attached"],
  ['classification', "GEHEIM stand auf dem Deckblatt"],
  ['classification', "TLP:AMBER — share only within the trust"],
  ['classification', "TLP:RED: do not forward"],
  ['classification', "this one is TLP:GREEN, fine for the sector group"],
  ['classification', "the pdf has a TOP SECRET banner on every page"],
  ['classification', "NATO RESTRICTED annex attached, remove it"],
  ['classification', "SECRET//NOFORN"],
  ['classification', "(S//NF) paragraph 3 copied below"],
  ['classification', "RESTREINT UE / EU RESTRICTED — council working paper"],
  ['classification', "UNCLASSIFIED//FOUO on the cover"],
  ['classification', "OFFICIAL-SENSITIVE COMMERCIAL: tender scores"],
  ['classification', "Official Sensitive - HR case notes for the panel"],
  ['classification', "header: OFFICIAL – SENSITIVE"],
];

const MUST_NOT_FIRE: Array<[Category, string]> = [
  ['classification', "anything higher than OFFICIAL-SENSITIVE stays off Slack"],
  ['classification', "the dropdown offers OFFICIAL and OFFICIAL-SENSITIVE only"],
  ['classification', "OFFICIAL vs OFFICIAL-SENSITIVE — which one for HR case notes?"],
  ['classification', "the difference between OFFICIAL and OFFICIAL-SENSITIVE is the need-to-know"],
  ['classification', "can the bot detect 'OFFICIAL-SENSITIVE' in attachments?"],
  ['classification', "the scanner looks for 'SECRET' and 'TOP SECRET' in capitals"],
  ['classification', "is 'OFFICIAL' the baseline for all of it?"],
  ['classification', "three tiers: OFFICIAL, SECRET and TOP SECRET"],
  ['classification', "we only ever see OFFICIAL or TOP SECRET in the exercise docs? no, OFFICIAL and SECRET"],
  ['classification', "NOFORN? never heard of it"],
  ['classification', "NOFORN means not releasable to foreign nationals"],
  ['classification', "NOFORN stands for no foreign nationals"],
  ['classification', "the CUI marking handbook from NARA is public"],
  ['classification', "see the CUI marking guide for banner formats"],
  ['classification', "TLP:CLEAR means anyone can read it"],
  ['classification', "most advisories are TLP:CLEAR these days"],
  ['classification', "TLP:CLEAR stuff can go on the wiki"],
  ['classification', "TLP:WHITE is the old name for CLEAR"],
  ['classification', "nothing above OFFICIAL-SENSITIVE in Teams please"],
  ['legal', "the phrase 'without prejudice' shouldn't be auto-added to emails"],
  ['legal', "docket numbers look like 1:23-cv-00000 in PACER"],
  ['legal', "the ET number format is 7 digits slash year, e.g. 1234567/2025"],
  ['legal', "in re the Slack migration: we keep Teams"],
  ['legal', "the lease is subject to contract until signed, standard wording"],
  ['legal', "re baby shower: cake at 3"],
  ['classification', "TLP:AMBER means limited disclosure to your org"],
  ['classification', "TLP:RED means named recipients only"],
  ['classification', "TLP:GREEN means community-wide sharing"],
  ['classification', "what does TLP:AMBER+STRICT mean exactly?"],
  ['classification', "Official Sensitive is a UK handling caveat, not a classification"],
  ['classification', "SECRET vs TOP SECRET — which needs DV?"],
  ['classification', "the difference between SECRET and TOP SECRET is the damage threshold"],
  ['classification', "NATO RESTRICTED means something different from OFFICIAL"],
  ['classification', "is NATO SECRET higher than UK SECRET?"],
  ['classification', "CUI means Controlled Unclassified Information, it's a US thing"],
  ['classification', "FOUO was replaced by CUI in the DoD"],
  ['classification', "docs: \"TLP:RED\" is for named recipients only"],
  ['classification', "RESTREINT UE means EU restricted"],
  ['classification', "ORCON? that's originator controlled"],
  ['classification', "the bot flags anything like OFFICIAL-SENSITIVE or above"],
];

test('applied markings and legal references are reported', () => {
  const missed = MUST_FIRE.flatMap(([c, t], i) => (found(t, c) ? [] : [`${i} ${c}`]));
  assert.deepEqual(missed, []);
});

test('markings and references talked about stay quiet', () => {
  const noisy = MUST_NOT_FIRE.flatMap(([c, t], i) => (found(t, c) ? [`${i} ${c}`] : []));
  assert.deepEqual(noisy, []);
});
