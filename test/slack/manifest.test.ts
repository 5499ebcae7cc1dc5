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

// Keys accepted by Slack's manifest schema v1 (slackapi/manifest-schema, additionalProperties: false
// at each of these levels): an unknown key makes "Create from manifest" fail.
test('only keys the manifest schema accepts, within its length limits', () => {
  const raw = manifest as unknown as Record<string, Record<string, unknown>>;
  const allowed: Record<string, string[]> = {
    '': ['$schema', '_metadata', 'app_directory', 'display_information', 'features', 'oauth_config', 'settings', 'functions', 'workflows', 'datastores', 'outgoing_domains', 'types', 'external_auth_providers'],
    display_information: ['name', 'description', 'background_color', 'long_description'],
    features: ['app_home', 'bot_user', 'functions', 'shortcuts', 'slash_commands', 'workflow_steps', 'unfurl_domains', 'assistant_view'],
    oauth_config: ['redirect_urls', 'scopes', 'token_management_enabled', 'pkce_enabled'],
    settings: ['allowed_ip_address_ranges', 'event_subscriptions', 'incoming_webhooks', 'interactivity', 'org_deploy_enabled', 'socket_mode_enabled', 'is_hosted', 'token_rotation_enabled', 'siws_links', 'hermes_app_type', 'function_runtime', 'is_mcp_enabled'],
  };
  for (const [level, keys] of Object.entries(allowed)) {
    const obj = level === '' ? raw : raw[level];
    for (const k of Object.keys(obj ?? {})) assert.ok(keys.includes(k), `${level || '(top)'}.${k} is not in the manifest schema`);
  }
  const app = (raw.features?.app_home ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(app)) assert.ok(['home_tab_enabled', 'messages_tab_enabled', 'messages_tab_read_only_enabled'].includes(k), `features.app_home.${k}`);
  assert.ok(manifest.display_information.name.length <= 35);
  assert.ok(String((raw.display_information as { description?: string }).description ?? '').length <= 140);
  assert.match(manifest.settings.event_subscriptions.request_url, /^https?:\/\//);
});
