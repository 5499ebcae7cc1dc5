// Public surface of the Slack adapter.
export type { SlackConfig, SlackRetryConfig } from './config.js';
export { checkSlackConfig, DEFAULT_API_URL, DEFAULT_EVENTS_PATH } from './config.js';
export { createSlackPlatform, type SlackPlatform, type SlackIdentity } from './platform.js';
export { normalizeSlackEvent, buildPermalink, type NormalizeContext } from './normalize.js';
export { slackMarkupToText } from './markup.js';
export { warningBlocks, incidentCardBlocks, overrideModal } from './blocks.js';
export type { SlackEnvelope, SlackMessageEvent } from './slack-types.js';
export { createSlackReceiver, type SlackReceiver, type SlackReceiverOptions } from './receiver.js';
export { createWorkerKicker } from './worker-kicker.js';
export { BOT_SCOPES, USER_SCOPES, BOT_EVENTS } from './scopes.js';
