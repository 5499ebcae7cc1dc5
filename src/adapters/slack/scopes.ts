// The OAuth scopes and event subscriptions the adapter uses, each with its reason. The app manifest
// (manifest/slack/manifest.yaml) must list exactly these; test/slack/manifest.test.ts checks it.

export const BOT_SCOPES: Record<string, string> = {
  'channels:history': 'receive message events in public channels the bot is in (message.channels)',
  'groups:history': 'receive message events in private channels the bot is in (message.groups)',
  'im:history': 'receive messages people send the bot directly (message.im)',
  'mpim:history': 'receive message events in group DMs the bot is in (message.mpim)',
  'chat:write': 'post warnings (chat.postEphemeral), DM copies, incident cards and masked copies (chat.postMessage), update cards (chat.update)',
  'users:read': 'users.info: tell guests and external (Slack Connect) authors apart, show names on cards',
  'channels:read': 'conversations.info for public channels: name, member count, shared with another organisation',
  'groups:read': 'conversations.info for private channels',
  'im:read': 'conversations.info for direct messages with the bot',
  'mpim:read': 'conversations.info for group DMs',
};

/** Requested from the workspace admin who installs the app (SLACK_ADMIN_USER_TOKEN). */
export const USER_SCOPES: Record<string, string> = {
  'chat:write': 'chat.delete of other people\'s messages as an admin (a bot token can only delete the bot\'s own)',
};

export const BOT_EVENTS: Record<string, string> = {
  'message.channels': 'messages, thread replies, edits and snippets in public channels',
  'message.groups': 'the same in private channels',
  'message.im': 'the same in DMs with the bot',
  'message.mpim': 'the same in group DMs',
};
