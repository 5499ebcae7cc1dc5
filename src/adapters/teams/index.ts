// Public face of the Teams adapter. botbuilder stays behind this folder: moving to the
// Microsoft 365 Agents SDK should only change files in src/adapters/teams/.
export { type TeamsConfig, TEAMS_DEFAULTS, botAccountId } from './config.js';
export { createTeamsAdapter } from './adapter.js';
export { createTeamsPlatform, type TeamsPlatform, type TeamsPlatformDeps } from './platform.js';
export { createTeamsReceiver, type TeamsReceiver, type TeamsReceiverDeps } from './receiver.js';
export { normalizeTeamsActivity } from './normalize.js';
export { teamsHtmlToText } from './html-text.js';
