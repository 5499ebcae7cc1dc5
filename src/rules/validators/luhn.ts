// Luhn (mod 10) check over the digits of the value, separators ignored.
import { digitsOf, fail, pass, type Validator, type ValidatorResult } from './types.js';

export function luhnValid(digits: string): boolean {
  if (digits.length < 2) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export const luhn: Validator<{ name: 'luhn' }> = (value): ValidatorResult => {
  const digits = digitsOf(value);
  return luhnValid(digits) ? pass : fail('Luhn checksum does not hold');
};
