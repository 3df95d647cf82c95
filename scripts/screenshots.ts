/**
 * Regenerates the README screenshots (docs/screenshots/*.png) from the REAL cards: the composed bot
 * on the demo fleet, the Agents Playground, headless Chromium (test/support/playground-driver.ts).
 *
 *   npm run screenshots
 *   (= tsc -p scripts/screenshots.tsconfig.json && node build/screenshots/scripts/screenshots.js)
 *
 * Emoji in cards need a colour emoji font: `apt-get install -y fonts-noto-color-emoji`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ArcClusterRow } from '../src/clusters/arc-cluster-row';
import { simulateDemoFleet } from '../src/clusters/demo-simulation';
import { startTestBot } from '../test/support/bot-harness';
import { REPO_ROOT, findChromium, startPlayground, type PlaygroundSession } from '../test/support/playground-driver';

const OUT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
/** The Connected cluster taken Offline (by editing the fleet file) for the alert screenshot. */
const ALERT_CLUSTER = 'store-0101';

/** Each shot: what to type (in chat, or as an @mention in a channel), which card to wait for, the file. */
interface Shot {
  file: string;
  command: string;
  cardText: string;
  inChannel?: boolean;
  /** Whole Playground window instead of just the card. */
  fullPage?: boolean;
}

const SHOTS: Shot[] = [
  { file: 'status-card.png', command: 'status store-0421', cardText: 'store-0421 is' },
  { file: 'fleet-summary.png', command: 'status', cardText: 'Fleet at a glance' },
  { file: 'clusters-offline.png', command: 'clusters offline', cardText: 'Showing' },
  { file: 'help.png', command: 'help', cardText: 'status' },
  { file: 'diagnose.png', command: 'diagnose store-0421', cardText: 'store-0421' },
  { file: 'channel-mention.png', command: 'status store-0733', cardText: 'store-0733 is', inChannel: true, fullPage: true },
];

/**
 * A copy of the bundled demo fleet with its timestamps moved to now (as `npm start` shows it), in
 * a file this script may edit to make the monitor post an alert.
 */
function writeRebasedFleet(dir: string): string {
  const bundled = JSON.parse(readFileSync(path.join(REPO_ROOT, 'data', 'demo-fleet.json'), 'utf8'));
  const now = new Date();
  const rows = simulateDemoFleet(bundled.data as ArcClusterRow[], now, now);
  const file = path.join(dir, 'demo-fleet.json');
  writeFileSync(file, JSON.stringify({ ...bundled, data: rows }, null, 2));
  return file;
}

function takeClusterOffline(fleetFile: string, name: string): void {
  const fleet = JSON.parse(readFileSync(fleetFile, 'utf8'));
  const row = fleet.data.find((r: ArcClusterRow) => r.name === name);
  if (!row) throw new Error(`${name} is not in the demo fleet`);
  row.properties.connectivityStatus = 'Offline';
  row.properties.lastConnectivityTime = new Date(Date.now() - 20 * 60_000).toISOString();
  writeFileSync(fleetFile, JSON.stringify(fleet, null, 2));
}

async function shoot(playground: PlaygroundSession, shot: Shot): Promise<void> {
  if (shot.inChannel) await playground.switchToChannel();
  const before = await playground.countCards(shot.cardText);
  if (shot.inChannel) await playground.mentionBot(shot.command);
  else await playground.send(shot.command);
  const card = await playground.waitForCardContaining(shot.cardText, { minCount: before + 1 });
  const file = path.join(OUT_DIR, shot.file);
  if (shot.fullPage) {
    await card.scrollIntoViewIfNeeded();
    await playground.page.screenshot({ path: file });
  } else {
    await playground.screenshotElement(card, file);
  }
  console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

async function main(): Promise<void> {
  if (!findChromium()) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  if (!existsSync('/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf')) {
    console.warn('warning: no colour emoji font (apt-get install -y fonts-noto-color-emoji); emoji in cards will render as boxes');
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const fleetDir = mkdtempSync(path.join(tmpdir(), 'screenshots-fleet-'));
  const fleetFile = writeRebasedFleet(fleetDir);
  const bot = await startTestBot({
    env: { CLUSTER_SOURCE: 'demo', DEMO_FLEET_FILE: fleetFile, MONITOR_INTERVAL_SECONDS: '1', ALERT_CONFIRMATIONS: '1', FLEET_MAX_AGE_SECONDS: '0' },
  });
  const playground = await startPlayground(`${bot.url}/api/messages`, {
    artifactsDir: path.join(REPO_ROOT, 'test-artifacts', 'screenshots'),
    viewport: { width: 1280, height: 1000 },
  });
  let current = '';
  try {
    for (const shot of SHOTS) {
      current = shot.file;
      await shoot(playground, shot);
    }
    // The proactive alert: subscribe this channel, take a cluster Offline, wait for the bot's card.
    current = 'alert-card.png';
    await playground.mentionBot('subscribe');
    await playground.waitForTextContaining('Subscribed #');
    takeClusterOffline(fleetFile, ALERT_CLUSTER);
    const alert = await playground.waitForCardContaining(`${ALERT_CLUSTER} went Offline`);
    const file = await playground.screenshotElement(alert, path.join(OUT_DIR, current));
    await playground.screenshot('alert-in-channel');
    console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
    // The same alert after someone clicked Acknowledge: the card says who has it, for everyone.
    current = 'alert-acknowledged.png';
    await playground.clickCardButton('Acknowledge', alert);
    const acknowledged = await playground.waitForCardContaining('Acknowledged by');
    console.log(`wrote ${path.relative(REPO_ROOT, await playground.screenshotElement(acknowledged, path.join(OUT_DIR, current)))}`);
  } catch (error) {
    const where = await playground.screenshot(`failed-${current.replace(/\.png$/, '')}`);
    throw new Error(`${(error as Error).message}\n(the page at the failure: ${where})`);
  } finally {
    await playground.close();
    await bot.stop();
    rmSync(fleetDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`screenshots: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
