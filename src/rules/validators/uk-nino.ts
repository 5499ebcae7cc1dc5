// UK National Insurance number prefix and suffix rules (HMRC NIM39110); there is no check digit.
import { alnumUpper, fail, type Validator, type ValidatorResult } from './types.js';

const NEVER = new Set(['D', 'F', 'I', 'Q', 'U', 'V']);
const UNALLOCATED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

export const ukNino: Validator<{ name: 'uk-nino' }> = (value): ValidatorResult => {
  const v = alnumUpper(value);
  if (!/^[A-Z]{2}\d{6}[A-D]?$/.test(v)) return fail('not two letters, six digits and a suffix A-D');
  const [a, b] = [v[0] ?? '', v[1] ?? ''];
  if (NEVER.has(a) || NEVER.has(b)) return fail('prefix uses a letter HMRC never issues (D, F, I, Q, U, V)');
  if (b === 'O') return fail('O is never the second letter');
  if (UNALLOCATED.has(a + b)) return fail('prefix is not allocated');
  return { ok: true, detail: 'prefix and suffix valid' };
};
