// Check characters of the European national IDs (values from python-stdnum's documentation and
// computed by hand; none belongs to a person).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deIdnr, esDni, iePpsn } from '../../src/rules/validators/national-ids.js';

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
