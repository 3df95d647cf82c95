import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestBot, type TestBot } from '../support/bot-harness';
import { REPO_ROOT, startPlayground, type PlaygroundSession } from '../support/playground-driver';
import { describeWithChromium } from '../support/playground-e2e';

/**
 * The real bot, the real Teams-like client: the composed app (restify + CloudAdapter + commands)
 * on the demo fleet, the Microsoft 365 Agents Playground as client and mock Bot Connector, and
 * headless Chromium clicking through its page. Screenshots of each step: test-artifacts/e2e/.
 */
jest.setTimeout(180_000);

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
/** Clusters whose status the demo fleet file fixes (data/demo-fleet.json). */
const OFFLINE_CLUSTER = 'store-0421';
const OFFLINE_IN_CHANNEL = 'store-0733';
/** A Connected cluster this test takes Offline by editing the fleet file, for the proactive alert. */
const GOES_OFFLINE = 'store-0101';

describeWithChromium('Teams journey in the Agents Playground (real bot, demo fleet)', () => {
  let fleetDir: string;
  let bot: TestBot;
  let playground: PlaygroundSession;

  beforeAll(async () => {
    // A private copy of the demo fleet: the real file format, and (for "Tell") a file this test may edit.
    fleetDir = mkdtempSync(path.join(tmpdir(), 'e2e-fleet-'));
    const fleetFile = path.join(fleetDir, 'demo-fleet.json');
    copyFileSync(path.join(REPO_ROOT, 'data', 'demo-fleet.json'), fleetFile);
    bot = await startTestBot({
      env: {
        CLUSTER_SOURCE: 'demo',
        DEMO_FLEET_FILE: fleetFile,
        // "Tell": poll every second, alert on the first poll that sees a change, never a cached fleet.
        MONITOR_INTERVAL_SECONDS: '1',
        ALERT_CONFIRMATIONS: '1',
        FLEET_MAX_AGE_SECONDS: '0',
      },
    });
    playground = await startPlayground(`${bot.url}/api/messages`, { artifactsDir: ARTIFACTS });
  });

  afterAll(async () => {
    await playground?.close();
    await bot?.stop();
    if (fleetDir) rmSync(fleetDir, { recursive: true, force: true });
  });

  test(`personal chat: "status ${OFFLINE_CLUSTER}" renders a card with that cluster's status`, async () => {
    await playground.send(`status ${OFFLINE_CLUSTER}`);

    const card = await playground.waitForCardContaining(`${OFFLINE_CLUSTER} is Offline`);
    expect(await playground.countCards(`${OFFLINE_CLUSTER} is Offline`)).toBe(1);
    const shown = await card.innerText();
    expect(shown).toContain('Last heartbeat');
    expect(shown).toContain('Certificate');
    await expect(card.getByRole('button', { name: 'Refresh', exact: true }).isVisible()).resolves.toBe(true);
    await playground.screenshot('1-status-card');
  });

  test('clicking the card\'s Refresh button updates that card in place: no second status card', async () => {
    const before = await playground.countCards(`${OFFLINE_CLUSTER} is Offline`);
    const handled = () => bot.logger.lines.filter((l) => l.msg === 'command' && l.fields.command === 'status').length;
    const handledBefore = handled();
    await playground.clickCardButton('Refresh', await playground.waitForCardContaining(`${OFFLINE_CLUSTER} is Offline`));
    await until(() => handled() > handledBefore, 'the bot to handle the Refresh click');

    // The next answer arrives after the refresh was written: by then a second card would be there.
    await playground.send('clusters offline');
    await playground.waitForCardContaining('Offline clusters');
    expect(await playground.countCards(`${OFFLINE_CLUSTER} is Offline`)).toBe(before);
    await playground.screenshot('2-refresh-clicked');
  });

  test('Next on a cluster list turns that card into the next page instead of posting another list', async () => {
    await playground.send('clusters');
    const list = await playground.waitForCardContaining('Showing 1-20 of');
    const listsBefore = await playground.countCards('Showing ');
    await playground.clickCardButton('Next', list);

    await playground.waitForCardContaining('Showing 21-');
    expect(await playground.countCards('Showing 1-20 of')).toBe(0);
    expect(await playground.countCards('Showing ')).toBe(listsBefore);
    await playground.screenshot('2b-next-page-in-place');
  });

  test('diagnose: clicking an answer turns the question card into the next question; Cancel turns it into one line with "Diagnose again"', async () => {
    await playground.send(`diagnose ${OFFLINE_CLUSTER}`);
    const question = await playground.waitForCardContaining(`Diagnose ${OFFLINE_CLUSTER} · step 1`);
    await playground.clickCardButton('1. Yes, it is up', question);

    const next = await playground.waitForCardContaining(`Diagnose ${OFFLINE_CLUSTER} · step 2`);
    expect(await playground.countCards(`Diagnose ${OFFLINE_CLUSTER} · step 1`)).toBe(0);
    await playground.clickCardButton('Cancel', next);
    const ended = await playground.waitForCardContaining(`Diagnosis of ${OFFLINE_CLUSTER} cancelled`);
    await expect(ended.getByRole('button', { name: 'Diagnose again', exact: true }).isVisible()).resolves.toBe(true);
    expect(await playground.countCards(`Diagnose ${OFFLINE_CLUSTER} · step`)).toBe(0);
    await playground.screenshot('2c-diagnose-in-place');
  });

  test('fleet at a glance: "status" alone answers the fleet summary card', async () => {
    const before = await playground.countCards('Fleet at a glance:');
    await playground.send('status');

    const summary = await playground.waitForCardContaining('Fleet at a glance:', { minCount: before + 1 });
    const shown = await summary.innerText();
    const rows: { properties: { connectivityStatus: string } }[] = JSON.parse(readFileSync(path.join(fleetDir, 'demo-fleet.json'), 'utf8')).data;
    const count = (status: string) => rows.filter((r) => r.properties.connectivityStatus === status).length;
    expect(shown).toContain(`Fleet at a glance: ${rows.length} clusters`);
    expect(shown).toMatch(new RegExp(`Connected\\s+${count('Connected')}\\b`));
    expect(shown).toMatch(new RegExp(`Offline\\s+${count('Offline')}\\b`));
    expect(shown).toContain('Needs attention first');
    await playground.screenshot('3-fleet-summary');
  });

  test(`team channel: @mentioning the bot with "status ${OFFLINE_IN_CHANNEL}" gets the answer in the thread`, async () => {
    await playground.switchToChannel();
    const before = await playground.countCards(`${OFFLINE_IN_CHANNEL} is Offline`);
    await playground.mentionBot(`status ${OFFLINE_IN_CHANNEL}`);

    const card = await playground.waitForCardContaining(`${OFFLINE_IN_CHANNEL} is Offline`, { minCount: before + 1 });
    await expect(card.innerText()).resolves.toContain('Last heartbeat');
    await playground.screenshot('4-channel-mention');
  });

  test(`team channel: "subscribe", then ${GOES_OFFLINE} goes Offline in the fleet file and the alert card appears`, async () => {
    await playground.mentionBot('subscribe');
    await playground.waitForTextContaining('Subscribed #');
    await playground.screenshot('5-subscribed');

    const fleetFile = path.join(fleetDir, 'demo-fleet.json');
    const fleet = JSON.parse(readFileSync(fleetFile, 'utf8'));
    const row = fleet.data.find((r: { name: string }) => r.name === GOES_OFFLINE);
    expect(row.properties.connectivityStatus).toBe('Connected');
    row.properties.connectivityStatus = 'Offline';
    row.properties.lastConnectivityTime = new Date(Date.now() - 3 * 3600_000).toISOString();
    writeFileSync(fleetFile, JSON.stringify(fleet, null, 2));

    // Nobody types anything: the monitor sees the change and the bot posts on its own.
    const alert = await playground.waitForCardContaining(`${GOES_OFFLINE} went Offline`);
    await expect(alert.innerText()).resolves.toContain(GOES_OFFLINE);
    await playground.screenshot('6-proactive-alert');
  });

  test('the alert card\'s "Mute 1h" button mutes that cluster and the alert card itself says so, for everyone', async () => {
    const alert = await playground.waitForCardContaining(`${GOES_OFFLINE} went Offline`);
    const alertsBefore = await playground.countCards(`${GOES_OFFLINE} went Offline`);
    await playground.clickCardButton('Mute 1h', alert);

    const muted = await playground.waitForCardContaining('Muted until');
    const shown = await muted.innerText();
    expect(shown).toContain(`${GOES_OFFLINE} went Offline`);
    expect(shown).toMatch(/Muted until \d\d:\d\d UTC by \S/);
    expect(await playground.countCards(`${GOES_OFFLINE} went Offline`)).toBe(alertsBefore);
    await playground.screenshot('7-alert-muted');
  });

  test('the alert card\'s "Acknowledge" button: the card says who has it and when, and the button is gone', async () => {
    const alert = await playground.waitForCardContaining('Muted until');
    const alertsBefore = await playground.countCards(`${GOES_OFFLINE} went Offline`);
    await playground.clickCardButton('Acknowledge', alert);

    const acknowledged = await playground.waitForCardContaining('Acknowledged by');
    const shown = await acknowledged.innerText();
    expect(shown).toContain(`${GOES_OFFLINE} went Offline`);
    expect(shown).toMatch(/Acknowledged by \S.* at \d\d:\d\d UTC/);
    expect(shown).toMatch(/Muted until \d\d:\d\d UTC by \S/);
    await expect(acknowledged.getByRole('button', { name: 'Acknowledge', exact: true }).count()).resolves.toBe(0);
    expect(await playground.countCards(`${GOES_OFFLINE} went Offline`)).toBe(alertsBefore);
    await playground.screenshot('8-alert-acknowledged');
  });
});

/** Polls a condition of the bot's own state (not of the page) until it holds, or fails after 20 s. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
