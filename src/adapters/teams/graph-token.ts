// App-only Microsoft Graph token (OAuth2 client credentials), cached until shortly before it
// expires. Concurrent callers share one in-flight request.
import type { Logger } from 'pino';

export interface GraphTokenOptions {
  tokenUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  timeoutMs: number;
  logger: Logger;
  now?: () => number;
}

export class GraphTokenError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'GraphTokenError';
  }
}

// Renew a minute early so a token never expires between fetch and use.
const EARLY_RENEW_MS = 60_000;

export class GraphTokenProvider {
  private cached?: { token: string; expiresAt: number };
  private inflight?: Promise<string>;
  private readonly now: () => number;

  constructor(private readonly opts: GraphTokenOptions) {
    this.now = opts.now ?? Date.now;
  }

  get url(): string {
    return this.opts.tokenUrl.replace('{tenant}', encodeURIComponent(this.opts.tenantId || 'common'));
  }

  /** Drop the cached token (Graph answered 401). */
  invalidate(): void {
    this.cached = undefined;
  }

  async getToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt > this.now()) return this.cached.token;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.opts.clientId,
      client_secret: this.opts.clientSecret,
      scope: this.opts.scope ?? 'https://graph.microsoft.com/.default',
    });
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      throw new GraphTokenError(`token endpoint unreachable (${(err as Error).name})`, undefined, false);
    }
    const json = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!res.ok || typeof json.access_token !== 'string') {
      const code = typeof json.error === 'string' ? json.error : 'no access_token';
      // 400/401 mean wrong tenant, id or secret: retrying will not help until someone fixes config.
      const permanent = res.status === 400 || res.status === 401;
      this.opts.logger.warn({ status: res.status, code }, 'graph token request refused');
      throw new GraphTokenError(`Graph token refused (${res.status} ${code})`, res.status, permanent);
    }
    const ttlSec = Number(json.expires_in);
    const ttlMs = Number.isFinite(ttlSec) && ttlSec > 0 ? ttlSec * 1000 : 3_600_000;
    this.cached = { token: json.access_token, expiresAt: this.now() + Math.max(ttlMs - EARLY_RENEW_MS, ttlMs / 2) };
    return json.access_token;
  }
}
