// One place that builds WebClients: base URL (SLACK_API_URL), retries with backoff, and 429
// handling (the client pauses its queue for Retry-After seconds, then retries).
import type { Logger } from 'pino';
import { ErrorCode, WebClient, type RetryOptions } from '@slack/web-api';
import { DEFAULT_API_URL, type SlackConfig } from './config.js';
import { toSlackLogger } from './slack-logger.js';

// @slack/web-api's default policy (tenRetriesInAboutThirtyMinutes); its `retryPolicies` export is
// not visible to ESM named imports, so it is restated here.
const DEFAULT_RETRY: RetryOptions = { retries: 10, factor: 1.96821, randomize: true };

export function createWebClient(token: string, config: SlackConfig, logger: Logger): WebClient {
  const retryConfig: RetryOptions = config.retry ? { ...config.retry } : DEFAULT_RETRY;
  return new WebClient(token, {
    slackApiUrl: config.apiUrl ?? DEFAULT_API_URL,
    logger: toSlackLogger(logger),
    retryConfig,
    rejectRateLimitedCalls: false,
  });
}

/** Slack's error code for a failed call ("cant_delete_message"), or a coarse kind for transport errors. */
export function slackErrorCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return 'unknown_error';
  const e = err as { code?: string; data?: { error?: unknown }; statusCode?: number };
  if (e.code === ErrorCode.PlatformError && typeof e.data?.error === 'string') return e.data.error;
  if (e.code === ErrorCode.RateLimitedError) return 'ratelimited';
  if (e.code === ErrorCode.HTTPError) return `http_${e.statusCode ?? 'error'}`;
  if (e.code === ErrorCode.RequestError) return 'request_error';
  return 'unknown_error';
}

// Errors a retry cannot fix: wrong place, no permission, bad token, bad payload.
const PERMANENT = new Set([
  'cant_delete_message',
  'cant_update_message',
  'compliance_exports_prevent_deletion',
  'channel_not_found',
  'not_in_channel',
  'user_not_in_channel',
  'is_archived',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'ekm_access_denied',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'too_many_attachments',
  'no_text',
  'user_not_found',
  'cannot_dm_bot',
  'edit_window_closed',
]);

export function isPermanentSlackError(code: string): boolean {
  return PERMANENT.has(code);
}
