// Check characters of European national identifiers quoted in chat (sources: python-stdnum
// es/dni.py, es/nie.py, ie/pps.py, de/idnr.py). A shape that fails its check is a typo or not an ID.
import { alnumUpper, fail, type Validator, type ValidatorResult } from './types.js';

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): letter = number mod 23. */
export const esDni: Validator<{ name: 'es-dni' }> = (value): ValidatorResult => {
  const v = alnumUpper(value);
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(v);
  if (!m || (m[1] ? m[2]?.length !== 7 : m[2]?.length !== 8)) return fail('not a DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter)');
  const number = Number(`${m[1] ? 'XYZ'.indexOf(m[1]) : ''}${m[2]}`);
  return DNI_LETTERS[number % 23] === m[3] ? { ok: true, detail: 'mod 23 check letter holds' } : fail('mod 23 check letter does not hold');
};

/** Irish PPSN: 7 digits, a check letter, optionally a second letter: since 2013 A/B/H… count
 * in the weighted mod 23 sum (×9); the older W, T and X suffixes do not. */
export const iePpsn: Validator<{ name: 'ie-ppsn' }> = (value): ValidatorResult => {
  const m = /^(\d{7})([A-W])([A-ITWX]?)$/.exec(alnumUpper(value));
  if (!m) return fail('not a PPSN (7 digits, a check letter, optionally a second letter)');
  const digits = m[1] ?? '';
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (digits.charCodeAt(i) - 48) * (8 - i);
  const second = m[3] ?? '';
  if (second !== '' && !'TWX'.includes(second)) sum += (second.charCodeAt(0) - 64) * 9;
  const check = 'WABCDEFGHIJKLMNOPQRSTUV'[sum % 23];
  return check === m[2] ? { ok: true, detail: 'weighted mod 23 check letter holds' } : fail('weighted mod 23 check letter does not hold');
};

/** German tax ID (Steuer-IdNr): 11 digits, no leading 0, ISO 7064 MOD 11,10 check digit. */
export const deIdnr: Validator<{ name: 'de-idnr' }> = (value): ValidatorResult => {
  const d = alnumUpper(value);
  if (!/^[1-9]\d{10}$/.test(d)) return fail('not an IdNr (11 digits, no leading 0)');
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (d.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = (11 - product) % 10;
  return check === d.charCodeAt(10) - 48 ? { ok: true, detail: 'ISO 7064 MOD 11,10 holds' } : fail('ISO 7064 MOD 11,10 check digit does not hold');
};

/** French NIR (numéro de sécurité sociale): 13 characters (Corsica: 2A/2B in the department,
 * counted as 19/18) and a 2-digit key = 97 − (number mod 97) (python-stdnum fr/nir.py). */
export const frNir: Validator<{ name: 'fr-nir' }> = (value): ValidatorResult => {
  const m = /^([12378]\d{4}(?:\d\d|2A|2B)\d{6})(\d\d)$/.exec(alnumUpper(value));
  if (!m) return fail('not a NIR (13 characters and a 2-digit key)');
  const body = (m[1] ?? '').replace('2A', '19').replace('2B', '18');
  const key = 97 - Number(BigInt(body) % 97n);
  return key === Number(m[2]) ? { ok: true, detail: 'mod 97 key holds' } : fail('mod 97 key does not hold');
};

/** Dutch BSN: 9 digits passing the "elfproef": 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11). */
export const nlBsn: Validator<{ name: 'nl-bsn' }> = (value): ValidatorResult => {
  const d = alnumUpper(value);
  if (!/^\d{8,9}$/.test(d)) return fail('not a BSN (9 digits)');
  const digits = d.padStart(9, '0');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits.charCodeAt(i) - 48) * (9 - i);
  sum -= digits.charCodeAt(8) - 48;
  if (Number(digits) === 0) return fail('all zeros');
  return sum % 11 === 0 ? { ok: true, detail: '11-proef holds' } : fail('11-proef does not hold');
};
