// Everything the Slack path logs, at the most verbose level, holds no message value and no token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SlackEmulator } from '../support/slack-emulator.js';
import { startSlackHarness } from '../support/slack-harness.js';
import { blockActionPayload, messageEnvelope } from '../support/slack-payloads.js';

const AWS_KEY = 'AKIAIOSFODNN7QWERTYU';

test('trace-level logs of a full Slack flow contain no secret and no token', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = pino({ level: 'trace' }, sink);
  const emu = await SlackEmulator.start();
  const h = await startSlackHarness({ emulator: emu, logger });
  try {
    emu.fail('chat.postEphemeral', { error: 'user_not_in_channel' });
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts: emu.nextTs(), text: `deploy key ${AWS_KEY}` }));
    await emu.sendEvent(h.eventsUrl, messageEnvelope({ channel: 'CDEV', user: 'UALEX', ts: emu.nextTs(), text: `again ${AWS_KEY}` }), { signingSecret: 'wrong' });
    await h.drain();
    const card = emu.callsTo('chat.postMessage').find((c) => c.body.channel === h.securityChannel);
    const blocks = card?.body.blocks as Array<{ type: string; elements?: Array<{ value?: string }> }>;
    const incidentId = blocks.find((b) => b.type === 'actions')?.elements?.[0]?.value ?? '';
    await emu.sendInteraction(h.eventsUrl, blockActionPayload({ actionId: 'dlp_incident_resolve', value: incidentId, userId: 'USAM', channel: h.securityChannel, messageTs: (card?.response as { ts: string }).ts, responseUrl: emu.responseUrl() }));
    await emu.waitFor('chat.update');
    await h.drain();
  } finally {
    await h.close();
    await emu.close();
  }
  const all = lines.join('');
  assert.ok(lines.length > 0, 'something was logged');
  assert.match(all, /Slack call failed/, 'the failed ephemeral was logged (by code)');
  for (const needle of [AWS_KEY, emu.botToken, emu.adminToken, emu.signingSecret, 'deploy key']) {
    assert.ok(!all.includes(needle), `logs contain ${needle.slice(0, 6)}…`);
  }
});
