// Console security over real HTTP against the service started in-process (typed config, temp
// SQLite, the repo's rules): CSRF on login and every POST, roles, failed-login throttling written
// to the core's audit trail, the playground storing and logging nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/shared/logger.js';
import { startService, type RunningService } from '../../src/server/service.js';
import { hashPassword } from '../../src/server/console/password.js';
import { REPO_ROOT } from '../support/service-process.js';

const ADMIN_PW = 'admin password for tests';
const RESPONDER_PW = 'responder password 1';
const AUTHOR_PW = 'rule author password 1';
const SECRET = 'AKIAZ7VRSQ5TJN2RMXEQ';
let svc: RunningService;
let logs = '';

before(async () => {
  const users = `rita:responder:${await hashPassword(RESPONDER_PW)},andy:rule-author:${await hashPassword(AUTHOR_PW)}`;
  const r = loadConfig(
    { PORT: '0', HOST: '127.0.0.1', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dlp-console-')), CONSOLE_ADMIN_PASSWORD: ADMIN_PW, CONSOLE_USERS: users, CONSOLE_MAX_FAILED_LOGINS: '3', RULES_RELOAD: 'false' },
    { cwd: REPO_ROOT },
  );
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs += chunk.toString();
      cb();
    },
  });
  svc = await startService(r.config, createLogger({ level: 'debug', destination: sink, pretty: false }));
  await svc.ready;
});

after(async () => {
  await svc.stop();
});

/** A tiny cookie-keeping client. */
function client() {
  const jar = new Map<string, string>();
  const send = async (p: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${svc.url}${p}`, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const [k, v] = kv!.split('=');
      if (v) jar.set(k!, v);
      else jar.delete(k!);
    }
    return res;
  };
  return {
    send,
    async loginForm(): Promise<string> {
      const html = await (await send('/console/login')).text();
      return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    },
    async login(user: string, password: string, csrf?: string) {
      const token = csrf ?? (await this.loginForm());
      return send('/console/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, user, password }).toString() });
    },
    async csrf(): Promise<string> {
      const html = await (await send('/console/playground')).text();
      return /name="csrf-token" content="([^"]+)"/.exec(html)![1]!;
    },
  };
}

test('login needs the form CSRF token; sessions are HTTP-only SameSite cookies', async () => {
  const c = client();
  await c.loginForm();
  const forged = await c.send('/console/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=guess&user=admin&password=${encodeURIComponent(ADMIN_PW)}` });
  assert.equal(forged.status, 403);
  const ok = await c.login('admin', ADMIN_PW);
  assert.equal(ok.status, 303);
  const cookie = ok.headers.getSetCookie().find((s) => s.startsWith('dlp_session='))!;
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Secure/, 'Secure on loopback and HTTPS');
  assert.equal((await c.send('/console/incidents')).status, 200);
});

test('every POST after login needs the session CSRF token', async () => {
  const c = client();
  await c.login('admin', ADMIN_PW);
  const noToken = await c.send('/console/api/playground', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x' }) });
  assert.equal(noToken.status, 403);
  const wrong = await c.send('/console/logout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=wrong' });
  assert.equal(wrong.status, 403);
  assert.equal((await c.send('/console/incidents')).status, 200, 'still logged in');
});

test('roles: responders handle incidents, rule authors reload rules', async () => {
  const rita = client();
  assert.equal((await rita.login('rita', RESPONDER_PW)).status, 303);
  assert.equal((await rita.send('/console/incidents')).status, 200);
  const ritaToken = await rita.csrf();
  const reload = await rita.send('/console/rules/reload', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(ritaToken)}` });
  assert.equal(reload.status, 403);

  const andy = client();
  assert.equal((await andy.login('andy', AUTHOR_PW)).status, 303);
  assert.equal((await andy.send('/console/incidents')).status, 403);
  assert.equal((await andy.send('/console/api/incidents')).status, 403);
  assert.equal((await andy.send('/console/rules')).status, 200);

  const anon = client();
  assert.equal((await anon.send('/console/api/incidents')).status, 401);
});

test('playground: findings, explanation, redaction and policy preview; nothing stored or logged', async () => {
  const c = client();
  await c.login('admin', ADMIN_PW);
  const token = await c.csrf();
  const store = svc.runtime.store!.raw;
  const auditBefore = (await store.auditEntries()).length;
  const res = await c.send('/console/api/playground', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body: JSON.stringify({ text: `deploy ${SECRET} now`, kind: 'shared-external' }) });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { findings: Array<{ ruleId: string; start: number; end: number; why: string[] }>; redacted: string; decision: { mode: string; actions: Array<{ kind: string }> } };
  const f = body.findings.find((x) => x.ruleId.includes('aws'));
  assert.ok(f, JSON.stringify(body.findings));
  assert.equal(`deploy ${SECRET} now`.slice(f.start, f.end), SECRET);
  assert.ok(f.why.length > 0);
  assert.ok(!body.redacted.includes(SECRET));
  assert.equal(body.decision.mode, 'enforce');
  assert.ok(body.decision.actions.length > 0);
  assert.equal((await store.auditEntries()).length, auditBefore, 'nothing recorded');
  assert.equal((await store.overview()).decisions, 0);
  assert.ok(!logs.includes(SECRET), 'playground text logged');
});

// Last: the lockout also covers this client address.
test('failed logins are throttled and written to the audit trail; passwords never logged', async () => {
  const c = client();
  const store = svc.runtime.store!.raw;
  const before = (await store.auditEntries()).filter((e) => e.kind === 'console-login').length;
  for (let i = 0; i < 3; i++) assert.equal((await c.login('rita', `wrong guess ${i}`)).status, 401);
  const locked = await c.login('rita', RESPONDER_PW);
  assert.equal(locked.status, 429, 'even the right password is refused while locked');
  assert.match(await locked.text(), /Too many failed logins/);
  const entries = (await store.auditEntries()).filter((e) => e.kind === 'console-login');
  assert.equal(entries.length - before, 4);
  assert.deepEqual(entries.slice(-4).map((e) => e.data.outcome), ['failed', 'failed', 'failed', 'locked']);
  assert.equal(entries.at(-1)?.subject, 'rita');
  assert.ok(!logs.includes('wrong guess') && !logs.includes(RESPONDER_PW) && !logs.includes(ADMIN_PW));
  assert.match((await (await fetch(`${svc.url}/metrics`)).text()), /dlp_console_logins_total\{outcome="failed"\} [3-9]/);
});
