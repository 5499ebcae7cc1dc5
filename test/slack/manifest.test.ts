// The manifest asks for exactly the scopes and events the adapter uses, and is importable YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { BOT_EVENTS, BOT_SCOPES, USER_SCOPES } from '../../src/adapters/slack/scopes.js';

interface Manifest {
  _metadata: { major_version: number };
  display_information: { name: string };
  features: { bot_user: { display_name: string }; app_home: { messages_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[]; user: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(readFileSync(new URL('../../manifest/slack/manifest.yaml', import.meta.url), 'utf8')) as Manifest;

test('bot and user scopes are exactly those the adapter uses', () => {
  assert.deepEqual([...manifest.oauth_config.scopes.bot].sort(), Object.keys(BOT_SCOPES).sort());
  assert.deepEqual([...manifest.oauth_config.scopes.user].sort(), Object.keys(USER_SCOPES).sort());
});

test('event subscriptions are exactly the message events', () => {
  assert.deepEqual([...manifest.settings.event_subscriptions.bot_events].sort(), Object.keys(BOT_EVENTS).sort());
});

test('each event has the scope Slack requires for it', () => {
  const needs: Record<string, string> = { 'message.channels': 'channels:history', 'message.groups': 'groups:history', 'message.im': 'im:history', 'message.mpim': 'mpim:history' };
  for (const e of manifest.settings.event_subscriptions.bot_events) {
    assert.ok(needs[e], `unexpected event ${e}`);
    assert.ok(manifest.oauth_config.scopes.bot.includes(needs[e]), `${e} needs ${needs[e]}`);
  }
});

test('events and interactivity share the receiver endpoint; DM copies have a messages tab', () => {
  assert.equal(manifest._metadata.major_version, 1);
  assert.match(manifest.settings.event_subscriptions.request_url, /\/slack\/events$/);
  assert.equal(manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url);
  assert.equal(manifest.settings.interactivity.is_enabled, true);
  assert.equal(manifest.features.app_home.messages_tab_enabled, true);
});
