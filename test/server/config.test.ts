// Configuration: defaults, integrations on/off with the variables that switch them, every
// problem in one list, the optional config file with file:line, environment over file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, formatConfigProblems } from '../../src/config.js';

test('defaults on a fresh machine: port 3000, SQLite in ./data, rules and policy in ./rules, integrations off', () => {
  const r = loadConfig({}, { cwd: '/srv/dlp' });
  assert.ok(r.ok);
  assert.equal(r.config.port, 3000);
  assert.equal(r.config.dataDir, '/srv/dlp/data');
  assert.equal(r.config.rulesDir, '/srv/dlp/rules');
  assert.equal(r.config.policyFile, '/srv/dlp/rules/policy.yaml');
  assert.equal(r.config.slack, undefined);
  assert.equal(r.config.teams, undefined);
  const slack = r.integrations.find((i) => i.name === 'slack')!;
  assert.equal(slack.on, false);
  assert.match(slack.detail, /SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_SECURITY_CHANNEL/);
  assert.ok(r.warnings.some((w) => /console-admin\.token/.test(w)));
});

test('Slack and Teams switch on with their variables; API URL gets its trailing slash; Graph defaults to the bot app', () => {
  const r = loadConfig({
    SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SECURITY_CHANNEL: 'CSEC', SLACK_API_URL: 'http://127.0.0.1:9/api',
    MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw', TEAMS_SECURITY_CHANNEL: '19:x@thread.tacv2',
  });
  assert.ok(r.ok);
  assert.equal(r.config.slack?.apiUrl, 'http://127.0.0.1:9/api/');
  assert.equal(r.config.teams?.graphClientId, 'app');
  assert.equal(r.config.teams?.graphClientSecret, 'pw');
  assert.ok(r.integrations.every((i) => i.name === 'postgres' || i.on));
});

test('every problem is reported at once, naming the variable; secrets are not echoed', () => {
  const r = loadConfig({ PORT: '70000', SLACK_BOT_TOKEN: 'xoxb-secret-value', CONSOLE_USERS: 'bob:admin:plain', MICROSOFT_APP_ID: 'a' });
  assert.ok(!r.ok);
  const vars = r.problems.map((p) => p.variable);
  for (const v of ['PORT', 'SLACK_SIGNING_SECRET', 'SLACK_SECURITY_CHANNEL', 'CONSOLE_USERS[0]', 'MICROSOFT_APP_PASSWORD', 'TEAMS_SECURITY_CHANNEL']) assert.ok(vars.includes(v), `${v} in ${vars.join(', ')}`);
  const text = formatConfigProblems(r.problems);
  assert.match(text, new RegExp(`configuration has ${r.problems.length} problems`));
  assert.ok(!text.includes('xoxb-secret-value'));
});

test('config file: same names, environment wins, unknown keys and bad values name file:line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dlp-cfg-'));
  const file = path.join(dir, 'dlp.yaml');
  writeFileSync(file, 'PORT: 4000\nLOG_LEVEL: debug\nDATA_DIR: /var/lib/dlp\n');
  const r = loadConfig({ DLP_CONFIG_FILE: file, LOG_LEVEL: 'warn' });
  assert.ok(r.ok);
  assert.equal(r.config.port, 4000);
  assert.equal(r.config.logLevel, 'warn');
  assert.equal(r.config.dataDir, '/var/lib/dlp');

  writeFileSync(file, 'PORT: 4000\nPROT: 1\nWORKER_POLL_MS: [1]\n');
  const bad = loadConfig({}, { file });
  assert.ok(!bad.ok);
  assert.ok(bad.problems.some((p) => p.variable === `${file}:2 PROT` && /unknown setting/.test(p.message)));
  assert.ok(bad.problems.some((p) => p.variable === `${file}:3 WORKER_POLL_MS`));
});
