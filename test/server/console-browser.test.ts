// The console in a REAL headless Chromium (Debian's, driven by playwright-core) against the real
// service process with Slack pointed at the emulator: log in, see the incident raised by an
// emulated Slack event, acknowledge it, and see the emulator receive the card's chat.update.
// Also: the playground highlights and redacts without storing, and no page, log line or metric
// shows the raw value. Fails (never skips) when Chromium is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { SlackEmulator } from '../support/slack-emulator.js';
import { messageEnvelope } from '../support/slack-payloads.js';
import { startServiceProcess } from '../support/service-process.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AWS_KEY = 'AKIAZ7VRSQ5TJN2RMXEQ';
const PLAYGROUND_KEY = 'AKIAQ3MZ7WTXP4LKV2NB';
const PASSWORD = 'correct horse battery staple';

export async function launchChromium(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

test('console in Chromium: log in, see the Slack incident, acknowledge it, card updated; playground stores nothing; no raw value anywhere', async () => {
  const emu = await SlackEmulator.start();
  emu.addChannel({ id: 'CSECURITY', name: 'security', isPrivate: true, numMembers: 3 });
  emu.addChannel({ id: 'CDEPLOY', name: 'deployments', numMembers: 40 });
  emu.addUser({ id: 'UALEX', teamId: emu.teamId, name: 'alex' });
  const svc = await startServiceProcess({
    env: {
      SLACK_SIGNING_SECRET: emu.signingSecret,
      SLACK_BOT_TOKEN: emu.botToken,
      SLACK_ADMIN_USER_TOKEN: emu.adminToken,
      SLACK_API_URL: emu.apiUrl,
      SLACK_SECURITY_CHANNEL: 'CSECURITY',
      CONSOLE_ADMIN_PASSWORD: PASSWORD,
      WORKER_POLL_MS: '50',
    },
  });
  let browser: Browser | undefined;
  try {
    const sent = await emu.sendEvent(`${svc.url}/slack/events`, messageEnvelope({ channel: 'CDEPLOY', user: 'UALEX', ts: emu.nextTs(), text: `deploy key ${AWS_KEY} for the release` }));
    assert.equal(sent.status, 200);
    const card = await emu.waitFor('chat.postMessage', (c) => c.body.channel === 'CSECURITY', 15_000);
    const cardTs = (card.response as { ts: string }).ts;

    browser = await launchChromium();
    const page = await browser.newPage();
    const seen: string[] = [];
    page.on('response', (r) => {
      if (r.url().startsWith(svc.url) && (r.headers()['content-type'] ?? '').match(/html|json/)) void r.text().then((t) => seen.push(t)).catch(() => undefined);
    });

    await page.goto(`${svc.url}/console/`);
    assert.match(page.url(), /\/console\/login$/);
    await page.fill('input[name=user]', 'admin');
    await page.fill('input[name=password]', 'wrong password!');
    await page.click('button[type=submit]');
    assert.match(await page.textContent('[role=alert]') ?? '', /Wrong user name or password/);

    await page.fill('input[name=user]', 'admin');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${svc.url}/console/`);
    assert.match(await page.textContent('[data-testid=who]') ?? '', /admin/);
    assert.equal(await page.locator('[data-testid=findings-chart] svg rect').count() > 0, true, 'the chart shows the finding');

    await page.click('nav >> text=Incidents');
    const row = page.locator('[data-testid=incidents] tbody tr[data-incident]');
    assert.equal(await row.count(), 1);
    assert.match(await row.first().textContent() ?? '', /open/);
    await row.first().locator('a').click();
    await page.waitForSelector('[data-testid=incident]');
    assert.equal((await page.textContent('[data-testid=incident-status]'))?.trim(), 'open');

    await page.click('[data-testid=commands] button[value=acknowledge]');
    await page.waitForSelector('[data-testid=flash]');
    assert.equal((await page.textContent('[data-testid=incident-status]'))?.trim(), 'acknowledged');
    assert.match(await page.textContent('[data-testid=timeline]') ?? '', /acknowledged/);

    const update = await emu.waitFor('chat.update', (c) => c.body.ts === cardTs && /Acknowledged by/.test(JSON.stringify(c.body.blocks)), 15_000);
    assert.equal(update.body.channel, 'CSECURITY');
    assert.match(JSON.stringify(update.body.blocks), /admin/);

    // Filters: status=acknowledged finds it, status=open does not.
    await page.goto(`${svc.url}/console/incidents?status=open`);
    assert.equal(await page.locator('[data-testid=incidents] tbody tr[data-incident]').count(), 0);
    await page.goto(`${svc.url}/console/incidents?status=acknowledged&category=secret`);
    assert.equal(await page.locator('[data-testid=incidents] tbody tr[data-incident]').count(), 1);

    // Rules page lists the rule that fired with a hit.
    await page.goto(`${svc.url}/console/rules`);
    assert.ok((await page.locator('[data-testid=rules] tbody tr').count()) > 10);

    // Playground: highlighted, explained, redacted; nothing stored or counted.
    const metricsBefore = await (await fetch(`${svc.url}/metrics`)).text();
    const scanned = (m: string) => Number(/^dlp_messages_scanned_total\{source="chat"\} (\d+)/m.exec(m)?.[1] ?? 0);
    await page.goto(`${svc.url}/console/playground`);
    await page.fill('textarea[name=text]', `here is ${PLAYGROUND_KEY} oops`);
    await page.selectOption('select[name=kind]', 'shared-external');
    await page.click('#playground button[type=submit]');
    await page.waitForSelector('[data-testid=findings] li');
    assert.equal(await page.textContent('[data-testid=highlighted] mark'), PLAYGROUND_KEY);
    const redacted = (await page.textContent('[data-testid=redacted]')) ?? '';
    assert.ok(!redacted.includes(PLAYGROUND_KEY) && redacted.startsWith('here is '), redacted);
    assert.match(await page.textContent('[data-testid=decision]') ?? '', /Mode: enforce/);
    assert.match(await page.textContent('[data-testid=findings]') ?? '', /confidence/);
    const metricsAfter = await (await fetch(`${svc.url}/metrics`)).text();
    assert.equal(scanned(metricsAfter), scanned(metricsBefore), 'playground scans are not counted');

    // Nothing shown, logged or exported contains either raw value.
    for (const t of seen) {
      assert.ok(!t.includes(AWS_KEY), 'console page/API leaked the raw key');
    }
    assert.ok(!svc.output().includes(AWS_KEY) && !svc.output().includes(PLAYGROUND_KEY), 'logs contain a raw value');
    assert.ok(!metricsAfter.includes(AWS_KEY) && !metricsAfter.includes(PLAYGROUND_KEY));
    for (const f of readdirSync(svc.dataDir)) {
      const bytes = readFileSync(path.join(svc.dataDir, f));
      assert.ok(!bytes.includes(PLAYGROUND_KEY), `${f} holds the playground text`);
      assert.ok(!bytes.includes(AWS_KEY), `${f} holds the raw key`);
    }
    assert.equal(emu.requestsContaining(AWS_KEY).length, 0, 'a request to Slack carried the raw key');

    // Logging out ends the session.
    await page.click('nav button:text("Log out")');
    await page.waitForURL(`${svc.url}/console/login`);
    await page.goto(`${svc.url}/console/incidents`);
    assert.match(page.url(), /\/console\/login$/);
  } finally {
    await browser?.close();
    await svc.stop();
    await emu.close();
  }
});
