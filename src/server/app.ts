// The one express 5 app on PORT: health, readiness, metrics, the Slack and Teams endpoints (each
// only when switched on) and the console. Platform endpoints are mounted lazily so the port can
// open before start-up finishes (answering 503, which both platforms retry).
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { readiness, type Runtime } from './runtime.js';

export interface AppExtras {
  /** The console router (mounted at /console). */
  console?: express.Router;
}

export function createApp(rt: Runtime, logger: Logger, extras: AppExtras = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', rt.config.trustProxy);

  app.get('/healthz', (_req, res) => {
    res.json({ status: rt.phase === 'stopping' ? 'stopping' : 'ok', phase: rt.phase, uptimeSeconds: Math.round(process.uptime()) });
  });

  app.get('/readyz', async (_req, res) => {
    const r = await readiness(rt);
    res.status(r.ready ? 200 : 503).json(r);
  });

  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', rt.metrics.registry.contentType);
    res.send(await rt.metrics.registry.metrics());
  });

  // Count requests that can lead to actions, so shutdown can wait for them.
  const track: RequestHandler = (_req, res, next) => {
    rt.inFlight++;
    let done = false;
    const end = () => {
      if (!done) {
        done = true;
        rt.inFlight--;
      }
    };
    res.on('finish', end);
    res.on('close', end);
    next();
  };
  const refuseWhileStopping: RequestHandler = (_req, res, next) => {
    if (rt.phase === 'stopping') {
      res.setHeader('Connection', 'close');
      res.status(503).json({ error: 'shutting down' });
      return;
    }
    next();
  };

  const slackPath = '/slack';
  app.use(slackPath, refuseWhileStopping, track);
  app.use((req, res, next) => {
    if (!req.path.startsWith(slackPath)) return next();
    if (rt.slack) return (rt.slack.router as RequestHandler)(req, res, next);
    if (rt.config.slack) {
      res.status(503).json({ error: 'starting' });
      return;
    }
    res.status(404).json({ error: 'Slack is off: set SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_SECURITY_CHANNEL' });
  });

  app.post('/api/messages', refuseWhileStopping, track, (req, res, next) => {
    if (rt.teams) return rt.teams.handler(req, res, next);
    if (rt.config.teams) {
      res.status(503).json({ error: 'starting' });
      return;
    }
    res.status(404).json({ error: 'Teams is off: set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and TEAMS_SECURITY_CHANNEL' });
  });

  if (extras.console) app.use('/console', extras.console);
  app.get('/', (_req, res) => res.redirect(302, '/console/'));

  app.use(((err, _req, res, _next) => {
    // Never the message: body-parser and JSON.parse errors quote the request body (message text).
    const e = err as { name?: string; type?: string; status?: number };
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 600 ? e.status : 500;
    logger[status >= 500 ? 'error' : 'warn']({ err: { name: e.name, type: e.type }, status }, 'request failed');
    if (!res.headersSent) res.status(status).json({ error: status >= 500 ? 'internal error' : 'bad request' });
  }) as express.ErrorRequestHandler);
  return app;
}
