// JSON Web Token: the first segment must be base64url JSON with an `alg`.
import { fail, type Validator, type ValidatorResult } from './types.js';

export const jwt: Validator<{ name: 'jwt' }> = (value): ValidatorResult => {
  const parts = value.split('.');
  if (parts.length < 2 || parts.length > 5) return fail('not dot-separated segments');
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8'));
    if (typeof header !== 'object' || header === null || typeof (header as { alg?: unknown }).alg !== 'string') {
      return fail('header has no alg');
    }
    return { ok: true, detail: `header alg ${String((header as { alg: string }).alg).slice(0, 10)}` };
  } catch {
    return fail('header is not base64url JSON');
  }
};
