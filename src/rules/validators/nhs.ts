// NHS number: 10 digits, the last a modulus-11 check digit (a computed 10 means never issued).
import { digitsOf, fail, type Validator, type ValidatorResult } from './types.js';

export const nhs: Validator<{ name: 'nhs' }> = (value): ValidatorResult => {
  const d = digitsOf(value);
  if (d.length !== 10) return fail('NHS numbers have 10 digits');
  if (/^(\d)\1{9}$/.test(d)) return fail('all digits the same');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i) - 48) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return fail('check digit would be 10: never issued');
  return check === d.charCodeAt(9) - 48 ? { ok: true, detail: 'modulus 11 holds' } : fail('modulus 11 check digit does not hold');
};
