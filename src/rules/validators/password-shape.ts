// A password-like value mixes character classes and has a minimum length.
import { fail, type Validator, type ValidatorResult } from './types.js';

export function characterClasses(value: string): number {
  let lower = 0, upper = 0, digit = 0, symbol = 0;
  for (const ch of value) {
    if (ch >= 'a' && ch <= 'z') lower = 1;
    else if (ch >= 'A' && ch <= 'Z') upper = 1;
    else if (ch >= '0' && ch <= '9') digit = 1;
    else if (ch.trim() !== '') symbol = 1;
  }
  return lower + upper + digit + symbol;
}

export const passwordShape: Validator<{ name: 'password-shape'; classes: number; min_length: number }> = (value, spec): ValidatorResult => {
  const length = [...value].length;
  if (length < spec.min_length) return fail(`shorter than ${spec.min_length} characters`);
  const classes = characterClasses(value);
  const detail = `${classes} character classes (need ${spec.classes})`;
  return classes >= spec.classes ? { ok: true, detail } : fail(detail);
};
