// The real process, as `npm start` runs it: health, readiness, metrics, configuration errors,
// hot reload of rules (accepted and refused) and graceful shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServiceProcess, REPO_ROOT } from '../support/service-process.js';

const FIXTURE_RULES = path.join(REPO_ROOT, 'test/server/fixtures/rules/team.yaml');

function tempRulesDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dlp-rules-'));
  copyFileSync(FIXTURE_RULES, path.join(dir, 'team.yaml'));
  copyFileSync(path.join(REPO_ROOT, 'rules/policy.yaml'), path.join(dir, 'policy.yaml'));
  return dir;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('starts with no credentials: /healthz, /readyz, /metrics, console login; says which integrations are off', async () => {
  const svc = await startServiceProcess({ waitFor: 'listening' });
  try {
    const health = await fetch(`${svc.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');

    await until('ready', async () => ((await fetch(`${svc.url}/readyz`)).status === 200 ? true : undefined), 30_000);
    const ready = (await (await fetch(`${svc.url}/readyz`)).json()) as { ready: boolean; checks: Record<string, { ok: boolean; detail: string }> };
    assert.equal(ready.ready, true);
    assert.equal(ready.checks.store?.detail, 'sqlite');
    assert.match(ready.checks.rules?.detail ?? '', /^\d+ rules from \d+ files$/);

    const slackOff = svc.logs().find((l) => l.integration === 'slack');
    assert.equal(slackOff?.on, false);
    assert.match(String(slackOff?.msg), /SLACK_SIGNING_SECRET.*SLACK_BOT_TOKEN.*SLACK_SECURITY_CHANNEL/);
    const teamsOff = svc.logs().find((l) => l.integration === 'teams');
    assert.equal(teamsOff?.on, false);
    assert.match(String(teamsOff?.msg), /MICROSOFT_APP_ID.*MICROSOFT_APP_PASSWORD/);
    // No admin secret configured: a token file, named (not printed) in the log.
    const tokenFile = path.join(svc.dataDir, 'console-admin.token');
    const token = readFileSync(tokenFile, 'utf8').trim();
    assert.ok(token.length >= 24);
    assert.ok(!svc.output().includes(token), 'the generated admin token must not be logged');

    const metrics = await (await fetch(`${svc.url}/metrics`)).text();
    for (const name of ['dlp_messages_scanned_total', 'dlp_findings_total', 'dlp_actions_total', 'dlp_scan_seconds', 'dlp_end_to_end_seconds', 'dlp_outbox_depth', 'dlp_rule_reload_failures_total', 'dlp_rules_loaded']) {
      assert.match(metrics, new RegExp(`^# TYPE ${name} `, 'm'), `${name} exported`);
    }
    assert.match(metrics, /^dlp_outbox_depth 0$/m);

    const console = await fetch(`${svc.url}/console/`, { redirect: 'manual' });
    assert.equal(console.status, 303);
    assert.equal(console.headers.get('location'), '/console/login');
    const login = await fetch(`${svc.url}/console/login`);
    assert.equal(login.status, 200);
    const html = await login.text();
    assert.match(html, /<form method="post" action="\/console\/login"/);
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);

    // Slack and Teams endpoints say how to switch them on.
    const slack = await fetch(`${svc.url}/slack/events`, { method: 'POST', body: '{}' });
    assert.equal(slack.status, 404);
    assert.match(await slack.text(), /SLACK_SIGNING_SECRET/);
  } finally {
    assert.equal(await svc.stop(), 0, 'graceful stop exits 0');
  }
  assert.ok(svc.logs().some((l) => l.msg === 'stopped'));
});

test('configuration errors: one list of everything wrong, exit code 2, nothing started', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      SLACK_BOT_TOKEN: 'not-a-token',
      DATABASE_URL: 'mysql://nope',
      CONSOLE_ADMIN_PASSWORD: 'short',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  assert.equal(code, 2);
  for (const v of ['PORT', 'LOG_LEVEL', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_SECURITY_CHANNEL', 'DATABASE_URL', 'CONSOLE_ADMIN_PASSWORD']) {
    assert.match(err, new RegExp(`- ${v}: `), `names ${v}`);
  }
  assert.match(err, /configuration has 7 problems/);
  assert.ok(!err.includes('not-a-token'), 'values of secrets are not echoed');
});

test('hot reload: a valid change applies without restart; an invalid one is refused with file:line and the previous rules stay', async () => {
  const rules = tempRulesDir();
  const svc = await startServiceProcess({ env: { RULES_DIR: rules, RULES_RELOAD_DEBOUNCE_MS: '100', CONSOLE_ADMIN_PASSWORD: 'correct horse battery' } });
  try {
    const metric = async (name: string) => {
      const m = /^(\S+) (\S+)$/m.exec((await (await fetch(`${svc.url}/metrics`)).text()).split('\n').filter((l) => l.startsWith(`${name} `)).join('\n'));
      return m ? Number(m[2]) : NaN;
    };
    // The fixture rule plus the policy's corporate marking rules.
    const before = await metric('dlp_rules_loaded');
    assert.ok(before >= 1);

    // Valid change: a second rule.
    const original = readFileSync(path.join(rules, 'team.yaml'), 'utf8');
    writeFileSync(
      path.join(rules, 'team.yaml'),
      original +
        `  - id: release-codename
    name: Release codename
    category: classification
    severity: low
    description: Release codenames are internal until launch day.
    pattern: '\\b(?P<secret>GREYWOLF-\\d{2})\\b'
    keywords: [greywolf]
    marking: { scheme: corporate, level: official }
    examples:
      match: ['GREYWOLF-12 ships friday']
      no_match: ['a grey wolf']
`,
    );
    await until('one more rule', async () => ((await metric('dlp_rules_loaded')) === before + 1 ? true : undefined));
    await svc.waitForLog((l) => l.msg === 'rules and policy reloaded');

    // Invalid change: look-around is refused by RE2; the message names the file and line.
    writeFileSync(path.join(rules, 'broken.yaml'), `rules:\n  - id: bad-rule\n    name: Bad\n    category: secret\n    severity: high\n    description: A rule whose pattern RE2 refuses.\n    pattern: '(?<=x)abc'\n    examples: { match: ['xabc'], no_match: ['abc'] }\n`);
    const refused = await svc.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('rules change refused'));
    const errors = refused.errors as string[];
    assert.ok(errors.some((e) => /broken\.yaml:\d+/.test(e)), `file:line in ${JSON.stringify(errors)}`);
    assert.equal(await metric('dlp_rule_reload_failures_total'), 1);
    assert.equal(await metric('dlp_rules_loaded'), before + 1, 'previous rules stay in force');
    const ready = (await (await fetch(`${svc.url}/readyz`)).json()) as { ready: boolean };
    assert.equal(ready.ready, true);

    // The console shows the refusal too (banner on every page, errors on the Rules page).
    const form = await fetch(`${svc.url}/console/login`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const pre = form.headers.getSetCookie()[0]!.split(';')[0]!;
    const login = await fetch(`${svc.url}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre },
      body: new URLSearchParams({ _csrf: csrf, user: 'admin', password: 'correct horse battery' }).toString(),
    });
    assert.equal(login.status, 303);
    const session = login.headers.getSetCookie().find((c) => c.startsWith('dlp_session='))!.split(';')[0]!;
    const rulesPage = await (await fetch(`${svc.url}/console/rules`, { headers: { cookie: session } })).text();
    assert.match(rulesPage, /data-testid="reload-refused"/);
    assert.match(rulesPage, /broken\.yaml:\d+/);
    assert.match(rulesPage, /GREYWOLF|Release codename/, 'the rules in force are still listed');
  } finally {
    await svc.stop();
  }
});
