// The console: login (rate-limited, audited), sessions in HTTP-only SameSite cookies, a CSRF
// token on every POST, roles (responder: incidents; rule-author: rules reload), the pages, a
// small JSON API and the static assets. Mounted at /console by app.ts.
import express, { type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { CATEGORIES, SEVERITIES, type Category, type Severity } from '../../rules/types.js';
import type { IncidentCommand, IncidentStatus } from '../../bot/ports.js';
import type { ConsoleRole } from '../../config.js';
import type { Runtime } from '../runtime.js';
import type { Authenticator } from './auth.js';
import type { SessionData, SessionManager } from './sessions.js';
import { parseCookies, serializeCookie, wantSecure } from './cookies.js';
import { createLoginLimiter } from './login-limiter.js';
import { sameSecret } from './password.js';
import { createConsoleData, type ConsoleData, type IncidentFilter } from './data.js';
import { loginPage } from './pages/login.js';
import { overviewPage } from './pages/overview.js';
import { incidentPage, incidentsPage, STATUSES } from './pages/incidents.js';
import { rulesPage } from './pages/rules.js';
import { playgroundPage } from './pages/playground.js';
import { runPlayground } from './playground.js';
import { page } from './layout.js';
import { html } from './html.js';

export const SESSION_COOKIE = 'dlp_session';
export const LOGIN_CSRF_COOKIE = 'dlp_login_csrf';
const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const COMMANDS: IncidentCommand[] = ['acknowledge', 'assign-to-me', 'resolve', 'false-positive'];

declare module 'express-serve-static-core' {
  interface Request {
    dlpSession?: SessionData;
    dlpSessionToken?: string;
  }
}

export interface ConsoleDeps {
  rt: Runtime;
  auth: Authenticator;
  sessions: SessionManager;
  logger: Logger;
  data?: ConsoleData;
}

const pick = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined => (typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined);
const text = (v: unknown, max = 200): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined);

export function createConsoleRouter(deps: ConsoleDeps): express.Router {
  const { rt, auth, sessions, logger } = deps;
  const data = deps.data ?? createConsoleData(rt);
  const cfg = rt.config.console;
  const limiter = createLoginLimiter({ max: cfg.maxFailedLogins, windowMs: cfg.lockoutMinutes * 60_000 });
  const router = express.Router();

  router.use((_req, res, next) => {
    // Strict headers: no framing, no inline script, no referrer leaks, no caching of pages.
    res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use('/static', express.static(STATIC_DIR, { fallthrough: false, index: false }));
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(express.json({ limit: '256kb' }));

  router.use(async (req, _res, next) => {
    try {
      const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
      const s = await sessions.lookup(token);
      if (s) {
        req.dlpSession = s;
        req.dlpSessionToken = token;
      }
      next();
    } catch (e) {
      next(e);
    }
  });

  const secure = (req: Request) => wantSecure(req, cfg.cookieSecure);
  const wantsJson = (req: Request) => req.path.startsWith('/api/');

  const requireRole = (...roles: ConsoleRole[]): RequestHandler => (req, res, next) => {
    const s = req.dlpSession;
    if (!s) {
      if (wantsJson(req)) res.status(401).json({ error: 'log in first' });
      else res.redirect(303, '/console/login');
      return;
    }
    if (roles.length && !roles.some((r) => s.roles.includes(r))) {
      if (wantsJson(req)) res.status(403).json({ error: `needs role ${roles.join(' or ')}` });
      else res.status(403).send(page({ rt, session: s }, 'Not allowed', html`<p>This needs the role ${roles.join(' or ')}.</p>`));
      return;
    }
    next();
  };

  // Every POST after login carries the session's CSRF token (form field or header).
  const csrf: RequestHandler = (req, res, next) => {
    const s = req.dlpSession;
    const given = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
    if (!s || typeof given !== 'string' || !sameSecret(given, s.csrf)) {
      res.status(403).json({ error: 'missing or wrong CSRF token: reload the page' });
      return;
    }
    next();
  };

  const renderLogin = (req: Request, res: Response, status: number, message?: string) => {
    const token = randomBytes(24).toString('base64url');
    res.setHeader('Set-Cookie', serializeCookie(LOGIN_CSRF_COOKIE, token, { secure: secure(req), path: '/console', maxAgeSeconds: 3600 }));
    res.status(status).type('html').send(loginPage({ rt }, token, message));
  };

  router.get('/login', (req, res) => {
    if (req.dlpSession) return res.redirect(303, '/console/');
    renderLogin(req, res, 200);
  });

  router.post('/login', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const cookie = parseCookies(req.headers.cookie)[LOGIN_CSRF_COOKIE];
      if (typeof body._csrf !== 'string' || !cookie || !sameSecret(body._csrf, cookie)) {
        renderLogin(req, res, 403, 'Your login form expired. Please try again.');
        return;
      }
      const user = text(body.user, 64) ?? '';
      const password = typeof body.password === 'string' ? body.password.slice(0, 512) : '';
      const ip = req.ip ?? 'unknown';
      const keys = [`ip:${ip}`, `user:${user}`];
      const wait = limiter.lockedFor(keys);
      if (wait > 0) {
        rt.metrics.consoleLogins.inc({ outcome: 'locked' });
        await data.audit('console-login', user || '-', { outcome: 'locked', ip }).catch(() => undefined);
        logger.warn({ user, ip }, 'console login refused: too many failed attempts');
        renderLogin(req, res, 429, `Too many failed logins. Try again in ${Math.ceil(wait / 60_000)} minute(s).`);
        return;
      }
      const u = await auth.authenticate(user, password);
      if (!u) {
        limiter.fail(keys);
        rt.metrics.consoleLogins.inc({ outcome: 'failed' });
        await data.audit('console-login', user || '-', { outcome: 'failed', ip }).catch((e: unknown) => logger.warn({ err: (e as Error).message }, 'audit of failed login not written'));
        logger.warn({ user, ip }, 'console login failed');
        renderLogin(req, res, 401, 'Wrong user name or password.');
        return;
      }
      limiter.succeed(keys);
      const { token } = await sessions.create(u);
      rt.metrics.consoleLogins.inc({ outcome: 'ok' });
      await data.audit('console-login', u.name, { outcome: 'ok', ip }).catch(() => undefined);
      logger.info({ user: u.name, roles: u.roles }, 'console login');
      res.setHeader('Set-Cookie', [
        serializeCookie(SESSION_COOKIE, token, { secure: secure(req), path: '/console', maxAgeSeconds: cfg.sessionTtlMinutes * 60 }),
        serializeCookie(LOGIN_CSRF_COOKIE, '', { secure: secure(req), path: '/console', maxAgeSeconds: 0 }),
      ]);
      res.redirect(303, '/console/');
    } catch (e) {
      next(e);
    }
  });

  router.post('/logout', requireRole(), csrf, async (req, res) => {
    if (req.dlpSessionToken) await sessions.revoke(req.dlpSessionToken);
    res.setHeader('Set-Cookie', serializeCookie(SESSION_COOKIE, '', { secure: secure(req), path: '/console', maxAgeSeconds: 0 }));
    res.redirect(303, '/console/login');
  });

  const ctx = (req: Request) => ({ rt, session: req.dlpSession });
  const unavailable = (req: Request, res: Response, e: unknown) => {
    const msg = (e as Error).message;
    logger.warn({ err: msg, path: req.path }, 'console page could not load its data');
    if (wantsJson(req)) res.status(503).json({ error: msg });
    else res.status(503).send(page(ctx(req), 'Not available yet', html`<p class="problem">${msg}</p><p>${rt.problem ?? ''}</p>`));
  };
  const ruleNames = () => new Map(rt.engine.rules.map((r) => [r.id, r.name]));

  const filterOf = (q: Record<string, unknown>): IncidentFilter => ({
    status: pick<IncidentStatus>(q.status, STATUSES),
    severity: pick<Severity>(q.severity, SEVERITIES),
    category: pick<Category>(q.category, CATEGORIES),
    rule: text(q.rule),
    conversation: text(q.conversation),
    assignee: text(q.assignee),
    limit: 200,
  });

  router.get('/', requireRole(), async (req, res) => {
    try {
      const o = await data.overview(14);
      res.type('html').send(overviewPage({ ...ctx(req), active: 'overview' }, o, ruleNames()));
    } catch (e) {
      unavailable(req, res, e);
    }
  });

  router.get('/incidents', requireRole('responder'), async (req, res) => {
    const f = filterOf(req.query as Record<string, unknown>);
    try {
      res.type('html').send(incidentsPage(ctx(req), await data.listIncidents(f), f));
    } catch (e) {
      unavailable(req, res, e);
    }
  });

  router.get('/incidents/:id', requireRole('responder'), async (req, res) => {
    try {
      const d = await data.incidentDetail(String(req.params.id));
      if (!d) {
        res.status(404).send(page(ctx(req), 'No such incident', html`<p><a href="/console/incidents">Back to incidents</a></p>`));
        return;
      }
      const flash = text(req.query.done, 100);
      res.type('html').send(incidentPage(ctx(req), d, true, flash));
    } catch (e) {
      unavailable(req, res, e);
    }
  });

  const runCommand = async (req: Request): Promise<{ status: number; body: Record<string, unknown> }> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const command = pick<IncidentCommand>(body.command, COMMANDS);
    if (!command) return { status: 400, body: { error: `command must be one of ${COMMANDS.join(', ')}` } };
    const s = req.dlpSession!;
    const view = await data.command(String(req.params.id), command, { platform: 'console', id: s.user, name: s.user }, text(body.note, 500));
    logger.info({ incident: req.params.id, command, user: s.user }, 'incident command from the console');
    return { status: 200, body: { incident: view } };
  };

  router.post('/incidents/:id/command', requireRole('responder'), csrf, async (req, res) => {
    try {
      const r = await runCommand(req);
      if (r.status !== 200) {
        res.status(r.status).json(r.body);
        return;
      }
      res.redirect(303, `/console/incidents/${encodeURIComponent(String(req.params.id))}?done=${encodeURIComponent(`${String((req.body as Record<string, unknown>).command)} done`)}`);
    } catch (e) {
      unavailable(req, res, e);
    }
  });

  router.get('/rules', requireRole(), async (req, res) => {
    let stats = {};
    try {
      stats = await data.ruleStats();
    } catch (e) {
      logger.debug({ err: (e as Error).message }, 'rule stats not available');
    }
    res.type('html').send(rulesPage(ctx(req), stats, req.dlpSession!.roles.includes('rule-author'), text(req.query.done, 200)));
  });

  router.post('/rules/reload', requireRole('rule-author'), csrf, async (req, res) => {
    if (!rt.reloader) {
      res.redirect(303, '/console/rules?done=' + encodeURIComponent('hot reload is off (RULES_RELOAD=false) or start-up has not finished'));
      return;
    }
    const o = await rt.reloader.reload(`console (${req.dlpSession!.user})`);
    res.redirect(303, '/console/rules?done=' + encodeURIComponent(o.ok ? `reloaded: ${o.ruleCount} rules in force` : `refused: ${o.errors.length} errors; previous rules kept`));
  });

  router.get('/playground', requireRole(), (req, res) => {
    res.type('html').send(playgroundPage(ctx(req)));
  });

  // JSON API (same sessions, roles and CSRF as the pages).
  router.get('/api/incidents', requireRole('responder'), async (req, res) => {
    try {
      res.json({ incidents: await data.listIncidents(filterOf(req.query as Record<string, unknown>)) });
    } catch (e) {
      unavailable(req, res, e);
    }
  });
  router.get('/api/incidents/:id', requireRole('responder'), async (req, res) => {
    try {
      const d = await data.incidentDetail(String(req.params.id));
      if (!d) res.status(404).json({ error: 'no such incident' });
      else res.json(d);
    } catch (e) {
      unavailable(req, res, e);
    }
  });
  router.post('/api/incidents/:id/command', requireRole('responder'), csrf, async (req, res) => {
    try {
      const r = await runCommand(req);
      res.status(r.status).json(r.body);
    } catch (e) {
      unavailable(req, res, e);
    }
  });
  router.get('/api/rules', requireRole(), async (_req, res) => {
    const stats = await data.ruleStats().catch(() => ({}) as Record<string, never>);
    res.json({
      rules: rt.engine.rules.map((r) => ({ ...r, stats: (stats as Record<string, unknown>)[r.id] ?? null })),
      files: rt.rules.files,
      loadedAt: rt.rules.loadedAt,
      errors: rt.rules.errors,
      lastRefused: rt.rules.lastRefused ?? null,
    });
  });
  router.get('/api/overview', requireRole(), async (req, res) => {
    try {
      res.json(await data.overview(Math.min(90, Math.max(1, Number(req.query.days) || 14))));
    } catch (e) {
      unavailable(req, res, e);
    }
  });
  router.post('/api/playground', requireRole(), csrf, async (req, res) => {
    // Nothing from the body is logged or stored: the text only lives for this request.
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.text !== 'string' || body.text.length > 100_000) {
      res.status(400).json({ error: 'text must be a string of at most 100,000 characters' });
      return;
    }
    try {
      res.json(await runPlayground(rt, body.text, { kind: body.kind, external: body.external === true || body.external === 'on' }));
    } catch (e) {
      unavailable(req, res, e);
    }
  });

  return router;
}
