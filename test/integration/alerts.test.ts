import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { startTestBot, TENANT_ID, type TestBot } from '../support/bot-harness';
import { cardOf, visibleText, type ConnectorCall } from '../support/connector-standin';

/**
 * Issue 3 at the HTTP level: the real composed app (restify + CloudAdapter + bot + monitor) with a
 * demo fleet file we edit, SQLite storage we keep across restarts, and the loopback connector
 * stand-in receiving the proactive activities. The monitor polls every 1 s (MONITOR_INTERVAL_SECONDS)
 * with 2 confirmations; waits are event driven (connector calls, log lines), never fixed sleeps.
 */
const CHANNEL = '19:general@thread.tacv2';
const SUB = '11111111-2222-3333-4444-555555555555';

function row(name: string, status: string) {
  const now = Date.now();
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-stores/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
    name,
    type: 'microsoft.kubernetes/connectedclusters',
    tenantId: TENANT_ID,
    location: 'westeurope',
    resourceGroup: 'rg-stores',
    subscriptionId: SUB,
    tags: { env: 'prod' },
    properties: {
      connectivityStatus: status,
      // Offline = no heartbeat for at least 15 minutes (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes)
      lastConnectivityTime: new Date(now - (status === 'Connected' ? 60_000 : 40 * 60_000)).toISOString(),
      managedIdentityCertificateExpirationTime: new Date(now + 80 * 86_400_000).toISOString(),
      agentVersion: '1.36.1',
      kubernetesVersion: '1.33.2',
      totalNodeCount: 3,
      distribution: 'k3s',
    },
  };
}

let dir: string;
let fleetFile: string;
let dbFile: string;
const storages: SqliteStorage[] = [];

function writeFleet(statuses: Record<string, string>) {
  fs.writeFileSync(fleetFile, JSON.stringify({ data: Object.entries(statuses).map(([n, s]) => row(n, s)) }, null, 2));
}

async function eventually(condition: () => boolean, what: string): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (!condition() && Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}
let deadline = 0;

/**
 * Each harness gets a connector stand-in on a new port, while Teams keeps one serviceUrl across our
 * restarts; so a restarted bot's stored references are pointed at the new stand-in (storage surgery
 * through the Storage API, the only test-only step).
 */
async function pointConversationsAt(storage: SqliteStorage, serviceUrl: string) {
  const key = 'tell/conversations';
  const doc = (await storage.read([key]))[key];
  if (!doc) return;
  for (const c of Object.values(doc.conversations) as any[]) {
    c.address.serviceUrl = serviceUrl;
  }
  await storage.write({ [key]: { ...doc, eTag: '*' } });
}

async function startBot(): Promise<TestBot> {
  const storage = new SqliteStorage(dbFile);
  storages.push(storage);
  await pointConversationsAt(storage, 'http://127.0.0.1:9/'); // placeholder until the stand-in exists
  const bot = await startTestBot({
    env: { DEMO_FLEET_FILE: fleetFile, MONITOR_INTERVAL_SECONDS: '1', ALERT_CONFIRMATIONS: '2' },
    storage,
  });
  await pointConversationsAt(storage, bot.connector.url);
  await eventually(() => bot.logger.lines.some((l) => l.msg === 'monitor started'), 'the monitor to start');
  return bot;
}

/** Waits until the monitor finished at least one poll after now (baseline or observed). */
async function baselineTaken(bot: TestBot) {
  await eventually(() => bot.logger.lines.some((l) => l.msg === 'monitor baseline taken: no alerts on first start'), 'the baseline');
}

const proactive = (bot: TestBot, from = 0): ConnectorCall[] => bot.connector.calls.slice(from).filter((c) => c.conversationId === CHANNEL);

beforeEach(() => {
  deadline = Date.now() + 25_000;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-alerts-'));
  fleetFile = path.join(dir, 'fleet.json');
  dbFile = path.join(dir, 'state', 'arc-bot.db');
  writeFleet({ 'store-0421': 'Connected', 'store-0422': 'Connected', 'store-0423': 'Connected' });
});

const bots: TestBot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop();
  for (const s of storages.splice(0)) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('proactive alerts over HTTP', () => {
  it('subscribe -> Offline alert card -> recovery updates it in place + a short message; nothing else', async () => {
    const bot = await startBot();
    try {
      await baselineTaken(bot);
      const [reply] = await bot.say('subscribe store-*', { scope: 'channel' });
      expect(reply.text).toContain('Subscribed #1: clusters named store-*, all events.');
      expect(reply.text).toContain('3 clusters match now.');
      const mark = bot.connector.calls.length;

      writeFleet({ 'store-0421': 'Offline', 'store-0422': 'Connected', 'store-0423': 'Connected' });
      const [alert] = await bot.connector.waitFor(1, (c) => c.conversationId === CHANNEL && bot.connector.calls.indexOf(c) >= mark);
      const card = cardOf(alert.activity)!;
      expect(visibleText(alert.activity)).toContain('store-0421 went Offline');
      expect(visibleText(alert.activity)).toContain('Status: Connected → Offline');
      expect(card.actions.map((a: any) => a.title)).toEqual(['Refresh', 'Diagnose', 'Mute 1h', 'Open in portal']);
      // By resource id, so a same-named cluster elsewhere is not muted with it.
      expect(card.actions[2].data).toEqual({ command: expect.stringMatching(/^mute \/subscriptions\/[^/\s]+\/resourceGroups\/[^/\s]+\/providers\/Microsoft\.Kubernetes\/connectedClusters\/store-0421 1h$/) });
      expect(alert.activity.text).toBeUndefined();

      writeFleet({ 'store-0421': 'Connected', 'store-0422': 'Connected', 'store-0423': 'Connected' });
      await bot.connector.waitFor(3, (c) => c.conversationId === CHANNEL && bot.connector.calls.indexOf(c) >= mark);
      await bot.stop();
      const calls = proactive(bot, mark);
      expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['POST 200', 'PUT 200', 'POST 200']);
      expect(calls[1].activityId).toBe('activity-2'); // the alert card's id (the subscribe reply was activity-1)
      expect(visibleText(calls[1].activity)).toMatch(/store-0421: recovered after \d+ min/);
      expect(calls[2].activity.text).toMatch(/^🟢 store-0421 is Connected again/);
    } finally {
      await bot.stop();
    }
  });

  it('restart: a change made while the bot was down is alerted once after start, and never replayed', async () => {
    const first = await startBot();
    await baselineTaken(first);
    await first.say('subscribe', { scope: 'channel' });
    await first.stop();
    bots.push(first);

    writeFleet({ 'store-0421': 'Connected', 'store-0422': 'Offline', 'store-0423': 'Connected' }); // while down

    const second = await startBot();
    bots.push(second);
    const [alert] = await second.connector.waitFor(1, (c) => c.conversationId === CHANNEL);
    expect(visibleText(alert.activity)).toContain('store-0422 went Offline');
    await second.stop();

    const third = await startBot(); // restart again: must not replay the alert
    bots.push(third);
    writeFleet({ 'store-0421': 'Connected', 'store-0422': 'Connected', 'store-0423': 'Connected' });
    const calls = await third.connector.waitFor(2, (c) => c.conversationId === CHANNEL);
    await third.stop();
    // The update goes to the card the second process posted (its id survived the restart in SQLite).
    expect(proactive(third).map((c) => `${c.method} ${c.activityId === alert.activityId || c.method === 'PUT' ? 'card' : ''}`.trim())).toEqual(['PUT card', 'POST']);
    expect(calls[0].activityId).toBe('activity-1');
    expect(proactive(second)).toHaveLength(1);
    expect(second.logger.lines.some((l) => /baseline/.test(l.msg))).toBe(false);
  });

  it('connector answers 429 with Retry-After, then 200: the alert arrives once, after the wait', async () => {
    const bot = await startBot();
    try {
      await baselineTaken(bot);
      await bot.say('subscribe', { scope: 'channel' });
      const mark = bot.connector.calls.length;
      const stamps: number[] = [];
      const push = bot.connector.calls.push.bind(bot.connector.calls);
      bot.connector.calls.push = (...items: ConnectorCall[]) => { stamps.push(Date.now()); return push(...items); };
      bot.connector.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'Throttled', message: 'slow down' } } });
      writeFleet({ 'store-0421': 'Connected', 'store-0422': 'Connected', 'store-0423': 'Offline' });
      await bot.connector.waitFor(1, (c) => c.conversationId === CHANNEL && bot.connector.calls.indexOf(c) >= mark);
      await bot.stop();
      const calls = proactive(bot, mark);
      expect(calls.map((c) => c.status)).toEqual([429, 200]);
      expect(visibleText(calls[1].activity)).toContain('store-0423 went Offline');
      expect(stamps[1] - stamps[0]).toBeGreaterThanOrEqual(950); // Retry-After: 1 honoured
    } finally {
      await bot.stop();
    }
  });
});
