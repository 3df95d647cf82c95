import { createAsk } from '../../../src/ask/ask-feature';
import type { CommandContext } from '../../../src/chat/command';
import { createCommandRouter } from '../../../src/chat/registry';
import type { MessageReply } from '../../../src/chat/reply';
import { ClusterFinder } from '../../../src/clusters/cluster-finder';
import { createResourceGraphDirectory } from '../../../src/clusters/resource-graph/resource-graph-directory';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { resourceGraphDefaults } from '../../support/config-defaults';
import { FAKE_SUBSCRIPTION, FakeResourceGraph, row } from '../../support/fake-resource-graph';

// `status <name>` end to end over the Resource Graph directory (fake client, ManualClock): answered
// from the shared snapshot with its age on the card, refreshed in the background, and a one-cluster
// query only for a cluster the snapshot lacks or for the card's Refresh button.
const MAX_AGE = 60_000;
const typed: CommandContext = { conversation: { id: 'c', type: 'personal' }, user: { id: 'u' }, correlationId: 'corr' };
const refreshClick: CommandContext = { ...typed, cardAction: { replacesCard: true } };

function setup() {
  const client = new FakeResourceGraph();
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  const directory = createResourceGraphDirectory({ ...resourceGraphDefaults(), subscriptionIds: [FAKE_SUBSCRIPTION], client, clock, logger: createMemoryLogger(), fleetMaxAgeMs: MAX_AGE, nameCacheTtlMs: 15_000 });
  const router = createCommandRouter([createAsk({ directory, finder: new ClusterFinder(directory, MAX_AGE, () => clock.now()), clock, fleetMaxAgeMs: MAX_AGE, portalHost: 'https://portal.azure.com', pageSize: 20 })]);
  const say = async (text: string, ctx = typed) => ((await router.route(text, ctx)) as MessageReply[])[0].text;
  return { client, clock, say };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};
const nameQueries = (client: FakeResourceGraph) => client.calls.filter((c) => c.query.includes('name =~')).length;
const fleetQueries = (client: FakeResourceGraph) => client.calls.length - nameQueries(client);

test('status answers from the snapshot with its age; an aged one is answered at once and refreshed once in the background', async () => {
  const { client, clock, say } = setup();
  client.fallback = () => ({ data: [row('edge-1')] });
  expect(await say('status edge-1')).toContain('As of 2026-11-25 12:00 UTC (just now)');
  await clock.advance(3 * 60_000);
  client.hold();
  const answers = await Promise.all(Array.from({ length: 20 }, () => say('status edge-1')));
  for (const answer of answers) expect(answer).toContain('As of 2026-11-25 12:00 UTC (3 min ago)');
  expect(fleetQueries(client)).toBe(2);
  client.release();
  await flush();
  expect(await say('status edge-1')).toContain('As of 2026-11-25 12:03 UTC (just now)');
  expect(fleetQueries(client)).toBe(2);
  expect(nameQueries(client)).toBe(0);
});

test('a cluster the snapshot lacks is read by name once per burst; a Refresh click reads a known one again', async () => {
  const { client, clock, say } = setup();
  client.fallback = (q) => ({ data: q.query.includes('name =~') ? [row(/name =~ '([^']+)'/.exec(q.query)![1], 'rg-1', 'Offline')] : [row('edge-1')] });
  await say('status edge-1');
  client.hold();
  const burst = Promise.all(Array.from({ length: 10 }, () => say('status edge-new')));
  await flush();
  client.release();
  for (const answer of await burst) expect(answer).toContain('edge-new: Offline');
  expect(nameQueries(client)).toBe(1);
  expect(await say('status edge-1')).toContain('edge-1: Connected');
  expect(nameQueries(client)).toBe(1);
  await clock.advance(5_000); // a snapshot younger than this is as fresh as a Refresh would get
  expect(await say('status edge-1', refreshClick)).toContain('edge-1: Offline');
  expect(nameQueries(client)).toBe(2);
});
