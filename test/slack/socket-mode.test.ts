// Socket Mode (SLACK_APP_TOKEN): the same bot over a WebSocket instead of HTTP, against the
// emulator's Socket Mode server, with the real core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlackEmulator } from '../support/slack-emulator.js';
import { startSlackHarness } from '../support/slack-harness.js';
import { blockActionPayload, messageEnvelope } from '../support/slack-payloads.js';

const AWS_KEY = 'AKIAIOSFODNN7QWERTYU';

test('Socket Mode: events and card buttons arrive over the WebSocket and are acknowledged', async () => {
  const emu = await SlackEmulator.start();
  const h = await startSlackHarness({ emulator: emu, config: { appToken: emu.appToken }, startWorker: true });
  try {
    await emu.socketMode.connected();
    assert.equal(emu.callsTo('apps.connections.open')[0]?.token, 'app');

    const ack = await emu.socketMode.sendEvent(messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts: emu.nextTs(), text: `key ${AWS_KEY}` }));
    assert.ok(ack.envelope_id);
    // Socket Mode acknowledges before the listener runs; the worker loop then acts.
    const warning = await emu.waitFor('chat.postEphemeral');
    assert.equal(warning.body.user, 'UALEX');
    const card = await emu.waitFor('chat.postMessage', (c) => c.body.channel === h.securityChannel);

    const blocks = card.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value?: string }> }>;
    const incidentId = blocks.find((b) => b.type === 'actions')?.elements?.find((e) => e.action_id === 'dlp_incident_acknowledge')?.value ?? '';
    const cardTs = (card.response as { ts: string }).ts;
    await emu.socketMode.sendInteraction(blockActionPayload({ actionId: 'dlp_incident_acknowledge', value: incidentId, userId: 'USAM', userName: 'sam', channel: h.securityChannel, messageTs: cardTs, responseUrl: emu.responseUrl() }));
    await emu.waitFor('chat.update', (c) => c.body.ts === cardTs && /Acknowledged by/.test(JSON.stringify(c.body.blocks)));
    assert.equal((await h.core.getIncident(incidentId))?.status, 'acknowledged');
    assert.equal(emu.requestsContaining(AWS_KEY).length, 0);
  } finally {
    await h.close();
    await emu.close();
  }
});
