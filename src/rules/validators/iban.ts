// IBAN (ISO 13616): per-country length, then mod 97 = 1 over the rearranged number.
import { alnumUpper, fail, type Validator, type ValidatorResult } from './types.js';

const LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27,
  GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27,
  MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25,
  QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

export function ibanMod97(iban: string): number {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const c = ch.charCodeAt(0);
    const v = c >= 65 ? String(c - 55) : ch;
    for (const digit of v) rem = (rem * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rem;
}

export const iban: Validator<{ name: 'iban' }> = (value): ValidatorResult => {
  const v = alnumUpper(value);
  const country = v.slice(0, 2);
  const expected = LENGTHS[country];
  if (expected === undefined) return fail('unknown IBAN country code');
  if (v.length !== expected) return fail(`${country} IBANs have ${expected} characters, not ${v.length}`);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(v)) return fail('not an IBAN shape');
  return ibanMod97(v) === 1 ? { ok: true, detail: `mod 97 holds (${country})` } : fail('mod 97 check does not hold');
};
