import { pointConversationsAt } from '../support/restart-surgery';
import { shownText } from '../support/shown-text';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../../src/core/clock';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { startTestBot, TENANT_ID, type TestBot } from '../support/bot-harness';
import { cardOf, visibleText, type ConnectorCall } from '../support/connector-standin';

/**
 * Proactive alerts at the HTTP level: the real composed app (restify + CloudAdapter + bot + monitor)
 * with a demo fleet file we edit, SQLite storage we keep across restarts, and the loopback connector
 * stand-in receiving the proactive activities. The monitor polls every 1 s (MONITOR_INTERVAL_SECONDS)
 * with 2 confirmations on an injected ManualClock: the test moves time, then waits until the poll and
 * delivery loops are parked again (app.whenIdle), so it asserts what happened at each step of
 * simulated time and never waits on the wall clock.
 */
const CHANNEL = '19:general@thread.tacv2';
const SUB = '11111111-2222-3333-4444-555555555555';
const POLL_MS = 1000;

let clock: ManualClock;

function row(name: string, status: string) {
  const now = clock.now().getTime();
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
      // Offline = no heartbeat for at least 15 minutes
      // (https://learn.microsoft.com/en-us/azure/azure-arc/kubernetes/conceptual-connectivity-modes)
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

/** Moves simulated time by `ms`, then waits for the work that started (polls, deliveries) to finish. */
async function elapse(bot: TestBot, ms: number): Promise<void> {
  await clock.advance(ms);
  await bot.app.whenIdle();
}

/** One monitor interval: the monitor polls once, and delivers what is due. */
const nextPoll = (bot: TestBot) => elapse(bot, POLL_MS);

/** Starts the bot on the shared clock and storage; resolves once its first poll is done. */
async function startBot(): Promise<TestBot> {
  const storage = new SqliteStorage(dbFile);
  storages.push(storage);
  await pointConversationsAt(storage, 'http://127.0.0.1:9/'); // placeholder until the stand-in exists
  const bot = await startTestBot({
    env: { DEMO_FLEET_FILE: fleetFile, MONITOR_INTERVAL_SECONDS: String(POLL_MS / 1000), ALERT_CONFIRMATIONS: '2' },
    storage,
    clock,
  });
  bots.push(bot);
  await pointConversationsAt(storage, bot.connector.url);
  await bot.app.whenIdle();
  return bot;
}

const proactive = (bot: TestBot, from = 0): ConnectorCall[] => bot.connector.calls.slice(from).filter((c) => c.conversationId === CHANNEL);
const summary = (calls: ConnectorCall[]) => calls.map((c) => `${c.method} ${c.status}`);
const baselineLogged = (bot: TestBot) => bot.logger.lines.some((l) => l.msg === 'monitor baseline taken: no alerts on first start');

const bots: TestBot[] = [];

beforeEach(() => {
  clock = new ManualClock('2026-11-25T12:00:00Z');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-alerts-'));
  fleetFile = path.join(dir, 'fleet.json');
  dbFile = path.join(dir, 'state', 'arc-bot.db');
  writeFleet({ 'store-0421': 'Connected', 'store-0422': 'Connected', 'store-0423': 'Connected' });
});

afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop();
  for (const s of storages.splice(0)) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('proactive alerts over HTTP', () => {
  it('subscribe -> Offline alert card on the confirming poll -> recovery updates it in place + a short message; nothing else', async () => {
    const bot = await startBot();
    expect(baselineLogged(bot)).toBe(true);
    const [reply] = await bot.say('subscribe store-*', { scope: 'channel' });
    expect(shownText(reply)).toContain('Subscribed #1: clusters named store-*, all events.');
    expect(shownText(reply)).toContain('3 clusters match now.');
    const mark = bot.connector.calls.length;

    writeFleet({ 'store-0421': 'Offline', 'store-0422': 'Connected', 'store-0423': 'Connected' });
    await nextPoll(bot);
    expect(proactive(bot, mark)).toEqual([]); // seen once: flap damping holds it
    await nextPoll(bot);
    const [alert] = proactive(bot, mark);
    expect(summary(proactive(bot, mark))).toEqual(['POST 200']);
    const card = cardOf(alert.activity)!;
    expect(visibleText(alert.activity)).toContain('store-0421 went Offline');
    expect(visibleText(alert.activity)).toContain('Status: Connected → Offline');
    expect(card.actions.map((a: any) => a.title)).toEqual(['Refresh', 'Diagnose', 'Mute 1h', 'Acknowledge', 'Open in portal']);
    // By resource id, so a same-named cluster elsewhere is not muted with it.
    expect(card.actions[2].data).toEqual({ command: expect.stringMatching(/^mute \/subscriptions\/[^/\s]+\/resourceGroups\/[^/\s]+\/providers\/Microsoft\.Kubernetes\/connectedClusters\/store-0421 1h$/), inPlace: true });
    expect(alert.activity.text).toBeUndefined();

    await elapse(bot, 5 * 60_000); // the outage lasts five minutes
    writeFleet({ 'store-0421': 'Connected', 'store-0422': 'Connected', 'store-0423': 'Connected' });
    await nextPoll(bot);
    await nextPoll(bot); // recovery confirmed: the card is updated now, the message follows 1 s later (1 message/s per conversation)
    await nextPoll(bot);
    const calls = proactive(bot, mark);
    expect(summary(calls)).toEqual(['POST 200', 'PUT 200', 'POST 200']);
    expect(calls[1].activityId).toBe('activity-2'); // the alert card's id (the subscribe reply was activity-1)
    expect(visibleText(calls[1].activity).split('\n')[0]).toBe('✅ store-0421: recovered after 5 min');
    expect(shownText(calls[2].activity)).toBe('🟢 store-0421 is Connected again (recovered after 5 min).');

    for (let i = 0; i < 5; i++) await nextPoll(bot);
    expect(proactive(bot, mark)).toHaveLength(3); // one POST per alert, one PUT per recovery: nothing repeats
  });

  it('restart: a change made while the bot was down is alerted once after start, and never replayed', async () => {
    const first = await startBot();
    await first.say('subscribe', { scope: 'channel' });
    await first.stop();

    await clock.advance(10 * 60_000); // the bot is down for ten minutes, and meanwhile:
    writeFleet({ 'store-0421': 'Connected', 'store-0422': 'Offline', 'store-0423': 'Connected' });

    const second = await startBot();
    expect(baselineLogged(second)).toBe(false); // the memory survived in SQLite: no new baseline
    await nextPoll(second);
    await nextPoll(second); // one message per second per conversation: the alert follows the notice
    // Ten minutes without a poll is more than three intervals: subscribers hear alerts may have been missed.
    expect(summary(proactive(second))).toEqual(['POST 200', 'POST 200']);
    const [resumed, alert] = proactive(second);
    expect(visibleText(resumed.activity).split('\n')[0]).toBe('🔁 Monitoring resumed after 10 minutes without a poll');
    expect(visibleText(alert.activity)).toContain('store-0422 went Offline');
    for (let i = 0; i < 3; i++) await nextPoll(second);
    expect(proactive(second)).toHaveLength(2);
    await second.stop();

    const third = await startBot(); // restart again: must not replay the alert
    for (let i = 0; i < 3; i++) await nextPoll(third);
    expect(proactive(third)).toEqual([]);
    writeFleet({ 'store-0421': 'Connected', 'store-0422': 'Connected', 'store-0423': 'Connected' });
    for (let i = 0; i < 3; i++) await nextPoll(third);
    // The update goes to the card the second process posted (its id survived the restart in SQLite).
    const calls = proactive(third);
    expect(summary(calls)).toEqual(['PUT 200', 'POST 200']);
    expect(calls[0].activityId).toBe('activity-2'); // the id the second stand-in gave the card (after the resumed notice)
    expect(shownText(calls[1].activity)).toMatch(/^🟢 store-0422 is Connected again/);
  });

  // Proactive sends rethrow the connector's answer and the SDK's own retry is off, so the outbox's
  // Retry-After handling is the only retry policy.
  it('connector throttles with 429 + Retry-After: 1: the outbox retries only once the clock moved 1 s, and the alert arrives once', async () => {
    const bot = await startBot();
    await bot.say('subscribe', { scope: 'channel' });
    const mark = bot.connector.calls.length;
    bot.connector.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'Throttled', message: 'slow down' } } });
    writeFleet({ 'store-0421': 'Connected', 'store-0422': 'Connected', 'store-0423': 'Offline' });
    await nextPoll(bot);
    await nextPoll(bot); // confirmed: delivery is tried and throttled
    expect(summary(proactive(bot, mark))).toEqual(['POST 429']);

    await elapse(bot, 999);
    expect(summary(proactive(bot, mark))).toEqual(['POST 429']); // Retry-After honoured: not a millisecond early
    await elapse(bot, 1);
    const calls = proactive(bot, mark);
    expect(summary(calls)).toEqual(['POST 429', 'POST 200']);
    expect(visibleText(calls[1].activity)).toContain('store-0423 went Offline');

    for (let i = 0; i < 5; i++) await nextPoll(bot);
    expect(proactive(bot, mark)).toHaveLength(2); // delivered once, never again
  });
});
