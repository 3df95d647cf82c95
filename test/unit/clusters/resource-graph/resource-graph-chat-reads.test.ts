import { createResourceGraphDirectory } from '../../../../src/clusters/resource-graph/resource-graph-directory';
import { ManualClock } from '../../../../src/core/clock';
import { createMemoryLogger } from '../../../../src/core/logger';
import { resourceGraphDefaults } from '../../../support/config-defaults';
import { FAKE_SUBSCRIPTION, FakeResourceGraph, row } from '../../../support/fake-resource-graph';

// How chat reads the fleet: one shared snapshot, refreshed single-flight in the background once it
// is older than FLEET_MAX_AGE_SECONDS (stale-while-revalidate), and one-cluster queries only when
// asked to (a Refresh), coalesced per name. Time is a ManualClock; nothing sleeps.
const MAX_AGE = 60_000;
const CHAT = { maxAgeMs: MAX_AGE, staleWhileRevalidate: true } as const;

function setup() {
  const client = new FakeResourceGraph();
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  const logger = createMemoryLogger();
  const directory = createResourceGraphDirectory({ ...resourceGraphDefaults(), subscriptionIds: [FAKE_SUBSCRIPTION], client, clock, logger, fleetMaxAgeMs: MAX_AGE, nameCacheTtlMs: 15_000 });
  return { client, clock, logger, directory };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};
const fleetQueries = (client: FakeResourceGraph) => client.calls.filter((c) => !c.query.includes('name =~')).length;
const nameQueries = (client: FakeResourceGraph) => client.calls.filter((c) => c.query.includes('name =~')).length;

describe('ResourceGraphDirectory: chat reads', () => {
  test('the first question waits for the first snapshot; 100 concurrent questions share that one fetch', async () => {
    const { client, directory } = setup();
    client.fallback = () => ({ data: [row('a')] });
    client.hold();
    const asked = Array.from({ length: 100 }, () => directory.listClusters(CHAT));
    await flush();
    expect(client.calls).toHaveLength(1);
    client.release();
    const snapshots = await Promise.all(asked);
    expect(new Set(snapshots).size).toBe(1);
  });

  test('within FLEET_MAX_AGE_SECONDS every question gets the same snapshot and no query', async () => {
    const { client, clock, directory } = setup();
    client.fallback = () => ({ data: [row('a')] });
    const first = await directory.listClusters(CHAT);
    await clock.advance(MAX_AGE - 1);
    expect(await directory.listClusters(CHAT)).toBe(first);
    expect(client.calls).toHaveLength(1);
  });

  test('an aged snapshot is served at once while one refresh runs in the background, then the new one is served', async () => {
    const { client, clock, directory } = setup();
    client.fallback = () => ({ data: [row('a')] });
    const old = await directory.listClusters(CHAT);
    await clock.advance(MAX_AGE);
    client.fallback = () => ({ data: [row('a'), row('b')] });
    client.hold();
    // 100 users ask while the refresh is under way: all answered from the old snapshot, one fetch.
    const during = await Promise.all(Array.from({ length: 100 }, () => directory.listClusters(CHAT)));
    expect(during.every((s) => s === old)).toBe(true);
    expect(fleetQueries(client)).toBe(2);
    client.release();
    await flush();
    const fresh = await directory.listClusters(CHAT);
    expect(fresh.clusters.map((c) => c.name)).toEqual(['a', 'b']);
    expect(fresh.fetchedAt.getTime()).toBe(clock.now().getTime());
    expect(fleetQueries(client)).toBe(2);
  });

  test('the monitor (no stale-while-revalidate) waits for a fresh fleet, and chat shares what it fetched', async () => {
    const { client, clock, directory } = setup();
    client.fallback = () => ({ data: [row('a')] });
    await directory.listClusters(CHAT);
    await clock.advance(30_000);
    client.fallback = () => ({ data: [row('a'), row('b')] });
    const monitors = await directory.listClusters({ maxAgeMs: 0 });
    expect(monitors.clusters).toHaveLength(2);
    expect(await directory.listClusters(CHAT)).toBe(monitors);
    expect(fleetQueries(client)).toBe(2);
  });

  test('a failed background refresh keeps the old snapshot and is not retried on every question', async () => {
    const { client, clock, directory, logger } = setup();
    client.fallback = () => ({ data: [row('a')] });
    const old = await directory.listClusters(CHAT);
    await clock.advance(MAX_AGE);
    client.fallback = () => ({ error: Object.assign(new Error('forbidden'), { statusCode: 403, name: 'RestError' }) });
    expect(await directory.listClusters(CHAT)).toBe(old);
    await flush();
    expect(logger.lines.some((l) => l.msg.startsWith('background fleet refresh failed') && l.fields.kind === 'forbidden')).toBe(true);
    for (let i = 0; i < 10; i++) expect(await directory.listClusters(CHAT)).toBe(old);
    expect(fleetQueries(client)).toBe(2);
    await clock.advance(10_000);
    client.fallback = () => ({ data: [row('a'), row('b')] });
    expect(await directory.listClusters(CHAT)).toBe(old);
    await flush();
    expect(fleetQueries(client)).toBe(3);
    expect((await directory.listClusters(CHAT)).clusters).toHaveLength(2);
  });

  test('a Refresh reads the cluster by name even when the snapshot has it; Refreshes of one cluster within 5 s share one query', async () => {
    const { client, clock, directory } = setup();
    client.fallback = (q) => ({ data: q.query.includes('name =~') ? [row('a', 'rg-1', 'Offline')] : [row('a')] });
    await directory.listClusters(CHAT);
    expect((await directory.getClustersByName('a'))[0].status).toBe('Connected'); // no Refresh: the snapshot
    expect((await directory.getClustersByName('a', { refresh: true }))[0].status).toBe('Connected'); // a snapshot under 5 s old is fresh enough
    expect(nameQueries(client)).toBe(0);
    await clock.advance(5_000);
    client.hold();
    const refreshes = [directory.getClustersByName('a', { refresh: true }), directory.getClustersByName('A', { refresh: true }), directory.getClustersByName('a', { refresh: true })];
    await flush();
    expect(nameQueries(client)).toBe(1);
    client.release();
    for (const answer of await Promise.all(refreshes)) expect(answer[0].status).toBe('Offline');
    // The answer is newer than the snapshot: a plain lookup now gets it too, and so does a Refresh within 5 s.
    expect((await directory.getClustersByName('a'))[0].status).toBe('Offline');
    await clock.advance(4_999);
    await directory.getClustersByName('a', { refresh: true });
    expect(nameQueries(client)).toBe(1);
    await clock.advance(1);
    await directory.getClustersByName('a', { refresh: true });
    expect(nameQueries(client)).toBe(2);
  });

  test('a Refresh while the quota is spent answers from the snapshot instead of waiting for the window', async () => {
    const { client, directory } = setup();
    client.fallback = () => ({ data: [row('a')], headers: { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:05' } });
    await directory.listClusters(CHAT);
    const answer = await directory.getClustersByName('a', { refresh: true });
    expect(answer.map((c) => c.name)).toEqual(['a']);
    expect(await directory.getClustersByName('not-in-the-snapshot')).toEqual([]);
    expect(client.calls).toHaveLength(1);
  });
});
