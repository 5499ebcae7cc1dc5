// Graceful shutdown: SIGTERM while an action is in flight (its Slack call held at a gate). The
// process stops accepting, finishes that action, exits 0; what it had not started stays in the
// outbox and the next process on the same data completes it. Every action exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlackEmulator } from '../support/slack-emulator.js';
import { messageEnvelope } from '../support/slack-payloads.js';
import { startServiceProcess } from '../support/service-process.js';
import { startGate } from '../support/service-gate.js';

test('SIGTERM finishes the action in flight, leaves the rest in the outbox for the next process', async () => {
  const emu = await SlackEmulator.start();
  emu.addChannel({ id: 'CSECURITY', name: 'security', isPrivate: true });
  emu.addChannel({ id: 'CDEV', name: 'dev', numMembers: 9 });
  const gate = await startGate(emu.baseUrl);
  const env = {
    SLACK_SIGNING_SECRET: emu.signingSecret,
    SLACK_BOT_TOKEN: emu.botToken,
    SLACK_ADMIN_USER_TOKEN: emu.adminToken,
    SLACK_SECURITY_CHANNEL: 'CSECURITY',
    CONSOLE_ADMIN_PASSWORD: 'shutdown test password',
    WORKER_POLL_MS: '20',
    SHUTDOWN_TIMEOUT_MS: '15000',
  };
  const first = await startServiceProcess({ env: { ...env, SLACK_API_URL: `${gate.url}/api/` } });
  try {
    gate.hold(/chat\.delete/);
    const ts = emu.nextTs();
    const sent = await emu.sendEvent(`${first.url}/slack/events`, messageEnvelope({ channel: 'CDEV', user: 'UDEV', ts, text: 'key AKIAZ7VRSQ5TJN2RMXEQ for prod' }));
    assert.equal(sent.status, 200);
    // Wait until the worker is inside the removal (its chat.delete waits at the gate).
    for (let i = 0; gate.heldCount === 0; i++) {
      assert.ok(i < 400, 'the worker never started the removal');
      await new Promise((r) => setTimeout(r, 25));
    }
    const exit = first.stop();
    await first.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('shutting down'));
    // Stopped accepting: new events are refused (Slack retries them elsewhere).
    const refused = await emu.sendEvent(`${first.url}/slack/events`, messageEnvelope({ channel: 'CDEV', user: 'UDEV', ts: emu.nextTs(), text: 'later' }));
    assert.notEqual(refused.status, 200);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(emu.callsTo('chat.delete').length, 0, 'the removal is still in flight');
    gate.release();
    assert.equal(await exit, 0);
    assert.equal(emu.callsTo('chat.delete').length, 1, 'the action in flight was finished before exit');

    const second = await startServiceProcess({ env: { ...env, SLACK_API_URL: emu.apiUrl }, dataDir: first.dataDir });
    try {
      await emu.waitFor('chat.postEphemeral', (c) => c.body.user === 'UDEV', 15_000);
      await emu.waitFor('chat.postMessage', (c) => c.body.channel === 'CSECURITY', 15_000);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(emu.callsTo('chat.delete').length, 1);
      assert.equal(emu.callsTo('chat.postEphemeral').filter((c) => c.body.user === 'UDEV').length, 1);
      assert.equal(emu.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CSECURITY').length, 1);
    } finally {
      await second.stop();
    }
  } finally {
    await first.kill();
    await gate.close();
    await emu.close();
  }
});
