// The validator registry. To add one: write `validators/<name>.ts`, add its options to
// `validatorSchema` in ../schema.ts, and add one line here (the type below makes a missing
// entry a compile error).
import type { ValidatorName, ValidatorSpec } from '../schema.js';
import { date } from './date.js';
import { entropy } from './entropy.js';
import { iban } from './iban.js';
import { jwt } from './jwt.js';
import { luhn } from './luhn.js';
import { deIdnr, esDni, frNir, iePpsn, nlBsn } from './national-ids.js';
import { auTfn, inAadhaar } from './national-ids-apac.js';
import { nhs } from './nhs.js';
import { passwordShape } from './password-shape.js';
import { paymentCard } from './payment-card.js';
import type { Validator, ValidatorResult } from './types.js';
import { ukDrivingLicence } from './uk-driving-licence.js';
import { ukNino } from './uk-nino.js';
import { ukUtr } from './uk-utr.js';
import { usSsn } from './us-ssn.js';

export type { Validator, ValidatorResult } from './types.js';

type Registry = { [K in ValidatorName]: Validator<Extract<ValidatorSpec, { name: K }>> };

export const VALIDATORS: Registry = {
  luhn,
  'payment-card': paymentCard,
  iban,
  nhs,
  'uk-nino': ukNino,
  'uk-utr': ukUtr,
  'uk-driving-licence': ukDrivingLicence,
  'us-ssn': usSsn,
  'es-dni': esDni,
  'ie-ppsn': iePpsn,
  'de-idnr': deIdnr,
  'fr-nir': frNir,
  'nl-bsn': nlBsn,
  'au-tfn': auTfn,
  'in-aadhaar': inAadhaar,
  jwt,
  date,
  entropy,
  'password-shape': passwordShape,
};

export function runValidator(value: string, spec: ValidatorSpec): ValidatorResult {
  const fn = VALIDATORS[spec.name] as Validator<ValidatorSpec> | undefined;
  if (!fn) return { ok: false, detail: `unknown validator ${spec.name}` };
  return fn(value, spec);
}

export const VALIDATOR_NAMES = Object.keys(VALIDATORS) as ValidatorName[];
