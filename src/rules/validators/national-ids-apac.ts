// Check digits of Australian and Indian identifiers quoted in chat (sources: python-stdnum
// au/tfn.py and in_/aadhaar.py). A shape that fails its check is a typo or not an ID.
import { digitsOf, fail, type Validator, type ValidatorResult } from './types.js';

const TFN_WEIGHTS = [1, 4, 3, 7, 5, 8, 6, 9, 10];

/** Australian Tax File Number: 8 or 9 digits whose weighted sum is divisible by 11. */
export const auTfn: Validator<{ name: 'au-tfn' }> = (value): ValidatorResult => {
  const d = digitsOf(value);
  if (d.length !== 8 && d.length !== 9) return fail('not a TFN (8 or 9 digits)');
  const weights = d.length === 9 ? TFN_WEIGHTS : TFN_WEIGHTS.filter((_, i) => i !== 7);
  let sum = 0;
  for (let i = 0; i < d.length; i++) sum += (d.charCodeAt(i) - 48) * (weights[i] ?? 0);
  return sum % 11 === 0 ? { ok: true, detail: 'weighted mod 11 holds' } : fail('weighted mod 11 does not hold');
};

// Verhoeff's dihedral-group tables (multiplication and position permutation).
const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

export function verhoeffValid(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    c = VERHOEFF_D[c]?.[VERHOEFF_P[i % 8]?.[digit] ?? 0] ?? 0;
  }
  return c === 0;
}

/** Indian Aadhaar: 12 digits, first not 0 or 1, not a palindrome, Verhoeff check digit. */
export const inAadhaar: Validator<{ name: 'in-aadhaar' }> = (value): ValidatorResult => {
  const d = digitsOf(value);
  if (!/^[2-9]\d{11}$/.test(d)) return fail('not an Aadhaar number (12 digits, first 2-9)');
  if (d === [...d].reverse().join('')) return fail('palindromes are not issued');
  return verhoeffValid(d) ? { ok: true, detail: 'Verhoeff check digit holds' } : fail('Verhoeff check digit does not hold');
};
