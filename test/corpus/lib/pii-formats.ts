// Random personal identifiers that pass their real checksums (so they look exactly like real ones)
// but are generated, not taken from anyone.
import { ALPHA_UPPER, DIGITS, type Rng } from './rng.js';

const NINO_FIRST = 'ABCEGHJKLMNPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';
const NINO_BAD = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

export function nino(r: Rng): string {
  let p = '';
  do p = r.pick([...NINO_FIRST]) + r.pick([...NINO_SECOND]);
  while (NINO_BAD.has(p));
  const d = r.digits(6);
  const s = r.pick(['A', 'B', 'C', 'D']);
  switch (r.int(0, 3)) {
    case 0: return `${p} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${s}`;
    case 1: return `${p}${d}${s}`;
    case 2: return `${p} ${d} ${s}`;
    default: return `${p}${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)}${s}`;
  }
}

export function nhsDigits(r: Rng): string {
  for (;;) {
    const d = r.int(1, 9) + r.digits(8);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
    let c = 11 - (sum % 11);
    if (c === 11) c = 0;
    // 999… is the NHS test-patient range, which the rule treats as test data.
    if (c !== 10 && !d.startsWith('999')) return d + c;
  }
}
export function nhs(r: Rng): string {
  const d = nhsDigits(r);
  return r.chance(0.6) ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : r.chance(0.5) ? d : `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
}
/** A 10-digit number that FAILS the NHS check (hard negative). */
export function nhsInvalid(r: Rng): string {
  const d = nhsDigits(r);
  const last = (Number(d[9]) + r.int(1, 9)) % 10;
  return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 9)}${last}`;
}

export function luhnComplete(partial: string): string {
  let sum = 0;
  let dbl = true;
  for (let i = partial.length - 1; i >= 0; i--) {
    let n = Number(partial[i]);
    if (dbl) { n *= 2; if (n > 9) n -= 9; }
    sum += n;
    dbl = !dbl;
  }
  return partial + ((10 - (sum % 10)) % 10);
}

export function cardDigits(r: Rng): string {
  const kind = r.int(0, 9);
  if (kind <= 4) return luhnComplete('4' + r.digits(14));
  if (kind <= 7) return luhnComplete(String(r.int(51, 55)) + r.digits(13));
  if (kind === 8) return luhnComplete(r.pick(['34', '37']) + r.digits(12));
  return luhnComplete(String(r.int(2221, 2720)) + r.digits(11));
}
export function card(r: Rng): string {
  const d = cardDigits(r);
  if (d.length === 15) return r.chance(0.5) ? `${d.slice(0, 4)} ${d.slice(4, 10)} ${d.slice(10)}` : d;
  const sep = r.pick([' ', '-', '', ' ']);
  return sep ? d.match(/.{4}/g)!.join(sep) : d;
}
export function cardInvalid(r: Rng): string {
  const d = cardDigits(r);
  const bad = d.slice(0, -1) + ((Number(d.at(-1)) + r.int(1, 9)) % 10);
  return bad.match(/.{1,4}/g)!.join(' ');
}

function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    const v = c >= 65 ? String(c - 55) : ch;
    for (const digit of v) rem = (rem * 10 + Number(digit)) % 97;
  }
  return rem;
}
export function iban(r: Rng): string {
  const [cc, bban] = r.pick([
    ['GB', () => r.pick(['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL', 'NAIA']) + r.digits(14)],
    ['DE', () => r.digits(18)],
    ['FR', () => r.digits(23)],
    ['NL', () => r.pick(['ABNA', 'INGB', 'RABO']) + r.digits(10)],
    ['IE', () => r.pick(['AIBK', 'BOFI']) + r.digits(14)],
    ['ES', () => r.digits(20)],
  ] as Array<[string, () => string]>);
  const b = bban();
  const check = String(98 - mod97(b + cc + '00')).padStart(2, '0');
  const raw = cc + check + b;
  return r.chance(0.6) ? raw.match(/.{1,4}/g)!.join(' ') : raw;
}

export function ssn(r: Rng): string {
  let area = r.int(1, 899);
  if (area === 666) area = 667;
  const a = String(area).padStart(3, '0');
  const g = String(r.int(1, 99)).padStart(2, '0');
  const s = String(r.int(1, 9999)).padStart(4, '0');
  return `${a}-${g}-${s}`;
}

const SURNAMES = ['SMITH', 'JONES', 'TAYLOR', 'BROWN', 'WILLIAMS', 'WILSON', 'JOHNSON', 'DAVIES', 'PATEL', 'WRIGHT', 'KHAN', 'LEE', 'OKAFOR', 'NOWAK'];
/** US date of birth written month first with a day over 12, so only the US reading is a date. */
export function usDob(r: Rng): string {
  return `${String(r.int(1, 12)).padStart(2, '0')}/${r.int(13, 28)}/${r.int(1950, 2004)}`;
}

/** HMRC Unique Taxpayer Reference: the first digit is the check digit over the other nine. */
export function utr(r: Rng): string {
  const weights = [6, 7, 8, 9, 10, 5, 4, 3, 2];
  const rest = r.int(1, 9) + r.digits(8);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(rest[i]) * (weights[i] ?? 0);
  const full = '21987654321'[sum % 11] + rest;
  return r.chance(0.3) ? `${full.slice(0, 5)} ${full.slice(5)}` : full;
}

/** North American number: area and exchange codes start 2-9; 555 is avoided (fiction range). */
export function nanpPhone(r: Rng): string {
  const area = r.int(201, 989);
  const exchange = r.chance(0.5) ? r.int(200, 554) : r.int(556, 989);
  const line = r.digits(4);
  return r.chance(0.5) ? `${area}-${exchange}-${line}` : `${area}.${exchange}.${line}`;
}

export function drivingLicence(r: Rng): string {
  const s = (r.pick(SURNAMES) + '99999').slice(0, 5);
  const year = r.int(1950, 2004);
  const month = r.int(1, 12) + (r.chance(0.5) ? 50 : 0);
  const day = r.int(1, 28);
  return `${s}${String(year)[2]}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(year)[3]}${r.str(ALPHA_UPPER, 2)}9${r.str(ALPHA_UPPER, 2)}`;
}

export function passport(r: Rng): string {
  return r.chance(0.6) ? r.int(1, 9) + r.digits(8) : r.str(ALPHA_UPPER, 2) + r.digits(7);
}

export function sortCode(r: Rng): string {
  return `${r.int(10, 99)}-${r.digits(2)}-${r.digits(2)}`;
}
export function account(r: Rng): string {
  return r.int(1, 9) + r.digits(7);
}

export function ukMobile(r: Rng): string {
  const rest = r.pick(['1', '2', '3', '4', '5', '8', '9']) + r.digits(2);
  const tail = r.digits(6);
  return r.pick([`07${rest} ${tail}`, `07${rest}${tail}`, `+44 7${rest} ${tail.slice(0, 3)} ${tail.slice(3)}`, `+447${rest}${tail}`]);
}
export function ukLandline(r: Rng): string {
  return r.pick([
    `020 ${r.pick(['3', '8'])}${r.digits(3)} ${r.digits(4)}`,
    `0${r.pick(['113', '161', '121', '131', '141', '117'])} ${r.int(2, 9)}${r.digits(2)} ${r.digits(4)}`,
    `01${r.digits(3)} ${r.int(2, 9)}${r.digits(5)}`,
  ]);
}
export function intlPhone(r: Rng): string {
  return r.pick([
    `+33 6 ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    `+49 151 ${r.digits(4)} ${r.digits(4)}`,
    `+1 (${r.int(201, 989)}) ${r.int(200, 989)}-${r.digits(4)}`,
    `+353 87 ${r.digits(3)} ${r.digits(4)}`,
    `+91 98${r.digits(3)} ${r.digits(5)}`,
  ]);
}

const OUTWARD = ['LS6', 'M14', 'SW1A', 'EC2A', 'B15', 'BS8', 'G12', 'EH3', 'CF10', 'NE1', 'L17', 'S10', 'NG7', 'OX4', 'CB1', 'BN2', 'SE15', 'N16', 'E8', 'W12', 'YO10', 'RG1', 'PO5', 'TN23', 'CV4'];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
export function postcode(r: Rng): string {
  return `${r.pick(OUTWARD)} ${r.int(1, 9)}${r.pick([...INWARD_LETTERS])}${r.pick([...INWARD_LETTERS])}`;
}
const STREETS = ['Acacia Avenue', 'Church Road', 'Victoria Street', 'Mill Lane', 'Park Drive', 'Station Road', 'Kingsley Close', 'Beech Grove', 'Hollybush Crescent', 'Albert Terrace', 'Queens Gardens', 'Orchard Way'];
const TOWNS = ['Leeds', 'Manchester', 'London', 'Birmingham', 'Bristol', 'Glasgow', 'Edinburgh', 'Cardiff', 'Newcastle', 'Liverpool', 'Sheffield', 'Nottingham', 'Oxford', 'Cambridge', 'Brighton'];
export function address(r: Rng): string {
  return `${r.int(1, 220)}${r.chance(0.1) ? 'a' : ''} ${r.pick(STREETS)}, ${r.pick(TOWNS)} ${postcode(r)}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export function dob(r: Rng): string {
  const y = r.int(1950, 2006);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  const ord = (n: number) => n + (n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th');
  switch (r.int(0, 3)) {
    case 0: return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
    case 1: return `${ord(d)} ${MONTHS[m - 1]} ${y}`;
    case 2: return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    default: return `${d} ${MONTHS[m - 1]!.slice(0, 3)} ${y}`;
  }
}

export const FIRST = ['Sarah', 'James', 'Priya', 'Tom', 'Aisha', 'Mark', 'Chloe', 'Daniel', 'Fatima', 'Oliver', 'Grace', 'Ravi', 'Emma', 'Kwame', 'Sophie', 'Liam', 'Hannah', 'Jamal', 'Zoe', 'Marek', 'Ngozi', 'Ben', 'Lucy', 'Omar'];
export const LAST = ['Jones', 'Patel', 'Okafor', 'Smith', 'Nowak', 'Brennan', 'Hughes', 'Khan', 'Walsh', 'Campbell', 'Reid', 'Chen', 'Murphy', 'Evans', 'Ahmed', 'Fletcher'];
export function email(r: Rng): string {
  const f = r.pick(FIRST).toLowerCase();
  const l = r.pick(LAST).toLowerCase();
  return r.pick([`${f}.${l}@gmail.com`, `${f}${l[0]}${r.int(1, 99)}@hotmail.co.uk`, `${f[0]}.${l}@outlook.com`, `${f}.${l}@acme-corp.co.uk`, `${f}_${l}@yahoo.com`, `${l}.${f}@nhs.net`]);
}

/** Spanish DNI: 8 digits + the mod-23 letter (stdnum es/dni). */
export function esDni(r: Rng): string {
  const n = r.digits(8);
  return `${n}${'TRWAGMYFPDXBNJZSQVHLCKE'[Number(n) % 23]}`;
}

/** Irish PPSN: 7 digits, weights 8..2, mod 23 check letter (stdnum ie/pps). */
export function iePpsn(r: Rng): string {
  const d = r.digits(7);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(d[i]) * (8 - i);
  return `${d}${'WABCDEFGHIJKLMNOPQRSTUV'[sum % 23]}`;
}

/** German Steuer-IdNr: 11 digits, first not 0, ISO 7064 MOD 11,10 check digit (stdnum de/idnr). */
export function deIdnr(r: Rng): string {
  const d = `${r.int(1, 9)}${r.digits(9)}`;
  let p = 10;
  for (const c of d) {
    let s = (Number(c) + p) % 10;
    if (s === 0) s = 10;
    p = (2 * s) % 11;
  }
  return `${d}${(11 - p) % 10}`;
}

/** Police / Common Platform URN: 2-digit force, 2-letter unit, 5-digit case, 2-digit year. */
export function policeUrn(r: Rng): string {
  return `${String(r.int(1, 99)).padStart(2, '0')}${r.pick(['AB', 'KD', 'WP', 'CX', 'NE'])}${r.digits(5)}${r.int(20, 26)}`;
}
export { DIGITS };
