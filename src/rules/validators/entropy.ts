// Shannon entropy in bits per character; random tokens score high, words and placeholders low.
import { fail, type Validator, type ValidatorResult } from './types.js';

export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let n = 0;
  for (const c of counts.values()) n += c;
  let h = 0;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

export const entropy: Validator<{ name: 'entropy'; min: number }> = (value, spec): ValidatorResult => {
  const h = shannonEntropy(value);
  const detail = `entropy ${h.toFixed(2)} bits/char (min ${spec.min})`;
  return h >= spec.min ? { ok: true, detail } : fail(detail);
};
