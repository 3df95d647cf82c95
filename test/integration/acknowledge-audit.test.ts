import { pointConversationsAt } from '../support/restart-surgery';
import { shownText } from '../support/shown-text';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StoredAuditTrail } from '../../src/audit/stored-audit-trail';
import { ManualClock } from '../../src/core/clock';
import { createMemoryLogger } from '../../src/core/logger';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { startTestBot, TENANT_ID, teamsMessage, type MessageOptions, type TestBot } from '../support/bot-harness';
import { cardOf, visibleText, type ConnectorCall } from '../support/connector-standin';

/**
 * Acknowledge and the audit trail over HTTP: the real composed app with a fleet file we edit, SQLite
 * storage kept across a restart (a new leader), the connector stand-in receiving cards and updates,
 * and button clicks sent as Teams sends them (Action.Execute invokes and Action.Submit messages).
 * The clock is a ManualClock moved one poll at a time (MONITOR_INTERVAL_SECONDS=1, 2 confirmations).
 */
const CHANNEL = '19:general@thread.tacv2';
const SUB = '11111111-2222-3333-4444-555555555555';
const POLL_MS = 1000;
const ADA = { userId: '29:ada', userName: 'Ada Lovelace', aadObjectId: '00000000-0000-0000-0000-00000000ada1', scope: 'channel' as const };
const BOB = { userId: '29:bob', userName: 'Bob', aadObjectId: '00000000-0000-0000-0000-00000000b0b1', scope: 'channel' as const };
const clusterId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-stores/providers/Microsoft.Kubernetes/connectedClusters/${name}`;

let clock: ManualClock;
let dir: string;
let fleetFile: string;
let dbFile: string;
const bots: TestBot[] = [];
const storages: SqliteStorage[] = [];

function row(name: string, status: string, certificateDays = 80) {
  const now = clock.now().getTime();
  return {
    id: clusterId(name), name, type: 'microsoft.kubernetes/connectedclusters', tenantId: TENANT_ID, location: 'westeurope',
    resourceGroup: 'rg-stores', subscriptionId: SUB, tags: { env: 'prod' },
    properties: {
      connectivityStatus: status,
      lastConnectivityTime: new Date(now - (status === 'Connected' ? 60_000 : 40 * 60_000)).toISOString(),
      managedIdentityCertificateExpirationTime: new Date(now + certificateDays * 86_400_000).toISOString(),
      agentVersion: '1.36.1', kubernetesVersion: '1.33.2', totalNodeCount: 3, distribution: 'k3s',
    },
  };
}

function writeFleet(rows: ReturnType<typeof row>[]) {
  fs.writeFileSync(fleetFile, JSON.stringify({ data: rows }));
}

async function elapse(bot: TestBot, ms: number) {
  await clock.advance(ms);
  await bot.app.whenIdle();
}
const nextPoll = (bot: TestBot) => elapse(bot, POLL_MS);

async function startBot(): Promise<{ bot: TestBot; storage: SqliteStorage }> {
  const storage = new SqliteStorage(dbFile);
  storages.push(storage);
  const bot = await startTestBot({ env: { DEMO_FLEET_FILE: fleetFile, MONITOR_INTERVAL_SECONDS: '1', ALERT_CONFIRMATIONS: '2' }, storage, clock });
  bots.push(bot);
  await pointConversationsAt(storage, bot.connector.url);
  await bot.app.whenIdle();
  return { bot, storage };
}

const inChannel = (bot: TestBot, from = 0): ConnectorCall[] => bot.connector.calls.slice(from).filter((c) => c.conversationId === CHANNEL);

/** An Action.Execute click on a card button, as Teams sends it: an invoke whose value carries the button's data. */
function executeClick(bot: TestBot, data: Record<string, unknown>, replyToId: string, who: MessageOptions) {
  const message = teamsMessage('', bot.connector.url, { ...who, mention: false });
  delete message.text;
  return { ...message, type: 'invoke', name: 'adaptiveCard/action', replyToId, value: { action: { type: 'Action.Execute', verb: 'command', data }, trigger: 'manual' } };
}

function buttonOf(activity: Record<string, any>, title: string): Record<string, any> {
  return cardOf(activity)!.actions.find((a: { title: string }) => a.title === title);
}

beforeEach(() => {
  clock = new ManualClock('2026-11-25T12:00:00Z');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-ack-'));
  fleetFile = path.join(dir, 'fleet.json');
  dbFile = path.join(dir, 'state', 'arc-bot.db');
  writeFleet([row('store-0421', 'Connected'), row('store-0422', 'Connected')]);
});

afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop();
  for (const s of storages.splice(0)) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Subscribes the channel, takes store-0421 Offline and returns the alert card Teams received. */
async function offlineAlert(bot: TestBot): Promise<ConnectorCall> {
  await bot.say('subscribe store-*', ADA);
  const mark = bot.connector.calls.length;
  writeFleet([row('store-0421', 'Offline'), row('store-0422', 'Connected')]);
  await nextPoll(bot);
  await nextPoll(bot);
  const [alert] = inChannel(bot, mark);
  expect(visibleText(alert.activity)).toContain('store-0421 went Offline');
  return alert;
}

describe('Acknowledge over HTTP', () => {
  it('click -> the card changes for everyone; a reminder names who has it; after a restart (new leader) the recovery closes it with the name', async () => {
    let { bot } = await startBot();
    const alert = await offlineAlert(bot);
    const acknowledge = buttonOf(alert.activity, 'Acknowledge');
    expect(acknowledge).toMatchObject({ type: 'Action.Execute', data: { command: `acknowledge ${clusterId('store-0421')}`, inPlace: true } });

    await elapse(bot, 12 * 60_000); // Ada takes it twelve minutes later
    const mark = bot.connector.calls.length;
    const res = await bot.post(executeClick(bot, acknowledge.data, alert.answeredId!, ADA));
    // The clicker sees the new card at once (invoke response) ...
    const invoke = JSON.parse(res.body);
    expect(invoke).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(invoke.value)).toContain('✋ Acknowledged by Ada Lovelace at 12:12 UTC');
    // ... and everyone else too: the alert message itself is edited in place.
    const [update] = (await bot.connector.waitFor(mark + 1)).slice(mark);
    expect(`${update.method} ${update.activityId}`).toBe(`PUT ${alert.answeredId}`);
    expect(visibleText(update.activity).split('\n').slice(0, 2)).toEqual(['🔴 store-0421 went Offline', '✋ Acknowledged by Ada Lovelace at 12:12 UTC']);
    expect(cardOf(update.activity)!.actions.map((a: any) => a.title)).toEqual(['Refresh', 'Diagnose', 'Mute 1h', 'Open in portal']);

    // Bob clicks the same button on his screen a moment later: one line, nothing changes.
    const second = bot.connector.calls.length;
    await bot.post({ ...teamsMessage('', bot.connector.url, { ...BOB, mention: false, value: acknowledge.data }), replyToId: alert.answeredId });
    const [answer] = (await bot.connector.waitFor(second + 1)).slice(second);
    expect(`${answer.method} ${shownText(answer.activity)}`).toBe('POST ✋ store-0421: already acknowledged by Ada Lovelace at 12:12 UTC.');

    // Still Offline, and the certificate now has under 7 days: the countdown reminder says who has it.
    const beforeReminder = bot.connector.calls.length;
    writeFleet([row('store-0421', 'Offline', 6.5), row('store-0422', 'Connected')]);
    await nextPoll(bot);
    await nextPoll(bot);
    const [reminder] = inChannel(bot, beforeReminder);
    expect(reminder.method).toBe('POST');
    const reminderText = visibleText(reminder.activity);
    expect(reminderText).toContain('store-0421: certificate expiring');
    expect(reminderText).toContain('✋ Acknowledged by Ada Lovelace at 12:12 UTC');
    expect(reminder.activity.summary).toContain('Acknowledged by Ada Lovelace at 12:12 UTC.');
    expect(cardOf(reminder.activity)!.actions.map((a: any) => a.title)).not.toContain('Acknowledge');

    // A new leader: this process stops, another starts on the same storage. The acknowledgement was stored, not remembered.
    await bot.stop();
    bots.splice(0);
    ({ bot } = await startBot());
    await elapse(bot, 2 * 60 * 60_000 - 20_000);
    const beforeRecovery = bot.connector.calls.length;
    writeFleet([row('store-0421', 'Connected'), row('store-0422', 'Connected')]);
    await nextPoll(bot);
    await nextPoll(bot);
    await nextPoll(bot);
    const [closed, message] = inChannel(bot, beforeRecovery);
    expect(`${closed.method} ${closed.activityId}`).toBe(`PUT ${reminder.answeredId}`);
    expect(visibleText(closed.activity).split('\n')[0]).toMatch(/^✅ store-0421: recovered after 2 h \d+ min, acknowledged by Ada Lovelace$/);
    expect(shownText(message.activity)).toMatch(/^🟢 store-0421 is Connected again \(recovered after 2 h \d+ min, acknowledged by Ada Lovelace\)\.$/);

    // The old card's button, clicked after the recovery: one line, no card changed.
    const late = bot.connector.calls.length;
    const lateRes = await bot.post(executeClick(bot, acknowledge.data, alert.answeredId!, BOB));
    expect(JSON.parse(lateRes.body).type).toBe('application/vnd.microsoft.activity.message');
    const lateCalls = (await bot.connector.waitFor(late + 1)).slice(late);
    expect(lateCalls.map((c) => `${c.method} ${shownText(c.activity)}`)).toEqual(['POST ✅ store-0421 has already recovered (Connected): there is nothing to acknowledge.']);
  });

  it('typed `acknowledge <cluster>` where buttons are awkward: one line, the alert card is edited for everyone, and Refresh keeps it', async () => {
    const { bot } = await startBot();
    const alert = await offlineAlert(bot);
    const [answer] = await bot.say('acknowledge store-0421', BOB);
    expect(shownText(answer)).toBe('✋ store-0421: acknowledged by Bob at 12:00 UTC. The alert card will say so in a moment, and so will its reminders and its recovery.');
    const typedAt = bot.connector.calls.length;
    await nextPoll(bot); // the alert delivery edits the card, as it does for a recovery
    const [edited] = inChannel(bot, typedAt);
    expect(`${edited.method} ${edited.activityId}`).toBe(`PUT ${alert.answeredId}`);
    expect(visibleText(edited.activity)).toContain('✋ Acknowledged by Bob at 12:00 UTC');
    for (let i = 0; i < 3; i++) await nextPoll(bot);
    expect(inChannel(bot, typedAt)).toHaveLength(1); // once
    const mark = bot.connector.calls.length;
    await bot.post(executeClick(bot, buttonOf(alert.activity, 'Refresh').data, alert.answeredId!, ADA));
    const [refreshed] = (await bot.connector.waitFor(mark + 1)).slice(mark);
    expect(`${refreshed.method} ${refreshed.activityId}`).toBe(`PUT ${alert.answeredId}`);
    expect(visibleText(refreshed.activity)).toContain('✋ Acknowledged by Bob at 12:00 UTC');
  });
});

describe('the audit trail over HTTP', () => {
  const SECRET = 'password=Sup3r-S3cret-t0ken';
  const PASTED = [
    'NAME READY STATUS RESTARTS AGE',
    `config-agent-7f6d8b9c5-kx2lq 1/2 CrashLoopBackOff 14 (2m ago) 3d4h ${SECRET}`,
  ].join('\n');

  it('subscribe, mute, the Mute 1h and Acknowledge buttons, unmute, diagnose and unsubscribe are recorded with exact fields; pasted output and free text never are', async () => {
    const { bot, storage } = await startBot();
    const alert = await offlineAlert(bot); // "subscribe store-*" by Ada
    await bot.say('mute store-0422 2h', BOB);
    await bot.post(executeClick(bot, buttonOf(alert.activity, 'Mute 1h').data, alert.answeredId!, ADA));
    await bot.post(executeClick(bot, buttonOf(alert.activity, 'Acknowledge').data, alert.answeredId!, BOB));
    await bot.say('unmute store-0422', BOB);
    await bot.say('diagnose store-0421', ADA);
    await bot.say('cancel', ADA);
    // Free text, pasted output and refused commands change nothing, so nothing of them is recorded.
    await bot.say(PASTED, ADA);
    await bot.say(`subscribe store-* ${SECRET}`, ADA);
    await bot.say('please mute everything, my token is hunter2', ADA);
    await bot.say('unsubscribe all', ADA);

    const at = '2026-11-25T12:00:02.000Z';
    const ada = { aadObjectId: ADA.aadObjectId, userName: 'Ada Lovelace', conversationId: CHANNEL };
    const bob = { aadObjectId: BOB.aadObjectId, userName: 'Bob', conversationId: CHANNEL };
    const stored = await new StoredAuditTrail(storage, clock, createMemoryLogger(), 90).recent(CHANNEL, 50);
    expect(stored.reverse()).toEqual([
      { at: '2026-11-25T12:00:00.000Z', ...ada, action: 'subscribe', target: 'clusters named store-*', detail: 'all events', via: 'typed' },
      { at, ...bob, action: 'mute', target: 'cluster store-0422', detail: 'for 2 h, until 2026-11-25 14:00 UTC', via: 'typed' },
      { at, ...ada, action: 'mute', target: 'cluster store-0421 (resource group rg-stores)', detail: 'for 1 h, until 2026-11-25 13:00 UTC', via: 'button' },
      { at, ...bob, action: 'acknowledge', target: 'cluster store-0421 (resource group rg-stores)', via: 'button' },
      { at, ...bob, action: 'unmute', target: '#1 cluster store-0422', via: 'typed' },
      { at, ...ada, action: 'diagnose', target: 'store-0421 (resource group rg-stores)', via: 'typed' },
      { at, ...ada, action: 'unsubscribe', target: 'all', via: 'typed' },
    ]);
    // The same records are JSON log lines.
    const logged = bot.logger.lines.filter((l) => l.msg === 'audit').map((l) => l.fields);
    expect(logged.map((f) => `${f.action} ${f.target}`)).toEqual(stored.map((e) => `${e.action} ${e.target}`));
    expect(logged[1]).toMatchObject({ ...stored[1], component: 'audit' });
    // Nothing typed beyond the command words and target reaches the trail, in storage or in its log lines.
    const everything = JSON.stringify([stored, logged, await storage.read(['audit/index'])]);
    for (const leaked of ['Sup3r', 'hunter2', 'CrashLoopBackOff', 'please', 'config-agent']) expect(everything).not.toContain(leaked);

    // `audit` shows them, newest first, as a card.
    const [card] = await bot.say('audit 3', ADA);
    expect(visibleText(card).split('\n').slice(0, 4)).toEqual([
      '🧾 Audit trail: the last 3 entries here',
      '2026-11-25 12:00 UTC · Ada Lovelace · unsubscribe all',
      '2026-11-25 12:00 UTC · Ada Lovelace · diagnose store-0421 (resource group rg-stores)',
      '2026-11-25 12:00 UTC · Bob · unmute \\#1 cluster store-0422', // markdown-escaped on the card; Teams shows #1
    ]);
    // Another conversation sees only its own.
    const [elsewhere] = await bot.say('audit', { ...ADA, scope: 'personal' });
    expect(visibleText(elsewhere).split('\n')[0]).toBe('🧾 Audit trail: nothing recorded here');
  });
});
