// US Social Security Number: no check digit, but some ranges are never issued.
import { digitsOf, fail, type Validator, type ValidatorResult } from './types.js';

const PUBLICLY_MISUSED = new Set(['078051120', '219099999', '457555462', '123456789']);

export const usSsn: Validator<{ name: 'us-ssn' }> = (value): ValidatorResult => {
  const seps = value.replace(/\d/g, '');
  if (seps.length > 0 && new Set(seps).size > 1) return fail('mixed separators');
  const d = digitsOf(value);
  if (d.length !== 9) return fail('SSNs have 9 digits');
  const area = Number(d.slice(0, 3));
  if (area === 0 || area === 666 || area >= 900) return fail('area number is never issued');
  if (d.slice(3, 5) === '00') return fail('group 00 is never issued');
  if (d.slice(5) === '0000') return fail('serial 0000 is never issued');
  if (/^(\d)\1{8}$/.test(d)) return fail('all digits the same');
  if (PUBLICLY_MISUSED.has(d)) return fail('a publicly known example number');
  return { ok: true, detail: 'ranges valid' };
};
