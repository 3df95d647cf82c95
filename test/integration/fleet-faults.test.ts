import { pointConversationsAt } from '../support/restart-surgery';
import { shownText } from '../support/shown-text';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../../src/core/clock';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { startTestBot, TENANT_ID, type TestBot } from '../support/bot-harness';
import { visibleText } from '../support/connector-standin';

/**
 * The faults a fleet source really has, fed to the real composed bot through the demo fleet file
 * (polled every second on an injected clock, 2 confirmations, subscribers in a channel): none of
 * them may reach subscribers as a cluster alert, and a real change after them still does.
 */
const CHANNEL = '19:ops@thread.tacv2';
const SUB = '11111111-2222-3333-4444-555555555555';
const NAMES = Array.from({ length: 30 }, (_, i) => `probe-${String(i + 1).padStart(3, '0')}`);

let clock: ManualClock;
let dir: string;
let fleetFile: string;
let bot: TestBot | undefined;
let storage: SqliteStorage | undefined;

function row(name: string, overrides: { status?: string; agentVersion?: string } = {}): Record<string, unknown> {
  const now = clock.now().getTime();
  const status = overrides.status ?? 'Connected';
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-probe/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
    name,
    type: 'microsoft.kubernetes/connectedclusters',
    tenantId: TENANT_ID,
    location: 'westeurope',
    resourceGroup: 'rg-probe',
    subscriptionId: SUB,
    properties: {
      connectivityStatus: status,
      lastConnectivityTime: new Date(now - (status === 'Connected' ? 60_000 : 40 * 60_000)).toISOString(),
      managedIdentityCertificateExpirationTime: new Date(now + 80 * 86_400_000).toISOString(),
      agentVersion: overrides.agentVersion ?? '1.36.1',
    },
  };
}

const healthyRows = () => NAMES.map((n) => row(n));
const write = (content: unknown) => fs.writeFileSync(fleetFile, typeof content === 'string' ? content : JSON.stringify(content));

/** One poll: the clock moves a second, then the poll and delivery it started finish. */
async function poll(times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    await clock.advance(1000);
    await bot!.app.whenIdle();
  }
}

async function start(): Promise<TestBot> {
  storage = new SqliteStorage(path.join(dir, 'state.db'));
  bot = await startTestBot({ env: { DEMO_FLEET_FILE: fleetFile, MONITOR_INTERVAL_SECONDS: '1', ALERT_CONFIRMATIONS: '2' }, storage, clock });
  await bot.app.whenIdle();
  return bot;
}

/** Connector calls before this index were replies to commands, not alerts. */
let mark = 0;
const alertsPosted = () => bot!.connector.calls.slice(mark).filter((c) => c.conversationId === CHANNEL && c.method === 'POST').map((c) => visibleText(c.activity));

beforeEach(async () => {
  clock = new ManualClock('2026-11-25T12:00:00Z');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-fleet-faults-'));
  fleetFile = path.join(dir, 'fleet.json');
  write({ data: healthyRows() });
  await start();
  const [reply] = await bot!.say('subscribe', { scope: 'channel', conversationId: CHANNEL });
  expect(shownText(reply)).toContain('Subscribed #1');
  mark = bot!.connector.calls.length;
});

afterEach(async () => {
  await bot?.stop();
  storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a bad, partial or empty fleet read never becomes an alert (demo source, real bot, injected clock)', () => {
  test.each([
    ['the file holds []', () => write([])],
    ['the file holds {"data": []}', () => write({ data: [] })],
    ['half the rows lack an id', () => write({ data: healthyRows().map((r, i) => (i % 2 ? { ...r, id: undefined } : r)) })],
    ['rows without properties', () => write({ data: healthyRows().map((r, i) => (i < 3 ? { id: r.id, name: r.name } : r)) })],
    ['rows with properties: null', () => write({ data: healthyRows().map((r, i) => (i < 3 ? { ...r, properties: null } : r)) })],
    ['one row reports agent version 1.99', () => write({ data: healthyRows().map((r, i) => (i === 0 ? row(NAMES[0], { agentVersion: '1.99.0' }) : r)) })],
    ['a truncated file', () => write(JSON.stringify({ data: healthyRows() }).slice(0, 500))],
  ])('%s for two polls, then healthy again: nothing posted', async (_what, fault) => {
    fault();
    await poll(2);
    write({ data: healthyRows() });
    await poll(3);
    expect(alertsPosted()).toEqual([]);
  });

  test('the bot restarting while the source is empty posts nothing, and a real change after it is alerted once', async () => {
    await bot!.stop();
    storage!.close();
    write([]);
    await start();
    await pointConversationsAt(storage!, bot!.connector.url);
    mark = 0;
    await poll(2);
    const clusterAlerts = () => alertsPosted().filter((t) => !/Monitoring (degraded|restored)/.test(t));
    expect(clusterAlerts()).toEqual([]);
    write({ data: NAMES.map((n, i) => row(n, i === 4 ? { status: 'Offline' } : {})) });
    await poll(3);
    expect(clusterAlerts()).toEqual([expect.stringContaining('probe-005 went Offline')]);
  });

  test('an empty source that lasts gives one "monitoring degraded" card naming the likely cause, and one "restored"', async () => {
    write([]);
    await poll(5);
    write({ data: healthyRows() });
    await poll(2);
    const posted = alertsPosted();
    expect(posted).toHaveLength(2);
    expect(posted[0]).toMatch(/Monitoring degraded: the fleet read returned 0 of 30 clusters/);
    expect(posted[0]).toMatch(/Reader role/);
    expect(posted[1]).toMatch(/Monitoring restored/);
  });
});
