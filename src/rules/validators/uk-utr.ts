// UK Unique Taxpayer Reference: 10 digits, the FIRST is a check digit over digits 2-10.
import { digitsOf, fail, type Validator, type ValidatorResult } from './types.js';

const WEIGHTS = [6, 7, 8, 9, 10, 5, 4, 3, 2];
const CHECK = '21987654321';

export const ukUtr: Validator<{ name: 'uk-utr' }> = (value): ValidatorResult => {
  const d = digitsOf(value);
  if (d.length !== 10) return fail('UTRs have 10 digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i + 1) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] === d[0] ? { ok: true, detail: 'check digit holds' } : fail('check digit does not hold');
};
