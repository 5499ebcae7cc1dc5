// Typed configuration of the Teams adapter. Built by src/config.ts from the environment; tests
// pass it directly. Nothing in this folder reads process.env.

export interface TeamsConfig {
  /** Entra app id of the bot registration. Empty = local/no-auth mode (Emulator, tests). */
  appId: string;
  appPassword: string;
  /** Required when appType is SingleTenant. */
  appTenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Graph base URL including the version, e.g. https://graph.microsoft.com/v1.0 */
  graphApiUrl: string;
  /** OAuth2 token endpoint; a literal `{tenant}` is replaced by graphTenantId. */
  graphTokenUrl: string;
  graphTenantId: string;
  graphClientId: string;
  graphClientSecret: string;
  /** Conversation id of the channel that receives incident cards (19:...@thread.tacv2). */
  securityChannel: string;
  /** Fallback compliance URL for the policy tip when the core gives none. */
  complianceUrl?: string;
  /** Bot display name used when no installation told us (defaults to "chat-dlp"). */
  botName?: string;
  /** Graph 429: how many times to retry, and the longest Retry-After we wait in-process. */
  graphMaxRetries?: number;
  graphMaxRetryAfterMs?: number;
  /** Look authors up in the team/chat roster to spot guests and federated users (default true). */
  memberLookup?: boolean;
  /** Per-request timeout for Graph and the token endpoint. */
  httpTimeoutMs?: number;
}

export const TEAMS_DEFAULTS = {
  graphApiUrl: 'https://graph.microsoft.com/v1.0',
  graphTokenUrl: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
  appType: 'MultiTenant',
  botName: 'chat-dlp',
  graphMaxRetries: 3,
  graphMaxRetryAfterMs: 30_000,
  httpTimeoutMs: 10_000,
} as const;

/** The bot's channel account id in Teams is "28:" + its app id. */
export function botAccountId(config: TeamsConfig): string {
  return config.appId ? `28:${config.appId}` : '28:chat-dlp-local';
}
