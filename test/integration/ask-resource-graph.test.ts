import { shownText } from '../support/shown-text';
import { ManualClock } from '../../src/core/clock';
import { cardOf, visibleText } from '../support/connector-standin';
import { startTestBot, type TestBot } from '../support/bot-harness';
import { DEFAULT_TEST_SUBSCRIPTIONS, generateClusterRows, type ResourceGraphStandIn, startResourceGraphStandIn, staticTokenCredential } from '../support/resource-graph-standin';

// The bot answering chat questions from the real Resource Graph SDK against the HTTPS stand-in
// (test CA via NODE_EXTRA_CA_CERTS, set by `npm test`).
const clock = new ManualClock('2026-11-25T12:00:00Z');
let rg: ResourceGraphStandIn;
let bot: TestBot;

beforeAll(async () => {
  rg = await startResourceGraphStandIn({ rows: generateClusterRows(1200, { now: clock.now() }), forbiddenSubscriptions: [] });
  bot = await startTestBot({
    clock,
    credential: staticTokenCredential() as never,
    env: {
      AZURE_SUBSCRIPTION_IDS: DEFAULT_TEST_SUBSCRIPTIONS.join(','),
      AZURE_RESOURCE_MANAGER_ENDPOINT: rg.url,
      FLEET_MAX_AGE_SECONDS: '60',
      // The monitor's first poll must not race the questions below for the fleet snapshot.
      MONITOR_INTERVAL_SECONDS: '3600',
    },
  });
  // Its first poll done and its snapshot past FLEET_MAX_AGE_SECONDS: each test starts with no fresh snapshot.
  await bot.app.whenIdle();
  await clock.advance(61_000);
});
afterAll(async () => {
  await bot?.stop();
  await rg?.close();
});

test('/healthz names Resource Graph as the cluster source', async () => {
  const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { clusterSource: string };
  expect(health.clusterSource).toMatch(/resource graph/i);
});

test('status <cluster> on an aged snapshot costs one paged fleet refresh and no name query; later questions reuse the snapshot', async () => {
  const before = rg.queryRequests().length;
  const [reply] = await bot.say('status CLUSTER-00007');
  expect(visibleText(reply)).toContain('cluster-00007');
  expect(cardOf(reply)?.version).toBe('1.5');
  await bot.app.directory.listClusters({ maxAgeMs: 60_000 }); // the refresh the answer started in the background
  const sent = rg.queryRequests().slice(before).map((r) => r.body.query as string);
  expect(sent.filter((q) => q.includes('name =~'))).toHaveLength(0);
  expect(sent).toHaveLength(2); // ceil(1200 / 1000) fleet pages: the snapshot knows the cluster and the newest agent

  const afterStatus = rg.queryRequests().length;
  const [summary] = await bot.say('status');
  expect(visibleText(summary)).toContain('Fleet at a glance: 1200 clusters');
  await bot.say('clusters offline');
  await bot.say('clusters expiring');
  expect(rg.queryRequests().length).toBe(afterStatus);
});

test('a hostile name never reaches Resource Graph', async () => {
  const before = rg.queryRequests().length;
  const [reply] = await bot.say("status a'|take 1//");
  expect(shownText(reply)).toContain('not a valid cluster name');
  expect(rg.queryRequests().length).toBe(before);
});

test('403 from Resource Graph becomes one clear sentence with a reference, and the bot keeps answering', async () => {
  await clock.advance(120_000); // past the fleet snapshot age and the name cache
  rg.setFault({ status: 403, code: 'AuthorizationFailed', message: 'no access' });
  // A cluster the snapshot does not have is asked for by name, and that query is refused.
  const [reply] = await bot.say('status cluster-09999');
  expect(shownText(reply)).toMatch(/cannot read|permission|Reader/i);
  expect(shownText(reply)).toMatch(/\(reference [0-9a-f]{8}\)/);
  rg.setFault(undefined);
  const [ok] = await bot.say('status cluster-00998');
  expect(visibleText(ok)).toContain('cluster-00998');
  expect(bot.logger.lines.some((l) => l.msg === 'cluster source failed' && l.fields.kind === 'forbidden')).toBe(true);
});
