// Payment card numbers: Luhn plus the issuer (IIN) ranges and lengths card schemes really use
// (detection.md §1.10). A 16-digit Luhn-valid number starting with 1 is an HMCTS CCD case
// reference, not a card (the `1` IIN is UATP, 15 digits only).
import { luhnValid } from './luhn.js';
import { digitsOf, fail, type Validator, type ValidatorResult } from './types.js';

interface IinRange {
  scheme: string;
  test: (d: string) => boolean;
  lengths: readonly number[];
}

const range = (lo: number, hi: number, width: number) => (d: string) => {
  const n = Number(d.slice(0, width));
  return n >= lo && n <= hi;
};
const span = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

// Order matters: more specific prefixes first.
const IIN_TABLE: readonly IinRange[] = [
  { scheme: 'uatp', test: (d) => d.startsWith('1'), lengths: [15] },
  { scheme: 'amex', test: (d) => d.startsWith('34') || d.startsWith('37'), lengths: [15] },
  { scheme: 'jcb', test: range(3528, 3589, 4), lengths: span(16, 19) },
  { scheme: 'diners', test: (d) => range(300, 305, 3)(d) || d.startsWith('309') || d.startsWith('36') || d.startsWith('38') || d.startsWith('39'), lengths: span(14, 19) },
  { scheme: 'visa', test: (d) => d.startsWith('4'), lengths: [13, 16, 19] },
  { scheme: 'mastercard', test: (d) => range(51, 55, 2)(d) || range(2221, 2720, 4)(d), lengths: [16] },
  { scheme: 'discover', test: (d) => d.startsWith('6011') || d.startsWith('65') || range(644, 649, 3)(d) || range(622126, 622925, 6)(d), lengths: span(16, 19) },
  { scheme: 'unionpay', test: (d) => d.startsWith('62'), lengths: span(16, 19) },
  { scheme: 'maestro', test: (d) => d.startsWith('50') || range(56, 69, 2)(d), lengths: span(12, 19) },
];

const TEST_PANS = new Set(['4111111111111111', '4242424242424242', '5555555555554444', '378282246310005', '4012888888881881', '5105105105105100']);

export const paymentCard: Validator<{ name: 'payment-card' }> = (value): ValidatorResult => {
  const d = digitsOf(value);
  if (d.length < 12 || d.length > 19) return fail(`${d.length} digits is not a card length`);
  if (!luhnValid(d)) return fail('Luhn checksum does not hold');
  if (d.length === 16 && d.startsWith('1')) return fail('16 digits starting with 1: an HMCTS CCD case reference, not a card');
  const iin = IIN_TABLE.find((r) => r.test(d));
  if (!iin) return fail('no card scheme issues this prefix');
  if (!iin.lengths.includes(d.length)) return fail(`${iin.scheme} numbers are not ${d.length} digits long`);
  return { ok: true, detail: TEST_PANS.has(d) ? `${iin.scheme} (a published test card number)` : iin.scheme };
};
