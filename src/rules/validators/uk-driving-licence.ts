// DVLA driving licence number (16 characters): surname part, encoded date of birth, initials.
// The check characters' algorithm is not public, so only the structure is validated.
import { alnumUpper, fail, type Validator, type ValidatorResult } from './types.js';

export const ukDrivingLicence: Validator<{ name: 'uk-driving-licence' }> = (value): ValidatorResult => {
  const v = alnumUpper(value);
  if (v.length !== 16) return fail('DVLA numbers have 16 characters');
  const surname = v.slice(0, 5);
  if (!/^[A-Z]+9*$/.test(surname)) return fail('surname part must be letters padded with 9');
  const month = Number(v.slice(6, 8));
  const day = Number(v.slice(8, 10));
  if (!((month >= 1 && month <= 12) || (month >= 51 && month <= 62))) return fail('month of birth out of range');
  if (day < 1 || day > 31) return fail('day of birth out of range');
  if (!/^\d$/.test(v[5] ?? '') || !/^\d$/.test(v[10] ?? '')) return fail('year digits are not digits');
  return { ok: true, detail: 'structure valid' };
};
