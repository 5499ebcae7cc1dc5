/**
 * OAuth2 token endpoint emulator (client credentials), for GRAPH_TOKEN_URL.
 *
 *   const tokens = await startTokenEmulator({ clientId: 'graph-app', clientSecret: 's3cret' });
 *   config.graphTokenUrl = tokens.tokenUrl;      // http://127.0.0.1:PORT/{tenant}/oauth2/v2.0/token
 *   tokens.issued                                // access tokens handed out, in order
 *   tokens.requests                              // every request (form fields parsed in .body)
 *
 * Wrong client id/secret -> 401 { error: "invalid_client" }; wrong grant -> 400.
 */
import { startRecordingServer, type RecordedRequest } from './teams-http.js';

export interface TokenEmulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** Seconds; default 3599. */
  expiresIn?: number;
}

export interface TokenEmulator {
  /** Contains the literal "{tenant}" placeholder the adapter fills in. */
  tokenUrl: string;
  issued: string[];
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startTokenEmulator(opts: TokenEmulatorOptions = {}): Promise<TokenEmulator> {
  const issued: string[] = [];
  const server = await startRecordingServer((rec) => {
    if (rec.method !== 'POST' || !/\/oauth2\/v2\.0\/token$/.test(rec.path)) return undefined;
    const form = (rec.body ?? {}) as Record<string, string>;
    if (form.grant_type !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    if ((opts.clientId && form.client_id !== opts.clientId) || (opts.clientSecret && form.client_secret !== opts.clientSecret)) {
      return { status: 401, body: { error: 'invalid_client' } };
    }
    const token = `emulated-graph-token-${issued.length + 1}`;
    issued.push(token);
    return { status: 200, body: { token_type: 'Bearer', expires_in: opts.expiresIn ?? 3599, access_token: token } };
  });
  return {
    tokenUrl: `${server.origin}/{tenant}/oauth2/v2.0/token`,
    issued,
    requests: server.requests,
    close: () => server.close(),
  };
}
