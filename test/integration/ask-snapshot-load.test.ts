import { ManualClock } from '../../src/core/clock';
import { startTestBot, teamsMessage, type TestBot } from '../support/bot-harness';
import { visibleText } from '../support/connector-standin';
import { DEFAULT_TEST_SUBSCRIPTIONS, generateClusterRows, type ResourceGraphStandIn, startResourceGraphStandIn, staticTokenCredential } from '../support/resource-graph-standin';

// Many users asking `status <name>` at once, over real HTTP against the Resource Graph stand-in
// (real SDK, documented quota of 15 queries per 5 s on the test's clock): the stand-in counts
// every query the bot makes. One fleet fetch per FLEET_MAX_AGE_SECONDS, answers from the snapshot
// in between (also when it is older than the 15 s name cache), one name query per Refreshed cluster.
const USERS = 100;
const FLEET = 2500;
const PAGES = Math.ceil(FLEET / 1000);
const clock = new ManualClock('2026-11-25T12:00:00Z');
let rg: ResourceGraphStandIn;
let bot: TestBot;

beforeAll(async () => {
  rg = await startResourceGraphStandIn({ rows: generateClusterRows(FLEET, { now: clock.now() }), quota: { perWindow: 15, windowMs: 5000, clock } });
  bot = await startTestBot({
    clock,
    credential: staticTokenCredential() as never,
    env: {
      AZURE_SUBSCRIPTION_IDS: DEFAULT_TEST_SUBSCRIPTIONS.join(','),
      AZURE_RESOURCE_MANAGER_ENDPOINT: rg.url,
      FLEET_MAX_AGE_SECONDS: '60',
      // The monitor's own fleet reads are its business (and share the snapshot); keep them out of these counts.
      MONITOR_INTERVAL_SECONDS: '86400',
    },
  });
  await bot.app.whenIdle(); // the monitor's first poll (the first snapshot) is done before anything is counted
  await bot.say('status cluster-00001');
});
afterAll(async () => {
  await bot?.stop();
  await rg?.close();
});

const name = (i: number) => `cluster-${String((i % FLEET) + 1).padStart(5, '0')}`;

/** `USERS` users, each in their own chat, send one message each at the same time; resolves with every reply. */
async function burst(activityFor: (user: number) => Record<string, any>): Promise<Record<string, any>[]> {
  const activities = Array.from({ length: USERS }, (_, u) => activityFor(u));
  const conversations = new Set(activities.map((a) => a.conversation.id as string));
  const before = bot.connector.delivered().length;
  const answers = await Promise.all(activities.map((a) => bot.post(a)));
  expect(answers.every((a) => a.status < 300)).toBe(true);
  const calls = await bot.connector.waitFor(before + USERS);
  return calls.slice(before).filter((c) => conversations.has(c.conversationId)).map((c) => c.activity);
}

const statusFrom = (u: number, text = `status ${name(u * 17)}`) => teamsMessage(text, bot.connector.url, { conversationId: `a:load-${u}`, userId: `29:load-${u}` });
const fleetFetchesLogged = () => bot.logger.lines.filter((l) => l.msg === 'fleet fetched from resource graph').length;

/** Lets the bot's I/O run until `done()` holds (the background fetch ends on its own; jest's timeout bounds this). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

const queriesSince = (before: number) => rg.queryRequests().slice(before).map((r) => String(r.body.query));

test('100 concurrent status questions on a fresh snapshot cost no query', async () => {
  const before = rg.queryRequests().length;
  const replies = await burst((u) => statusFrom(u));
  expect(replies).toHaveLength(USERS);
  expect(replies.every((r) => /cluster-\d{5}/.test(visibleText(r)))).toBe(true);
  expect(queriesSince(before)).toEqual([]);
});

test('older than the 15 s name cache: still no query', async () => {
  await clock.advance(20_000);
  const before = rg.queryRequests().length;
  await burst((u) => statusFrom(u));
  expect(queriesSince(before)).toEqual([]);
});

test('older than FLEET_MAX_AGE_SECONDS: answered at once from the aged snapshot (its age on the card), one fleet fetch in the background', async () => {
  await clock.advance(50_000);
  const before = rg.queryRequests().length;
  const fetchesBefore = fleetFetchesLogged();
  const replies = await burst((u) => statusFrom(u));
  expect(replies.filter((r) => visibleText(r).includes('(1 min ago)'))).not.toHaveLength(0);
  await until(() => fleetFetchesLogged() === fetchesBefore + 1);
  const sent = queriesSince(before);
  expect(sent.filter((q) => q.includes('name =~'))).toEqual([]);
  expect(sent).toHaveLength(PAGES); // one fleet fetch: PAGES pages
  // The next burst is answered from the refreshed snapshot, no further query.
  const afterRefresh = rg.queryRequests().length;
  const fresh = await burst((u) => statusFrom(u));
  expect(queriesSince(afterRefresh)).toEqual([]);
  expect(fresh.every((r) => visibleText(r).includes('(just now)'))).toBe(true);
  expect(rg.queryRequests().length - before).toBe(PAGES);
});

test('100 users clicking Refresh on the same cluster within one quota window cost one name query', async () => {
  const id = `/subscriptions/${DEFAULT_TEST_SUBSCRIPTIONS[1]}/resourceGroups/rg-edge-2/providers/Microsoft.Kubernetes/connectedClusters/cluster-00001`;
  await clock.advance(10_000); // past the 5 s in which a snapshot counts as fresh for a Refresh
  const before = rg.queryRequests().length;
  await burst((u) => ({ ...statusFrom(u, ''), value: { command: `status ${id}`, inPlace: true }, replyToId: `card-${u}` }));
  expect(queriesSince(before)).toEqual([expect.stringContaining("name =~ 'cluster-00001'")]);
});
