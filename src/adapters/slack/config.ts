// Typed configuration of the Slack adapter. Filled by src/config.ts from the environment
// (SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_ADMIN_USER_TOKEN, SLACK_API_URL,
// SLACK_SECURITY_CHANNEL); tests pass it directly.

export interface SlackRetryConfig {
  /** How many times a failed Web API call is retried (network errors, 5xx, 429). */
  retries: number;
  /** Backoff growth factor and first delay (ms); defaults follow @slack/web-api's policy. */
  factor?: number;
  minTimeout?: number;
  maxTimeout?: number;
  randomize?: boolean;
}

export interface SlackConfig {
  /** App signing secret: every HTTP request from Slack is verified with it (5-minute window). */
  signingSecret: string;
  /** Bot token (xoxb-…). */
  botToken: string;
  /** App-level token (xapp-…): when set, events arrive over Socket Mode instead of HTTP. */
  appToken?: string;
  /** User token (xoxp-…) of a workspace admin with user scope chat:write: lets the bot delete others' messages. */
  adminUserToken?: string;
  /** Web API base URL; must end with '/'. Default https://slack.com/api/. Tests point it at the emulator. */
  apiUrl?: string;
  /** Channel id (C…) where incident cards are posted. */
  securityChannel: string;
  /** HTTP path of the Events API and interactivity endpoint. Default /slack/events. */
  eventsPath?: string;
  /** Web API retry policy. Default: 10 retries over about 30 minutes (@slack/web-api's default). */
  retry?: SlackRetryConfig;
  /** Seconds users.info / conversations.info answers are cached. Default 600. */
  directoryTtlSeconds?: number;
}

export const DEFAULT_API_URL = 'https://slack.com/api/';
export const DEFAULT_EVENTS_PATH = '/slack/events';

/** Throws a clear error for a config the adapter cannot work with. */
export function checkSlackConfig(config: SlackConfig): void {
  const problems: string[] = [];
  if (!config.signingSecret) problems.push('signingSecret (SLACK_SIGNING_SECRET) is empty');
  if (!config.botToken) problems.push('botToken (SLACK_BOT_TOKEN) is empty');
  if (!config.securityChannel) problems.push('securityChannel (SLACK_SECURITY_CHANNEL) is empty');
  if (config.apiUrl !== undefined && !config.apiUrl.endsWith('/')) {
    problems.push(`apiUrl (SLACK_API_URL) must end with '/': got ${JSON.stringify(config.apiUrl)}`);
  }
  if (problems.length > 0) throw new Error(`Slack configuration invalid: ${problems.join('; ')}`);
}
