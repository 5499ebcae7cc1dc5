// Check characters of the European national IDs (values from python-stdnum's documentation and
// computed by hand; none belongs to a person).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deIdnr, esDni, frNir, iePpsn, nlBsn } from '../../src/rules/validators/national-ids.js';
import { auTfn, inAadhaar } from '../../src/rules/validators/national-ids-apac.js';

test('Spanish DNI and NIE: the letter is the number mod 23', () => {
  for (const ok of ['12345678Z', '54362315-K', 'X1234567L', 'Y 0000000 Z']) assert.equal(esDni(ok, { name: 'es-dni' }).ok, true, ok);
  for (const bad of ['12345678A', 'X1234567A', '1234567Z', 'W1234567L']) assert.equal(esDni(bad, { name: 'es-dni' }).ok, false, bad);
});

test('Irish PPSN: weighted mod 23, the 2013 second letter counts, the old W/T/X suffix does not', () => {
  for (const ok of ['6433435F', '6433435FT', '6433435FW', '1234567FA', '1234567T']) assert.equal(iePpsn(ok, { name: 'ie-ppsn' }).ok, true, ok);
  for (const bad of ['6433435E', '1234567TA', '1234567FZ', '123456T']) assert.equal(iePpsn(bad, { name: 'ie-ppsn' }).ok, false, bad);
});

test('German tax ID: 11 digits, no leading zero, ISO 7064 MOD 11,10', () => {
  for (const ok of ['86095742719', '36 574 261 809', '65929970489']) assert.equal(deIdnr(ok, { name: 'de-idnr' }).ok, true, ok);
  for (const bad of ['86095742718', '06095742719', '8609574271']) assert.equal(deIdnr(bad, { name: 'de-idnr' }).ok, false, bad);
});

test('French NIR: 13 characters and a mod 97 key; Corsican 2A/2B count as 19/18', () => {
  for (const ok of ['2 95 10 99 126 111 93', '295109912611193', '1 84 07 2A 123 456 17']) assert.equal(frNir(ok, { name: 'fr-nir' }).ok, true, ok);
  for (const bad of ['295109912611194', '1 84 07 2A 123 456 18', '29510991261119', '995109912611193']) assert.equal(frNir(bad, { name: 'fr-nir' }).ok, false, bad);
});

test('Dutch BSN: the 11-proef', () => {
  for (const ok of ['111222333', '123456782']) assert.equal(nlBsn(ok, { name: 'nl-bsn' }).ok, true, ok);
  for (const bad of ['111222334', '123456789', '000000000', '1234567']) assert.equal(nlBsn(bad, { name: 'nl-bsn' }).ok, false, bad);
});

test('Australian TFN: weighted sum divisible by 11', () => {
  for (const ok of ['123 456 782', '876543210']) assert.equal(auTfn(ok, { name: 'au-tfn' }).ok, true, ok);
  for (const bad of ['123 456 783', '876543211', '1234567']) assert.equal(auTfn(bad, { name: 'au-tfn' }).ok, false, bad);
});

test('Aadhaar: 12 digits starting 2-9 with a Verhoeff check digit', () => {
  for (const ok of ['2341 2341 2346', '499118665246']) assert.equal(inAadhaar(ok, { name: 'in-aadhaar' }).ok, true, ok);
  for (const bad of ['2341 2341 2347', '1341 2341 2346', '23412341234']) assert.equal(inAadhaar(bad, { name: 'in-aadhaar' }).ok, false, bad);
});
