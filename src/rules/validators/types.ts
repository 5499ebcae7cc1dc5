// What every validator returns. `detail` explains a rejection (or a notable pass) without ever
// quoting the value itself.
export interface ValidatorResult {
  ok: boolean;
  detail?: string;
}

export type Validator<S> = (value: string, spec: S) => ValidatorResult;

/** Digits only (separators such as spaces, hyphens and dots removed). */
export function digitsOf(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) out += value[i];
  }
  return out;
}

/** Upper-cased alphanumerics only. */
export function alnumUpper(value: string): string {
  let out = '';
  for (const ch of value.toUpperCase()) {
    const c = ch.charCodeAt(0);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) out += ch;
  }
  return out;
}

export const pass: ValidatorResult = { ok: true };
export function fail(detail: string): ValidatorResult {
  return { ok: false, detail };
}
