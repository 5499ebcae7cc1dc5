// Seeded pseudo-random numbers (mulberry32) so that the corpus is reproducible and can grow.
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  str(alphabet: string, length: number): string;
  digits(length: number): string;
}

export const ALPHA_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const ALPHA_LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = ALPHA_UPPER + ALPHA_LOWER + DIGITS;
export const ALNUM_LOWER = ALPHA_LOWER + DIGITS;
export const ALNUM_UPPER = ALPHA_UPPER + DIGITS;
export const HEX = '0123456789abcdef';
export const BASE64 = ALNUM + '+/';
export const URLSAFE = ALNUM + '-_';
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(next() * items.length)] as T;
  };
  const str = (alphabet: string, length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  return { next, int, pick, chance: (p) => next() < p, str, digits: (n) => str(DIGITS, n) };
}
