// A date that really exists (UK day-first order for numeric dates, US month-first when only that
// fits), optionally no more than `max_age_years` before today and never in the future.
import { fail, type Validator, type ValidatorResult } from './types.js';

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

function monthOf(word: string): number | undefined {
  const w = word.toLowerCase();
  return MONTHS[w.slice(0, 4) === 'sept' ? 'sept' : w.slice(0, 3)];
}

function fullYear(y: number, digits: number, now: Date): number {
  if (digits === 4) return y;
  // Two-digit years: the most recent past year with those digits.
  const century = Math.floor(now.getUTCFullYear() / 100) * 100;
  return century + y > now.getUTCFullYear() ? century - 100 + y : century + y;
}

/** Parses the common written forms; returns UTC year, month (1-12), day or undefined. */
export function parseDate(value: string, now = new Date()): { y: number; m: number; d: number } | undefined {
  const v = value.trim().replace(/(\d)(st|nd|rd|th)\b/gi, '$1').replace(/(\d)\s+of\s+/i, '$1 ');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  // Compact ISO 8601 / HL7 (YYYYMMDD).
  m = /^((?:19|20)\d{2})(\d{2})(\d{2})$/.exec(v);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(v);
  if (m) {
    const first = Number(m[1]);
    const second = Number(m[2]);
    const y = fullYear(Number(m[3]), (m[3] ?? '').length, now);
    // Day first (UK); a second part over 12 can only be a day, so the date is US month-first (03/14/1986).
    return second > 12 && first <= 12 ? { y, m: first, d: second } : { y, m: second, d: first };
  }
  m = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{2}|\d{4})$/.exec(v);
  if (m) {
    const month = monthOf(m[2] ?? '');
    return month ? { y: fullYear(Number(m[3]), (m[3] ?? '').length, now), m: month, d: Number(m[1]) } : undefined;
  }
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(v);
  if (m) {
    const month = monthOf(m[1] ?? '');
    return month ? { y: Number(m[3]), m: month, d: Number(m[2]) } : undefined;
  }
  return undefined;
}

export const date: Validator<{ name: 'date'; max_age_years?: number }> = (value, spec): ValidatorResult => {
  const now = new Date();
  const p = parseDate(value, now);
  if (!p) return fail('not a recognised date form');
  const t = new Date(Date.UTC(p.y, p.m - 1, p.d));
  if (t.getUTCFullYear() !== p.y || t.getUTCMonth() !== p.m - 1 || t.getUTCDate() !== p.d) return fail('no such calendar date');
  if (t.getTime() > now.getTime()) return fail('in the future');
  if (spec.max_age_years !== undefined) {
    const oldest = Date.UTC(now.getUTCFullYear() - spec.max_age_years, now.getUTCMonth(), now.getUTCDate());
    if (t.getTime() < oldest) return fail(`more than ${spec.max_age_years} years ago`);
  }
  return { ok: true, detail: 'a real date' };
};
