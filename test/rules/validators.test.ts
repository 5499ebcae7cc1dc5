import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runValidator } from '../../src/rules/validators/index.js';
import { parseDate } from '../../src/rules/validators/date.js';
import { shannonEntropy } from '../../src/rules/validators/entropy.js';

const ok = (v: string, spec: Parameters<typeof runValidator>[1]) => runValidator(v, spec).ok;

describe('validators', () => {
  it('luhn accepts valid and rejects off-by-one numbers', () => {
    assert.equal(ok('4111 1111 1111 1111', { name: 'luhn' }), true);
    assert.equal(ok('4111 1111 1111 1112', { name: 'luhn' }), false);
  });

  it('payment-card checks IIN and length, and refuses HMCTS CCD references', () => {
    assert.equal(ok('4111-1111-1111-1111', { name: 'payment-card' }), true);
    assert.equal(ok('3782 822463 10005', { name: 'payment-card' }), true); // Amex 15
    assert.equal(ok('5555555555554444', { name: 'payment-card' }), true);
    assert.equal(ok('1234567890123452', { name: 'payment-card' }), false); // Luhn-valid, starts with 1, 16 digits
    assert.match(runValidator('1234567890123452', { name: 'payment-card' }).detail ?? '', /CCD/);
    assert.equal(ok('378282246310005', { name: 'payment-card' }), true);
    assert.equal(ok('37828224631000', { name: 'payment-card' }), false); // Amex with 14 digits
    assert.equal(ok('9111111111111111', { name: 'payment-card' }), false); // no scheme
  });

  it('iban checks country length and mod 97', () => {
    assert.equal(ok('GB82 WEST 1234 5698 7654 32', { name: 'iban' }), true);
    assert.equal(ok('GB82 WEST 1234 5698 7654 33', { name: 'iban' }), false);
    assert.equal(ok('DE89 3704 0044 0532 0130 00', { name: 'iban' }), true);
    assert.equal(ok('GB82 WEST 1234 5698 7654', { name: 'iban' }), false); // too short for GB
  });

  it('nhs uses modulus 11 and rejects check digit 10', () => {
    assert.equal(ok('943 476 5870', { name: 'nhs' }), true);
    assert.equal(ok('401-023-2137', { name: 'nhs' }), true);
    assert.equal(ok('401-023-2138', { name: 'nhs' }), false);
    assert.equal(ok('0000000000', { name: 'nhs' }), false);
  });

  it('uk-nino applies prefix rules', () => {
    assert.equal(ok('AB 12 34 56 C', { name: 'uk-nino' }), true);
    assert.equal(ok('QQ 12 34 56 A', { name: 'uk-nino' }), false);
    assert.equal(ok('GB123456A', { name: 'uk-nino' }), false);
    assert.equal(ok('AO123456A', { name: 'uk-nino' }), false);
  });

  it('uk-utr checks the leading check digit', () => {
    for (const v of ['1234567895', '3282497350', '9624088948']) assert.equal(ok(v, { name: 'uk-utr' }), true, v);
    assert.equal(ok('1234567897', { name: 'uk-utr' }), false);
  });

  it('uk-driving-licence checks structure', () => {
    assert.equal(ok('MORGA753116SM9IJ', { name: 'uk-driving-licence' }), true);
    assert.equal(ok('MORGA713116SM9IJ', { name: 'uk-driving-licence' }), false); // month 13
  });

  it('us-ssn rejects never-issued ranges', () => {
    assert.equal(ok('536-90-4399', { name: 'us-ssn' }), true);
    for (const v of ['000-12-3456', '666-12-3456', '912-12-3456', '123-00-4567', '123-45-0000', '078-05-1120', '123-45 6789']) {
      assert.equal(ok(v, { name: 'us-ssn' }), false, v);
    }
  });

  it('jwt needs a JSON header with alg', () => {
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    assert.equal(ok(`${header}.eyJzdWIiOiIxIn0.sig`, { name: 'jwt' }), true);
    assert.equal(ok(`${Buffer.from('{"typ":"JWT"}').toString('base64url')}.x.y`, { name: 'jwt' }), false);
    assert.equal(ok('not.a.jwt', { name: 'jwt' }), false);
  });

  it('date parses real dates and enforces max_age_years', () => {
    assert.equal(ok('12/03/1985', { name: 'date' }), true);
    assert.equal(ok('31/02/1985', { name: 'date' }), false);
    assert.equal(ok('3rd March 1990', { name: 'date' }), true);
    assert.equal(ok('1850-01-01', { name: 'date', max_age_years: 120 }), false);
    assert.equal(ok(`01/01/${new Date().getUTCFullYear() + 2}`, { name: 'date' }), false);
    assert.deepEqual(parseDate('March 5, 2001'), { y: 2001, m: 3, d: 5 });
  });

  it('entropy and password-shape', () => {
    assert.ok(shannonEntropy('aaaa') === 0);
    assert.ok(Math.abs(shannonEntropy('abcd') - 2) < 1e-9);
    assert.equal(ok('Z7VRSQ5TJN2RMXEQ', { name: 'entropy', min: 3 }), true);
    assert.equal(ok('aaaaaaaabbbbbbbb', { name: 'entropy', min: 3 }), false);
    assert.equal(ok('Tr0ub4dor&3', { name: 'password-shape', classes: 3, min_length: 8 }), true);
    assert.equal(ok('abcdefgh', { name: 'password-shape', classes: 2, min_length: 6 }), false);
    assert.equal(ok('Ab1', { name: 'password-shape', classes: 2, min_length: 6 }), false);
  });
});
