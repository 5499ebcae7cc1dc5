// Message templates: realistic workplace chat, each returning a marked string (see mark.ts).
// Positives embed generated values; hard negatives use the traps listed in the reference
// (placeholders, documentation examples, look-alike numbers, everyday words).
import { mark } from './mark.js';
import * as P from './pii-formats.js';
import { SECRET_FORMATS, password, strongPassword } from './secret-formats.js';
import { ALNUM, HEX, type Rng } from './rng.js';

type T = (r: Rng) => string;
const sec = (rule: string, v: string) => mark('secret', rule, v);
const per = (rule: string, v: string) => mark('personal', rule, v);
const leg = (rule: string, v: string) => mark('legal', rule, v);
const cls = (rule: string, v: string) => mark('classification', rule, v);
const name = (r: Rng) => r.pick(P.FIRST);
const env = (r: Rng) => r.pick(['staging', 'prod', 'the dev box', 'UAT', 'the new cluster', 'CI', 'the demo env']);

// ---------------------------------------------------------------- secrets
const SECRET_WRAPPERS: Array<(r: Rng, v: string) => string> = [
  (r, v) => `here's the key for ${env(r)}: ${v}`,
  (r, v) => `can someone check why this gives a 401? ${v}`,
  (_r, v) => `\`\`\`\n${v}\n\`\`\``,
  (r, v) => `@${name(r)} use ${v} until we sort out vault`,
  (r, v) => `${v} <- that's the one for ${env(r)}, don't lose it`,
  (_r, v) => `pasting my .env so you can reproduce:\n${v}\nNODE_ENV=production`,
  (r, v) => `token expired again, new one is ${v}`,
  (_r, v) => `ok try this\n${v}`,
  (r, v) => `for the ${r.pick(['deploy', 'migration', 'load test', 'demo', 'integration'])} tomorrow: ${v} (will rotate after)`,
];
export const SECRET_FORMAT_IDS = Object.keys(SECRET_FORMATS);
/** A message leaking a value of the given format (every format is used in turn, so all appear). */
export function secretMessage(r: Rng, formatId: string): string {
  const gen = SECRET_FORMATS[formatId];
  if (!gen) throw new Error(`no generator for ${formatId}`);
  return r.pick(SECRET_WRAPPERS)(r, gen(r));
}

const passwordTemplates: T[] = [
  (r) => `my password is ${sec('password-in-prose', password(r))}`,
  (r) => `the password for the ${r.pick(['VPN', 'shared mailbox', 'admin console', 'wifi', 'test account', 'jump box'])} is ${sec('password-in-prose', password(r))}`,
  (r) => `Wi-Fi password: ${sec('password-in-prose', password(r))}`,
  (r) => `the password is: ${sec('password-in-prose', password(r))}`,
  (r) => `DB_PASSWORD=${sec('password-assignment', password(r))}`,
  (r) => `pwd: ${sec('password-assignment', password(r))}`,
  (r) => `login admin / ${sec('credential-pair', password(r))}`,
  (r) => `creds for the demo box: demo_user / ${sec('credential-pair', password(r))}`,
  (r) => `${name(r)}, I've reset it - password is now ${sec('password-in-prose', password(r))}`,
  (r) => `password has been changed to ${sec('password-in-prose', password(r))} for the shared account`,
  (r) => `spring.datasource.password=${sec('password-assignment', password(r))}`,
  (r) => `just use ${sec('password-use-to-login', password(r))} to log in, I'll change it later`,
  (r) => `"${sec('password-quoted-prose', password(r))}" is the new password for the kiosk`,
  (r) => `the door code for the server room is ${sec('pin-disclosure', String(r.int(1000, 9999)).replace(/^1234$/, '4821'))}`,
  (r) => `PIN for the company card: ${sec('pin-disclosure', String(r.int(2000, 9999)))}`,
  (r) => `mysql -u root --password=${sec('password-assignment', password(r))} -h db01`,
  (r) => `temp password for ${name(r)}'s new laptop is ${sec('password-in-prose', password(r))}, they'll be asked to change it`,
  (r) => `kafka sasl creds → user \`svc-${r.pick(['ledger', 'orders', 'billing'])}\` pwd \`${sec('user-then-password', strongPassword(r))}\``,
  (r) => `the sftp creds are user ${r.pick(['acme-xfer', 'hmrc-drop', 'bank-feed'])} pass ${sec('user-then-password', strongPassword(r))}, rotate after the pilot`,
  (r) => `curl -u svc-export:${sec('command-line-password', strongPassword(r))} https://reports.acme-corp.co.uk/api/export.csv`,
  (r) => `mysql -u admin -p${sec('command-line-password', strongPassword(r))} -h 10.20.4.11 payments`,
  (r) => `Wi-Fi in the ${r.pick(['Churchill', 'Turing', 'Lovelace'])} room: ${r.pick(['ACME-GUEST', 'Boardroom5G'])}, key ${sec('wifi-password', strongPassword(r))}`,
  (r) => `<add key="ClearTextPassword" value="${sec('xml-config-password', strongPassword(r))}" />  (from the old nuget.config)`,
  (r) => `> what's the password for the ${r.pick(['shared finance laptop', 'kiosk', 'projector PC'])}?\n${sec('password-reply', strongPassword(r))} - but don't tell IT`,
  (r) => `the key safe by the ${r.pick(['back door', 'bike shed', 'loading bay'])}: code is ${sec('pin-disclosure', String(r.int(2000, 9999)))} now`,
  (r) => `the admin password on the old ${r.pick(['Sophos box', 'NAS', 'print server'])} was changed to ${sec('password-in-prose', strongPassword(r))} after the incident`,
  (r) => `Das Passwort für den ${r.pick(['Testserver', 'Drucker', 'Besprechungsraum'])} ist ${sec('password-in-prose', strongPassword(r))}`,
  (r) => `> what's the password for the ${r.pick(['finance share', 'scanner', 'kiosk'])}?\nit's ${sec('password-reply', strongPassword(r))} but it changes on the 1st`,
  (r) => `SNMP community string on the ${r.pick(['core switches', 'branch routers'])} is still ${sec('snmp-community-string', strongPassword(r))}, we need to change that`,
];
export const passwordMessage: T = (r) => r.pick(passwordTemplates)(r);

// ---------------------------------------------------------------- personal
const personalTemplates: T[] = [
  (r) => `${name(r)}'s NI number is ${per('uk-nino', P.nino(r))}, can payroll update it?`,
  (r) => `NINO for the new starter: ${per('uk-nino', P.nino(r))}`,
  (r) => `national insurance no. ${per('uk-nino', P.nino(r))} - please add to the HR record`,
  (r) => `patient's NHS number is ${per('nhs-number', P.nhs(r))}, referral went to the wrong clinic`,
  (r) => `NHS no: ${per('nhs-number', P.nhs(r))} (${name(r)} ${r.pick(P.LAST)}) - GP letter attached`,
  (r) => `passport number ${per('uk-passport-number', P.passport(r))} for the visa application`,
  (r) => `${name(r)}'s passport no is ${per('uk-passport-number', P.passport(r))}, expires next year`,
  (r) => `driving licence ${per('uk-driving-licence', P.drivingLicence(r))} for the hire car form`,
  (r) => `DVLA licence number: ${per('uk-driving-licence', P.drivingLicence(r))}`,
  (r) => `bank details for the refund: ${per('uk-bank-account', `${P.sortCode(r)} ${P.account(r)}`)}`,
  (r) => `sort code ${per('uk-bank-account', `${P.sortCode(r)}, account ${P.account(r)}`)} - please pay the invoice today`,
  (r) => `sort code: ${per('uk-bank-account-labelled', `${P.sortCode(r).replace(/-/g, '')} acc: ${P.account(r)}`)} for the expenses refund`,
  (r) => `my mobile is ${per('uk-phone-number', P.ukMobile(r))} if the train is late`,
  (r) => `${name(r)}'s personal number: ${per('uk-phone-number', P.ukMobile(r))}`,
  (r) => `you can reach her at home on ${per('uk-phone-number', P.ukLandline(r))}`,
  (r) => `WhatsApp me on ${per('phone-number-international', P.intlPhone(r))} while I'm abroad`,
  (r) => `her home address is ${per('uk-postcode-address', P.address(r))}`,
  (r) => `please send the laptop to my address: ${per('uk-postcode-address', P.address(r))}`,
  (r) => `customer's card is ${per('payment-card-number', P.card(r))} exp ${String(r.int(1, 12)).padStart(2, '0')}/${r.int(26, 30)}, can you take the payment?`,
  (r) => `use my card ${per('payment-card-number', P.card(r))} for the conference booking`,
  (r) => `IBAN: ${per('iban', P.iban(r))}`,
  (r) => `pay the supplier into ${per('iban', P.iban(r))} please`,
  (r) => `his SSN is ${per('us-ssn', P.ssn(r))} for the W-2`,
  (r) => `US payroll needs the social security number: ${per('us-ssn', P.ssn(r))}`,
  (r) => `DOB: ${per('date-of-birth', P.dob(r))}`,
  (r) => `she was born on ${per('date-of-birth', P.dob(r))}, so the pension form needs updating`,
  (r) => `date of birth ${per('date-of-birth', P.dob(r))} - can you check the insurance quote`,
  (r) => `US benefits enrolment form: DOB ${per('date-of-birth', P.usDob(r))}, plan B`,
  (r) => `${name(r)}'s UTR is ${per('uk-utr', P.utr(r))}, the accountant needs it for the self assessment`,
  (r) => `${name(r)}'s cell is ${per('phone-number-international', P.nanpPhone(r))}, she's in the Austin office`,
  (r) => `OH export row: {"nhs_number": "${per('nhs-number', P.nhs(r))}", "status": "open"}`,
  (r) => per('health-information', `${name(r)} is having ${r.pick(['a knee operation', 'keyhole surgery', 'a hernia repair'])} next month, cover her on-call`),
  (r) => `email the customer at ${per('email-address', P.email(r))}`,
  (r) => `${name(r)}'s personal email is ${per('email-address', P.email(r))}`,
  (r) => `cc ${per('email-address', P.email(r))} on the invite`,
  (r) => per('health-information', `${name(r)} has been diagnosed with ${r.pick(['breast cancer', 'depression', 'epilepsy', 'diabetes', 'MS', 'long covid'])}, please keep it quiet`),
  (r) => per('health-information', `heads up, ${name(r)} told me she's pregnant, not announcing yet`),
  (r) => per('health-information', `he's back on antidepressants after the ${r.pick(['divorce', 'surgery', 'panic attacks'])}`),
  (r) => per('health-information', `${name(r)}'s wife had a miscarriage last week, go easy on him`),
  (r) => per('health-information', `occupational health says ${name(r)} needs adjustments for her ADHD`),
  (r) => per('sickness-absence', `${name(r)} is off sick today with a migraine`),
  (_r) => per('sickness-absence', `she's signed off with stress for another two weeks`),
  (r) => per('sickness-absence', `${name(r)} has been off sick since Monday, sick note is in the HR folder`),
  (_r) => per('sickness-absence', `his Bradford factor is over 200 now, we need a return to work interview`),
  (r) => per('disciplinary-matter', `${name(r)} got a final written warning for the expenses thing`),
  (r) => per('disciplinary-matter', `we're putting ${name(r)} on a performance improvement plan next week`),
  (r) => per('disciplinary-matter', `${name(r)} has been suspended pending the gross misconduct investigation`),
  (r) => per('disciplinary-matter', `disciplinary hearing for ${name(r)} is on Thursday, HR will send the letter`),
  (r) => per('grievance-matter', `${name(r)} raised a formal grievance against her line manager`),
  (_r) => per('grievance-matter', `he says he was bullied by the team lead for months`),
  (r) => per('grievance-matter', `${name(r)} is alleging sexual harassment by a client, Legal are aware`),
  (r) => `${r.pick(['DNI', 'NIF'])} del cliente: ${per('es-dni-nie', P.esDni(r))}`,
  (r) => `PPS number for the Dublin payroll: ${per('ie-ppsn', P.iePpsn(r))}`,
  (r) => `Steuer-ID von ${name(r)} für die Gehaltsabrechnung: ${per('de-tax-id', P.deIdnr(r))}`,
  (r) => `{"name": "${name(r)} ${r.pick(P.LAST)}", "dob": "${per('date-of-birth', `${r.int(1950, 2005)}-0${r.int(1, 9)}-1${r.int(0, 9)}`)}"}`,
  (r) => per('disciplinary-matter', `${name(r)} failed his probation review, we're extending it`),
  (r) => per('health-information', `${name(r)} was admitted to hospital overnight`) + `, cover ${r.pick(['the rota', 'her calls', 'his on-call'])} please`,
];
export const personalMessage: T = (r) => r.pick(personalTemplates)(r);

// ---------------------------------------------------------------- legal
const courts = ['UKSC', 'EWCA Civ', 'EWCA Crim', 'EWHC', 'EWFC', 'EAT', 'UKUT', 'UKFTT'];
function citation(r: Rng): string {
  const c = r.pick(courts);
  const y = r.int(2001, 2025);
  const n = r.int(1, 3200);
  if (c === 'EWHC') return `[${y}] EWHC ${n} (${r.pick(['KB', 'QB', 'Ch', 'Comm', 'Admin', 'TCC', 'Fam', 'IPEC'])})`;
  if (c === 'UKUT') return `[${y}] UKUT ${n} (${r.pick(['IAC', 'AAC', 'LC', 'TCC'])})`;
  if (c === 'UKFTT') return `[${y}] UKFTT ${n} (${r.pick(['TC', 'GRC'])})`;
  return `[${y}] ${c} ${n}`;
}
const COMPANIES = ['Bellwood Logistics Ltd', 'Northgate Foods plc', 'Acme Retail Ltd', 'Harbour Homes Ltd', 'Crestline Insurance', 'Marlow Engineering', 'Kestrel Media Ltd', 'Thames Valley Council'];
function party(r: Rng): string {
  return r.chance(0.5) ? r.pick(P.LAST) : r.pick(COMPANIES);
}
const legalTemplates: T[] = [
  (r) => `see ${leg('uk-neutral-citation', citation(r))} on the limitation point`,
  (r) => `counsel relies on ${leg('uk-neutral-citation', citation(r))} for the costs argument`,
  (r) => `Crown Court case ${leg('crown-court-case-number', `T${r.int(2019, 2025)}${r.digits(4)}`)} is listed for trial in May`,
  (r) => `the defendant in ${leg('crown-court-case-number', `T${r.int(2019, 2025)}${r.digits(4)}`)} has changed plea`,
  (r) => `divorce case reference ${leg('ccd-case-reference', P.luhnComplete('1' + r.int(600, 799) + r.digits(11)).match(/.{4}/g)!.join('-'))} - hearing next week`,
  (r) => `county court claim number ${leg('county-court-claim-number', `${r.pick(['K', 'F', 'H', 'J'])}${r.int(0, 9)}QZ${r.digits(4)}`)} - defence due Friday`,
  (r) => `ET case ${leg('employment-tribunal-case-number', `${r.pick(['22', '25', '26', '32', '60', '33'])}${r.digits(5)}/${r.int(2020, 2025)}`)} - the claimant's witness statement is due`,
  (r) => `tribunal hearing for claim ${leg('employment-tribunal-case-number', `${r.pick(['22', '25', '26', '32', '60', '41'])}${r.digits(5)}/${r.int(2020, 2025)}`)} moved to June`,
  (r) => `family court case ${leg('family-court-case-number', `${r.pick(['ZW', 'LV', 'MA', 'BM', 'LS'])}${r.int(20, 25)}${r.pick(['C', 'P'])}${r.digits(5)}`)} - Cafcass report due`,
  (r) => `Court of Appeal ref ${leg('uk-court-reference', `${r.pick(['A1', 'A2', 'B2', 'C1'])}/${r.int(2018, 2025)}/${r.digits(4)}`)} listed for March`,
  (r) => `our claim ${leg('uk-court-reference', `${r.pick(['BL', 'HT', 'CL', 'IL'])}-${r.int(2019, 2025)}-${r.digits(6)}`)} in the Business and Property Courts`,
  (r) => `asylum appeal ${leg('uk-court-reference', `${r.pick(['PA', 'HU'])}/${r.digits(5)}/${r.int(2018, 2025)}`)} adjourned`,
  (r) => `filed in ${leg('us-federal-docket-number', `${r.int(1, 4)}:${r.int(19, 25)}-cv-${r.digits(5)}`)} (SDNY) yesterday`,
  (r) => `${leg('without-prejudice', r.pick(['WITHOUT PREJUDICE', 'Without Prejudice', 'without prejudice', 'WITHOUT PREJUDICE SAVE AS TO COSTS']))} - our offer is £${r.int(10, 90)}k to settle`,
  (r) => `this is ${leg('without-prejudice', 'without prejudice')}, but we could settle at ${r.int(10, 90)}k`,
  (r) => `${leg('legal-privilege-marker', r.pick(['PRIVILEGED & CONFIDENTIAL', 'Privileged and Confidential', 'LEGALLY PRIVILEGED']))} - advice from counsel on the ${r.pick(['claim', 'dispute', 'investigation'])}`,
  (_r) => `this note is ${leg('legal-privilege-marker', 'legally privileged')}, please don't forward it`,
  (_r) => `${leg('legal-privilege-marker', 'Attorney-Client Privileged')}: draft response to the subpoena`,
  (_r) => `note that ${leg('reporting-restriction', 'reporting restrictions apply')} to this case`,
  (r) => `In ${leg('case-discussion', `${party(r)} v ${party(r)}`)} the claimant wants disclosure by Friday`,
  (r) => `counsel thinks we should settle ${leg('case-discussion', `${party(r)} v ${party(r)}`)} before trial`,
  (r) => `witness statements in ${leg('case-discussion', `${party(r)} v ${party(r)}`)} are due to the court on the 14th`,
  (r) => `the respondent in ${leg('case-discussion', `${party(r)} v ${party(r)}`)} has offered mediation`,
  (r) => `${leg('case-discussion', `R v ${r.pick(P.LAST)}`)} - the defendant's trial is listed for ${r.pick(['Monday', 'next week', 'the 14th'])}`,
  (r) => `the EAT followed ${leg('law-report-citation', `[${r.int(1995, 2025)}] ${r.pick(['ICR', 'IRLR'])} ${r.int(1, 1600)}`)} on the point`,
  (r) => `URN ${leg('police-urn', P.policeUrn(r))} for the ${r.pick(['burglary', 'assault', 'fraud'])}, CPS have the file`,
  (r) => `${leg('case-discussion', `R (${r.pick(P.LAST)}) v Secretary of State for the Home Department`)} - the hearing is listed for 2 days`,
  (r) => `Acas early conciliation certificate ${leg('employment-tribunal-case-number', `R${r.digits(6)}/${r.int(20, 25)}/${r.digits(2)}`)} is in the claim form`,
];
export const legalMessage: T = (r) => r.pick(legalTemplates)(r);

// ---------------------------------------------------------------- classification
function obfuscate(r: Rng, s: string): string {
  switch (r.int(0, 2)) {
    case 0: // fullwidth
      return [...s].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
    case 1: { // Cyrillic look-alikes
      const map: Record<string, string> = { A: 'А', E: 'Е', O: 'О', C: 'С', T: 'Т', P: 'Р', S: 'Ѕ', I: 'І', K: 'К', M: 'М', H: 'Н', X: 'Х' };
      return [...s].map((c) => (r.chance(0.6) && map[c] ? map[c] : c)).join('');
    }
    default: { // zero-width characters inside
      const chars = [...s];
      const at = r.int(1, chars.length - 1);
      chars.splice(at, 0, r.pick(['\u200b', '\u200c', '\u200d', '\u2060']));
      return chars.join('');
    }
  }
}
const MARKINGS: Array<[string, string]> = [
  ['uk-top-secret', 'TOP SECRET'], ['uk-secret', 'SECRET'], ['uk-official-sensitive', 'OFFICIAL-SENSITIVE'], ['uk-official', 'OFFICIAL'],
  ['uk-official-sensitive', 'OFFICIAL-SENSITIVE COMMERCIAL'], ['uk-official-sensitive', 'OFFICIAL-SENSITIVE PERSONAL'], ['uk-secret', 'UK SECRET'],
  ['uk-restricted-legacy', 'RESTRICTED'], ['corporate-confidential-banner', 'CONFIDENTIAL'],
];
const BODIES = ['Minutes of the programme board', 'Threat assessment for the summit', 'Draft budget lines for Q3', 'Supplier shortlist and scores', 'Staff list for the site visit', 'Briefing notes for the minister', 'Incident summary - do not forward'];
const classificationTemplates: T[] = [
  (r) => { const [id, m] = r.pick(MARKINGS); return `${cls(id, m)}\n${r.pick(BODIES)}`; },
  (r) => { const [id, m] = r.pick(MARKINGS); return `[${cls(id, m)}] ${r.pick(BODIES).toLowerCase()}`; },
  (r) => { const [id, m] = r.pick(MARKINGS); return `${r.pick(BODIES)}\n\n${cls(id, m)}`; },
  (r) => { const [id, m] = r.pick(MARKINGS); return `${cls(id, m)} - ${r.pick(BODIES).toLowerCase()}`; },
  (r) => { const [id, m] = r.pick(MARKINGS); return `${cls(id, obfuscate(r, m))}\n${r.pick(BODIES)}`; },
  (_r) => `the annex is marked ${cls('uk-secret-stated', 'SECRET')} so please take it off this channel`,
  (r) => `the old ${r.pick(['MOD schedule', 'contract scan', 'Home Office letter'])} says ${cls('uk-restricted-described', 'RESTRICTED')} at the top`,
  (r) => `the ${r.pick(['contract pack', 'supplier deck', 'board paper'])} is all ${cls('uk-official-described', 'OFFICIAL')}, nothing higher in it`,
  (r) => `the 2010 file in the archive is ${cls('uk-legacy-descriptor', r.pick(['RESTRICTED - STAFF', 'PROTECT - PERSONAL', 'RESTRICTED - COMMERCIAL']))}, shred or keep?`,
  (r) => `someone forwarded a ${cls('uk-secret-document', 'SECRET')} ${r.pick(['annex', 'attachment', 'briefing'])} to the support inbox`,
  (r) => `the agency's ${r.pick(['SOW', 'RFP', 'drawing pack'])} is ${cls('us-cui-described', 'CUI')} — keep it in the GovCloud tenant`,
  (_r) => `this doc is ${cls('uk-official-sensitive-stated', 'official sensitive')} so keep it in the team`,
  (_r) => `the header reads ${cls('uk-secret-stated', 'SECRET')}, who posted this?`,
  (r) => `${cls('uk-eyes-only-caveat', r.pick(['UK EYES ONLY', 'UK/US EYES ONLY', 'FIVE EYES ONLY']))} - ${r.pick(BODIES).toLowerCase()}`,
  (r) => `${cls('us-top-secret-banner', r.pick(['TOP SECRET//SCI//NOFORN', 'TOP SECRET//SI/TK//REL TO USA, FVEY', 'TOP SECRET//NOFORN']))}\n${r.pick(BODIES)}`,
  (r) => `${cls('us-secret-banner', r.pick(['SECRET//NOFORN', 'SECRET//REL TO USA, GBR', 'SECRET//ORCON']))} summary below`,
  (r) => `${cls('us-portion-secret', r.pick(['(S//NF)', '(S//REL TO USA, GBR)', '(C//REL TO USA, GBR)']))} The unit moves on Tuesday.`,
  (r) => `${cls('us-cui', r.pick(['CUI//SP-PRVCY', 'CUI//SP-CTI', 'CUI//NOFORN']))} roster attached`,
  (_r) => `${cls('nato-restricted', 'NATO RESTRICTED')} exercise schedule attached`,
  (r) => `the plan is ${cls('nato-secret', r.pick(['NATO SECRET', 'NATO CONFIDENTIAL']))}, not for this channel`,
  (_r) => `${cls('nato-cosmic-top-secret', 'COSMIC TOP SECRET')} annex received`,
  (r) => `${cls('tlp-amber', r.pick(['TLP:AMBER', 'TLP:AMBER+STRICT']))} - IOCs from the partner CERT below`,
  (_r) => `${cls('tlp-red', 'TLP:RED')} indicators, do not share outside this group`,
  (_r) => `${cls('tlp-green', 'TLP:GREEN')} advisory from the NCSC feed`,
  (r) => `${cls('corporate-confidential', r.pick(['COMPANY CONFIDENTIAL', 'Private & Confidential', 'COMMERCIAL IN CONFIDENCE']))}: Q3 forecast numbers`,
  (r) => `${cls('corporate-strictly-confidential', r.pick(['STRICTLY CONFIDENTIAL', 'HIGHLY CONFIDENTIAL']))} - board pack for Thursday`,
  (r) => `${cls('corporate-internal', r.pick(['INTERNAL ONLY', 'FOR INTERNAL USE ONLY', 'INTERNAL USE ONLY']))} - roadmap draft`,
  (_r) => `${cls('corporate-do-not-distribute', 'DO NOT DISTRIBUTE')} - draft results`,
  (r) => `${cls('uk-secret-document', 'SECRET')} ${r.pick(['briefing', 'slides', 'assessment'])} from the agency, do not discuss outside this group`,
  (r) => `the ${r.pick(['briefing slides', 'threat pack'])} are ${cls('uk-secret-is-dashed', 'SECRET')} – they can't go on Teams`,
  (_r) => `can you paste the summary? it's only ${cls('uk-official-only', 'OFFICIAL')} so Teams is fine`,
  (_r) => `${cls('us-cui-document', 'CUI')} banner on the subcontract SOW, check the scope`,
  (r) => `the ${r.pick(['Bundesbank', 'BSI', 'ministry'])} doc is ${cls('de-vs-nfd', 'VS-NUR FÜR DEN DIENSTGEBRAUCH')}, nicht ins Wiki stellen`,
];
export const classificationMessage: T = (r) => r.pick(classificationTemplates)(r);

// ---------------------------------------------------------------- hard negatives
const gitSha = (r: Rng) => r.str(HEX, 40);
export const hardNegatives: T[] = [
  () => 'I forgot my password again, can someone reset it?',
  () => 'password: ********',
  () => 'the password policy says 14 characters minimum now',
  () => 'my password expired this morning, IT is on it',
  () => 'password is incorrect - is caps lock on?',
  () => 'reset your password at https://id.acme-corp.co.uk/reset',
  () => 'the password is in the vault under "prod db"',
  () => 'set DB_PASSWORD=${DB_PASSWORD} in the compose file',
  () => 'api_key: <your-api-key-here>',
  () => 'token: your-token-here',
  () => 'SLACK_BOT_TOKEN=xoxb-your-token-here',
  () => 'set GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in your shell',
  () => 'the AWS docs use AKIAIOSFODNN7EXAMPLE as the sample access key',
  () => 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY is the doc example',
  () => 'Stripe test card 4111 1111 1111 1111 works in the sandbox',
  () => 'use 4242 4242 4242 4242 with any future expiry for test payments',
  () => "HMRC's example NI number is QQ 12 34 56 A",
  () => 'in any case, the test case covers that use case',
  () => 'is the search case-sensitive?',
  () => 'he was tried in the court of public opinion',
  () => "it's no secret that the build is slow",
  () => 'Secret Santa draw is on Friday 🎅',
  () => 'SECRET SANTA: budget is £10',
  () => 'the guidance says OFFICIAL covers most of what we do',
  () => 'the SECRET tier is out of scope for this platform',
  () => 'the Slack channel is RESTRICTED, only admins can post',
  () => 'DOB field takes 12/31/1999 in the US locale',
  () => 'the official docs are out of date',
  () => 'our plan is top secret, dont tell marketing',
  () => 'without prejudice to the generality of clause 4, the supplier shall...',
  () => 'we need privileged access to the prod cluster for the migration',
  () => 'clone it with git@github.com:acme/payments.git',
  () => 'icon@2x.png looks blurry on retina',
  () => 'bump @acme/ui@2.3.1 in package.json',
  (r) => `commit ${gitSha(r).slice(0, 7)} fixed it, full sha ${gitSha(r)}`,
  (r) => `request id ${r.str(HEX, 8)}-${r.str(HEX, 4)}-4${r.str(HEX, 3)}-b${r.str(HEX, 3)}-${r.str(HEX, 12)} in the logs`,
  (r) => `invoice ${r.int(100000, 999999)} is overdue, order ${r.int(10000000, 99999999)}`,
  (r) => `order ${P.cardInvalid(r)} was refunded`,
  (r) => `ticket ${P.nhsInvalid(r)} reopened`,
  (r) => `the build number is ${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 99)}.${r.int(1000, 9999)}`,
  (r) => `meeting moved to ${r.int(1, 28)}/${r.int(1, 12)}/2026 at ${r.int(9, 17)}:00`,
  () => 'call the test line on 07700 900123 (Ofcom drama range)',
  () => 'the office switchboard in the film is 020 7946 0321',
  () => 'sort code 20-00-00 is Barclays head office',
  () => 'the deployment had a stroke of luck today',
  () => 'the cron job was suspended overnight, I restarted it',
  () => 'read the disciplinary policy on the intranet before the training',
  () => 'sick leave policy is on the intranet',
  () => 'I diagnosed the memory leak, it was the cache',
  () => 'restricted access to the bucket now, only admins',
  () => 'confidential computing is on the Azure roadmap',
  () => 'the classified ads site is down',
  () => 'Python v Java for the new service? fight me',
  () => 'Spurs v Arsenal on Sunday, who is coming to the pub?',
  () => 'the TLP meeting is moved to Wednesday',
  () => 'paste the -----BEGIN PUBLIC KEY----- block into the config',
  () => 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGz5cQ0d7m3pXl1vN0xV4b8fJ2hY public key is fine to share',
  () => 'the JWT header always starts with eyJhbGciOi, that is just base64 of {"alg"',
  () => 'postgres://app:${DB_PASSWORD}@db:5432/app',
  () => 'mongodb://localhost:27017/test',
  () => 'https://user:pass@example.com is the URL syntax',
  () => 'Authorization: Bearer <token>',
  () => 'curl -H "Authorization: Bearer $TOKEN" https://api.acme.io/v1/me',
  () => 'SECRET_KEY = os.environ["SECRET_KEY"]',
  () => 'client_secret: ${{ secrets.CLIENT_SECRET }}',
  () => 'kind: Secret\nmetadata:\n  name: app-secrets',
  () => 'AWS Secrets Manager rotation is set to 30 days',
  () => 'the PIN is required for the printer',
  () => 'pin the message to the channel pls',
  () => 'the door code changed yesterday, ask reception',
  () => 'NHS number field is mandatory in the form now',
  () => 'passport photo requirements changed again',
  () => 'the new iPhone 16 Pro is 1199 quid',
  (r) => `pk_live_${r.str(ALNUM, 24)} is the publishable key, that one is fine in the frontend`,
  () => 'top secret recipe for the bake-off: more butter',
  () => 'marked as official holiday in the calendar',
  () => 'the judge in Bake Off was brutal',
  () => 'test case 42 fails on Windows only',
  () => 'the case for Rust: memory safety, no GC',
  () => 'court booked for 6pm badminton',
  () => "we're in a settlement phase with the landlord about the coffee machine lol",
  () => 'OFFICIAL RELEASE NOTES for v2.4 are on Confluence',
  () => 'the CONFIDENTIAL_MODE flag is off in prod',
  () => 'fyi - without prejudice to any other rights, finance will pay on the 30th',
  () => 'I feel privileged to work with you all',
  () => 'the work product of this sprint is the new checkout',
  () => 'use case: a user uploads a file and we scan it',
  () => 'is that the NATO phonetic alphabet? Alpha Bravo Charlie',
];

// ---------------------------------------------------------------- clean workplace chat
const CLEAN: T[] = [
  (r) => `standup in ${r.int(2, 15)} mins, ${name(r)} can you share your screen?`,
  () => 'who broke the build? 😅',
  () => 'lunch at the thai place?',
  (r) => `PR #${r.int(100, 9999)} is ready for review`,
  (r) => `merged ${r.pick(['the hotfix', 'the migration', 'your change', 'the dependency bump'])}, deploying to ${env(r)} now`,
  () => 'can we push the retro to Friday?',
  (r) => `thanks ${name(r)}!`,
  () => 'the coffee machine on floor 3 is broken again',
  (r) => `latency on ${env(r)} is back to normal (p99 ${r.int(80, 400)}ms)`,
  () => 'does anyone know who owns the billing service now?',
  (r) => `I'm OOO tomorrow, ${name(r)} is covering`,
  () => 'great demo today 👏',
  (r) => `v${r.int(1, 5)}.${r.int(0, 20)}.${r.int(0, 9)} is out, changelog on the wiki`,
  () => 'can someone approve my expenses? the link is in the HR portal',
  () => 'reminder: fire drill at 11',
  (r) => `the sprint ends on the ${r.int(1, 28)}th, please update your tickets`,
  () => 'rollback done, errors are gone',
  () => 'ok I will take the on-call swap',
  (r) => `the dashboard shows ${r.int(2, 98)}% CPU on node ${r.int(1, 12)}`,
  () => 'have you tried turning it off and on again?',
  () => 'new joiner starting Monday - please say hi',
  (r) => `JIRA-${r.int(100, 9999)} blocked by the API change`,
  () => 'what time is the all-hands?',
  () => 'I will write up the postmortem by EOD',
  (r) => `moving the meeting to room ${r.int(1, 5)}.${r.int(1, 20)}`,
  () => 'the figma file has the new icons',
  () => 'can we get a budget for the offsite?',
  () => 'brb, fire alarm',
  (r) => `load test: ${r.int(1000, 9000)} rps with ${r.int(0, 3)} errors`,
  () => 'the VPN is flaky from the London office today',
  () => 'please use the secrets manager for anything sensitive, not chat',
  () => 'the password manager rollout starts next week',
  () => 'security training is due by the end of the month',
  () => 'the legal team wants a review of the new terms before launch',
  () => 'HR says the new leave policy is live',
  (r) => `${name(r)} is presenting the roadmap at 3`,
  () => 'does anyone have a USB-C adapter?',
  () => 'the office is closed on bank holiday Monday',
  () => 'see the runbook for the restore steps',
  (r) => `error rate dropped from ${r.int(2, 9)}.${r.int(0, 9)}% to 0.${r.int(1, 9)}%`,
  () => 'my laptop is doing updates, give me 5',
  () => 'can we pair on the flaky test later?',
  () => 'the customer call went well, they want a proposal',
  () => 'the contract renewal is with procurement',
  (r) => `${name(r)}, what's the ETA on the data export?`,
  () => 'k8s upgrade scheduled for Saturday night',
  () => 'I added you to the on-call rota',
  () => 'nice one 🙌',
  () => 'the release train leaves at 4pm',
];
export const cleanMessage: T = (r) => r.pick(CLEAN)(r);
