import type { Cluster } from '../../../src/clusters/cluster';
import type { ClusterDirectory, FleetSnapshot } from '../../../src/clusters/cluster-directory';
import { sameFilter } from '../../../src/clusters/cluster-filter';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { AlertDelivery } from '../../../src/tell/delivery';
import { ConnectivityMonitor } from '../../../src/tell/monitor';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import { aCluster, MIN, offline } from '../../support/clusters';
import { deliveryDefaults, monitorDefaults } from '../../support/config-defaults';
import { conversation, FakeSender } from './fake-sender';

/**
 * Flap damping, digests and mutes live in storage, not in a replica's memory: when leadership moves
 * from one replica to another between two polls, a change seen once by the old leader is confirmed
 * by the new one (posted once, not lost and not restarted), a mute set while the old one led still
 * holds, and a mass change still becomes one digest.
 */
const NAMES = Array.from({ length: 10 }, (_, i) => `store-${i}`);

class SharedFleet implements ClusterDirectory {
  readonly description = 'shared';
  offline = new Set<string>();
  constructor(private readonly clock: ManualClock) {}
  async listClusters(): Promise<FleetSnapshot> {
    const now = this.clock.now();
    const clusters: Cluster[] = NAMES.map((n) => (this.offline.has(n) ? offline(aCluster({ name: n }, now), now, 40) : aCluster({ name: n }, now)));
    return { clusters, fetchedAt: now, source: 'shared' };
  }
  async getClustersByName(): Promise<Cluster[]> { return []; }
}

function replicas() {
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  const storage = new MemoryStorage();
  const fleet = new SharedFleet(clock);
  const sender = new FakeSender(clock);
  /** A replica as a fresh process: its own stores, delivery and monitor over the shared storage. */
  const replica = () => {
    const stores = createTellStores(storage);
    const logger = createMemoryLogger();
    const delivery = new AlertDelivery(stores, sender, clock, logger, deliveryDefaults());
    const monitor = new ConnectivityMonitor(fleet, stores, delivery, clock, logger, monitorDefaults({ confirmations: 2 }));
    const poll = async () => {
      await monitor.tick();
      for (;;) {
        const round = await delivery.deliverDue();
        if (!round.nextAt) break;
        await clock.advance(Math.max(0, round.nextAt.getTime() - clock.now().getTime()));
      }
      await clock.advance(MIN);
    };
    return { stores, poll };
  };
  return { clock, fleet, sender, replica };
}

async function subscribeAll(stores: ReturnType<typeof createTellStores>, now: Date) {
  await stores.conversations.upsert(conversation('c1'), true);
  await stores.subscriptions.add('c1', { filter: {}, kinds: [], createdAt: now.toISOString() }, sameFilter);
}

describe('a change of leader between polls', () => {
  test('a change the old leader saw once is confirmed by the new leader, and posted exactly once', async () => {
    const { clock, fleet, sender, replica } = replicas();
    const a = replica();
    await subscribeAll(a.stores, clock.now());
    await a.poll(); // baseline
    fleet.offline.add('store-3');
    await a.poll(); // seen once: pending (flap damping)
    expect(sender.sent).toEqual([]);
    const b = replica(); // a dies; b takes over with nothing in memory
    await b.poll();
    expect(sender.sent.map((s) => s.text)).toEqual([expect.stringMatching(/^🔴 store-3 went Offline/)]);
    await b.poll();
    expect(sender.sent).toHaveLength(1);
  });

  test('a flap that the old leader saw once and that ended before the new leader polled posts nothing', async () => {
    const { clock, fleet, sender, replica } = replicas();
    const a = replica();
    await subscribeAll(a.stores, clock.now());
    await a.poll();
    fleet.offline.add('store-3');
    await a.poll();
    fleet.offline.delete('store-3');
    const b = replica();
    await b.poll();
    await b.poll();
    expect(sender.sent).toEqual([]);
  });

  test('a mute set while the old leader led holds under the new one', async () => {
    const { clock, fleet, sender, replica } = replicas();
    const a = replica();
    await subscribeAll(a.stores, clock.now());
    await a.poll();
    await a.stores.mutes.add('c1', { filter: {}, until: new Date(clock.now().getTime() + 60 * MIN).toISOString(), createdAt: clock.now().toISOString() }, sameFilter);
    const b = replica();
    fleet.offline.add('store-3');
    await b.poll();
    await b.poll();
    expect(sender.sent).toEqual([]);
  });

  test('a mass change split across two leaders is still one digest', async () => {
    const { clock, fleet, sender, replica } = replicas();
    const a = replica();
    await subscribeAll(a.stores, clock.now());
    await a.poll();
    for (const n of NAMES.slice(0, 7)) fleet.offline.add(n);
    await a.poll();
    const b = replica();
    await b.poll();
    expect(sender.sent.map((s) => s.text)).toEqual([expect.stringMatching(/^7 clusters went Offline/)]);
  });
});
