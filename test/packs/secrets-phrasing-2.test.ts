// Second tuning round of the secret packs (families behind the misses of test/corpus/blind2-4):
// "was changed to", passwords in other languages, replies that start with "it's", long login
// qualifiers, key id + secret pairs, SNMP community strings, BitLocker recovery keys, PSKs, PINs
// for phones and key safes — and the look-alikes that must stay quiet. Values are random, never
// real. Test names and messages carry list positions only, never the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { secretPhrasingChecker } from './secret-phrasing-check.js';

const check = await secretPhrasingChecker('secrets-phrasing-2-test');

const MUST_FIRE: string[] = [
  'the root password on the old NAS was changed to Wq7!zLm3Tr yesterday',
  'the admin password for the legacy print server has been changed to Hb4#kQ9zXw',
  'Das Passwort für den Drucker im 2. Stock ist Rk8mZq2TwL5',
  'Kennwort für das Testkonto lautet Pz3!mQw8Lr',
  'le mot de passe du wifi invité est Tz9qWm4xLr!',
  'la contraseña del router es Lm4@zQr8TwX',
  'la password del server di staging è Vx9#kLq2Rm',
  'het wachtwoord voor de vergaderzaal is Qm7^tRw2zLk',
  "> what's the password for the scanner share?\nit's copper-meadow-falcon83, don't pass it on",
  '> what is the wifi key?\ntry Gx7!pLm2Qz4 first',
  'the new login for the fleet tracking supplier portal is ops@northwind / hazel-orbit-candle29',
  "log in as me to sign the PO? it's rpatel and Kestrel55!dawn",
  'alibaba keys for the CN mirror: id LTAI5tR9mZ2xKp7vQw3nLb8c secret Hq2LmT4vNz8RwP5sY7uB3cD6fG1hJz',
  'twilio api key SK4e1a9c3b7d2f4e6a8c0b1d3f5a7c9e2b secret Kq2LmT4vNz8RwP5sY7uB3cD6fG1hXz9W',
  'TWILIO_ACCOUNT_SID=AC7d2f4e6a8c0b1d3f5a7c9e2b4d6f8a0c\nTWILIO_AUTH_TOKEN=5e1a9c3b7d2f4e6a8c0b1d3f5a7c9e2b',
  'SNMP community on the branch routers is Rz8kLq2WmT - change it this week',
  'snmp-server community Pq8zLm2Wr RW',
  'bitlocker recovery key for FIN-LT-17: 671583-302368-128524-487091-614735-220143-093731-558756',
  'the PSK for the site-to-site tunnel is Jt5#wKq8Lm2R',
  'voicemail password for the duty phone: 2847',
  'PIN for the key safe outside the Elm Road depot is 6190',
  'the api token for the build bot was rotated, new one is Qm7tRw2zLkVb8kQ2mT4vNz8R',
  'the temporary password they gave her is Autumn2026! until Monday',
  'api secret for the payments webhook is now Lq2mT4vNz8RwP5sY7uB3',
  'ssh into build-02 as deploy with Rk8#mZq2TwL5',
  'jira API token: ATATT3xFfGF0Rk9Tw4Xp8Nb3Vc6Hj1Ds5Fg0Ka2We7Ry4Ui9Op3As6Df1Gh8Jk5Lz2Xc7Vb4Nm9Qw0Er3Ty6Ui1Op8As5Df2Gh7Jk4Lz9Xc0Vb3Nm6Qw1Er8Ty5Ui2Op7As4Df9Gh0Jk3Lz6Xc1Vb8Nm5Qw2Er7Ty4Ui9Op0As3Df6Gh1Jk8Lz5Xc2Vb=9F8E7D6C',
  // third round: provider formats and phrasings behind the blind5/6 misses (values made up here)
  'okta token for the joiners automation: SSWS 00Rk8mZq2TwL5pX9vN3bQ7sJ4dLq2mT4vNz8RwP5sY',
  'okta api token for SCIM 00Hq2LmT4vNz8R_wP5sY7uB3cD6fG1hJzKq2LmT4vN',
  'notion integration secret ntn_Rk8mZq2TwL5pX9vN3bQ7sJ4dLq2mT4vNz8RwP5sY7uB3cD (the tracker db)',
  'old notion key secret_Rk8mZq2TwL5pX9vN3bQ7sJ4dLq2mT4vNz8RwP5sY7uB still works',
  'doppler token for the fraud svc dp.st.prd.Wq7zLm3Tr8kQ2mT4vNz8RwP5sY7uB3cD6fG1hJz4K',
  'audit token dp.audit.siem.Hq2LmT4vNz8RwP5sY7uB3cD6fG1hJzKq2LmT4vNz8R',
  'vault root token pasted by mistake: hvs.Rk8mZq2TwL5pX9vN3bQ7sJ4d - revoking now',
  'batch token hvb.Lq2mT4vNz8RwP5sY7uB3cD6fG1hJzKq2',
  'sts gave me these, valid 1h: ASIA2VUE65NUCTJVC32U / Lq2mT4vNz8RwP5sY7uB3cD6fG1hJzKq2LmT4vNz8',
  'session token FwoGZXIvYXdzEtayT0bnyEcKxbsw50m5I2u8KwOhclITwX2Knn2HT51y9uUoDE-TkgSzPS_LWwEWFHHFt/uwZ/UkzHwmAXrEZQJSNqzUSMNhYS4tQM4bXBFzyHtFs9jonZA2',
  'twilio for the reminders: account sid AC7d2f4e6a8c0b1d3f5a7c9e2b4d6f8a0c auth token 5e1a9c3b7d2f4e6a8c0b1d3f5a7c9e2b',
  'redis.conf has `requirepass Rk8mZq2TwL5pX9vN` which is the same as staging',
  'masterauth Hq2LmT4vNz8R on the replicas',
  'psql -h db-02 -U analytics -W  ... when prompted use Gr4nite-Falc0n81',
  'ssh into the build box as ops with Tq8#vLm2Wz9k - key auth is broken',
  'creds for the sftp drop (acme logistics): mkt_upload / N0rthW1nd#47',
  "decoded:\n```\n$ kubectl get secret app-creds -o jsonpath='{.data.password}' | base64 -d\nRk8mZq2TwL5pX9vN3bQ7\n```",
  'publisher key for the backend: GAME_PUBLISHER_KEY=B7F31C94E0A25D68C1E9A7B3F04D82E6',
  'razorpay live key secret for the pilot (key id is in the doc): Rk8mZq2TwL5pX9vN3bQ7sJ4d',
  "the code for the safe in the partners' room is 730514"
];

const MUST_NOT_FIRE: string[] = [
  'we keep the PHP hash, never the password: `$2y$10$` and then the salt and hash',
  'Ausweis und Pass: 12.03.1985 ausgestellt, gültig bis 2030',
  'kafka creds for the billing topic:\nsasl.username=QX7RKM2PLN4WZT8V',
  'the password was changed to meet the new policy',
  'das Passwort für den Server ist abgelaufen',
  'the password for the server estimate4u is in the vault',
  "> what's the password for the scanner share?\nit's in the vault under Facilities",
  'log in as me and check it? it\'s Monday and the form is due',
  'the SNMP community string is still public on the old switches',
  'community string for the switches is in the network vault',
  'our community meetup moved to Thursday',
  'bitlocker recovery key id 4A2C91F0 - look it up in Entra',
  'client id 3fa85f64571745aa9c1d secret rotation is due Friday',
  'the twilio account SID starts with AC and is 34 characters long',
  'the PSK rotation is scheduled for next week',
  'PIN for the key safe is on the laminated card in reception',
  '"private_key_id": "<KEY_ID>", "private_key": "<PRIVATE_KEY>"',
  'the token expired, the new one is in the vault',
  'the password you need is the one on the sticker',
  'connected to the VPN as jsmith with the new client, works now',
  'ssh to bastion as ec2-user with ~/.ssh/id_ed25519 then hop',
  'the password we use is in Keeper under "Guest wifi"',
  'key id 0123456789abcdef0123 secret ${SECRET_ACCESS_KEY}',
  'Authorization: SSWS ${OKTA_API_TOKEN}',
  'okta tokens are 00 followed by 40 characters',
  'notion secrets used to start with secret_ and now ntn_',
  'service tokens look like dp.st.prd.<token>',
  'session tokens start with FwoGZXIvYXdz or IQoJb3JpZ2luX2Vj',
  'twilio auth token is 32 hex characters, rotate it in the console',
  '# requirepass foobared',
  'set the requirepass directive before exposing the port',
  'when prompted use your SSO password',
  'creds for the sftp drop (acme logistics) are in the vault',
  "$ kubectl get secret app-creds -o jsonpath='{.data.password}' | base64 -d\n```",
  'GIT_COMMIT_TOKEN=${GIT_COMMIT}',
  'razorpay key secret is in the vault under Payments',
  "the code for the safe in the partners' room is on the rota"
];

test('every second-round chat phrasing of a secret is found', () => {
  assert.deepEqual(check.missed(MUST_FIRE), [], 'MUST_FIRE entries without a secret finding');
});

test('no secret finding in the second-round look-alikes', () => {
  assert.deepEqual(check.fired(MUST_NOT_FIRE), [], 'MUST_NOT_FIRE entries with a secret finding (index, rules)');
});
