import type { Cluster } from '../../../src/clusters/cluster';
import type { ClusterDirectory, FleetSnapshot } from '../../../src/clusters/cluster-directory';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { sameFilter } from '../../../src/clusters/cluster-filter';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { AlertDelivery } from '../../../src/tell/delivery';
import { emptyFleetMemory, observeFleet, type FleetMemory, type ObserveResult } from '../../../src/tell/fleet-diff';
import { FleetObserver } from '../../../src/tell/fleet-observer';
import { ConnectivityMonitor } from '../../../src/tell/monitor';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import { conversation, FakeSender } from './fake-sender';
import { aCluster, DAY, MIN, offline } from '../../support/clusters';
import { deliveryDefaults, monitorDefaults } from '../../support/config-defaults';

const names = Array.from({ length: 12 }, (_, i) => `edge-${String(i).padStart(2, '0')}`);

/** The fleet at poll `i`: clusters go Offline, come back, leave, appear, change tags and agents over time. */
function fleetAt(i: number, now: Date): Cluster[] {
  return names.flatMap((name, n) => {
    if (n === 3 && i >= 2) return []; // leaves for good
    if (n === 11 && i < 3) return []; // appears at poll 3
    let c = aCluster({ name, tags: { env: n === 5 && i >= 4 ? 'staging' : 'prod' } }, now);
    if (n === 1 && i >= 1) c = offline(c, now);
    if (n === 2 && i === 1) c = offline(c, now); // a one-poll flap
    if (n === 7 && i >= 3) c = { ...c, status: 'Expired' };
    if (n === 9 && i >= 2) c = { ...c, status: 'Offline', certificateExpiresAt: new Date(now.getTime() + 10 * DAY) };
    return [c];
  });
}

/** Feeds a fleet to an observer in pages of `size`, each page also repeating the previous page's first cluster. */
function observeInPages(previous: FleetMemory, clusters: Cluster[], now: Date, size: number): ObserveResult {
  const observer = new FleetObserver(previous, now, { confirmations: 2, removalMinMs: 2 * MIN, assumedLatestAgent: previous.latestAgent ?? '1.36.1' });
  for (let start = 0; start < clusters.length; start += size) {
    const repeat = start > 0 ? [{ ...clusters[start - size], id: clusters[start - size].id.toUpperCase() }] : [];
    observer.add([...repeat, ...clusters.slice(start, start + size)]);
  }
  expect(observer.latestAgentSettled()).toBe(true);
  observer.close(new Set());
  return observer.finish();
}

describe('FleetObserver: the diff, page by page', () => {
  test.each([1, 2, 5, 100])('pages of %i give the same events and memory as the whole fleet at once', (size) => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    let whole: FleetMemory | undefined;
    let paged: FleetMemory = emptyFleetMemory();
    for (let i = 0; i < 7; i++) {
      const now = clock.now();
      const fleet = fleetAt(i, now);
      const a = observeFleet(whole, fleet, now, { confirmations: 2, removalMinMs: 2 * MIN });
      const b = observeInPages(paged, fleet, now, size);
      expect(b.events.map((e) => e.key)).toEqual(a.events.map((e) => e.key));
      expect(b.events).toEqual(a.events);
      expect(b.memory).toEqual(a.memory);
      expect(b.changed).toBe(a.changed);
      whole = a.memory;
      paged = b.memory;
      void clock.advance(MIN);
    }
    // The story the fleet told: offline, expired, the cert horizon, the removal and the new cluster.
    expect(paged.clusters[fleetAt(0, clock.now())[1].id].status).toBe('Offline');
    expect(Object.keys(paged.clusters)).toHaveLength(names.length - 1);
  });

  it('an unchanged poll keeps the remembered fleet object and every state in it, and asks for no write', () => {
    const t0 = new Date('2026-11-25T12:00:00Z');
    const first = observeFleet(undefined, fleetAt(5, t0), t0, { confirmations: 2 }).memory;
    const t1 = new Date(t0.getTime() + MIN);
    const next = observeInPages(first, fleetAt(5, t1), t1, 3);
    expect(next.changed).toBe(false);
    expect(next.events).toEqual([]);
    expect(next.memory.clusters).toBe(first.clusters);
    for (const id in first.clusters) expect(next.memory.clusters[id]).toBe(first.clusters[id]);
  });

  it('says when the newest agent version moved during the read, so the caller can judge again', () => {
    const t0 = new Date('2026-11-25T12:00:00Z');
    const fleet = names.map((name, n) => aCluster({ name, agentVersion: n < 4 ? '1.39.0' : '1.36.1' }, t0));
    const known = observeFleet(undefined, names.map((name) => aCluster({ name }, t0)), t0, { confirmations: 1 }).memory;
    const observer = new FleetObserver(known, t0, { confirmations: 1, assumedLatestAgent: '1.36.1' });
    observer.add(fleet.slice(0, 6));
    observer.add(fleet.slice(6));
    expect(observer.latestAgent()).toBe('1.39.0');
    expect(observer.latestAgentSettled()).toBe(false);
  });

  it('a baseline judged against an older agent version is judged again at the end, as if read whole', () => {
    const t0 = new Date('2026-11-25T12:00:00Z');
    const fleet = names.map((name, n) => aCluster({ name, agentVersion: n < 4 ? '1.39.0' : '1.36.1' }, t0));
    const observer = new FleetObserver(emptyFleetMemory(), t0, { confirmations: 1, assumedLatestAgent: '1.36.1' });
    observer.add(fleet.slice(0, 5));
    observer.add(fleet.slice(5));
    expect(observer.latestAgentSettled()).toBe(true);
    observer.close(new Set());
    const paged = observer.finish().memory;
    expect(paged).toEqual(observeFleet(undefined, fleet, t0, { confirmations: 1 }).memory);
    expect(Object.values(paged.clusters).filter((c) => !c.agentSupported)).toHaveLength(names.length - 4);
  });
});

/** A directory that streams its fleet in pages of 2 and counts whole reads. */
class PagedDirectory implements ClusterDirectory {
  readonly description = 'paged';
  fleet: (now: Date) => Cluster[] = () => [];
  wholeReads = 0;
  streams = 0;
  constructor(private readonly clock: ManualClock) {}
  async listClusters(): Promise<FleetSnapshot> {
    this.wholeReads++;
    return { clusters: this.fleet(this.clock.now()), fetchedAt: this.clock.now(), source: 'paged' };
  }
  async getClustersByName(): Promise<Cluster[]> { return []; }
  async streamClusters(onPage: (clusters: Cluster[]) => void): Promise<FleetSnapshot> {
    this.streams++;
    const fleet = this.fleet(this.clock.now());
    for (let i = 0; i < fleet.length; i += 2) {
      await Promise.resolve();
      onPage(fleet.slice(i, i + 2));
    }
    return { clusters: fleet, fetchedAt: this.clock.now(), source: 'paged' };
  }
}

describe('the monitor reads a streaming directory page by page', () => {
  function setup() {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const stores = createTellStores(new MemoryStorage());
    const directory = new PagedDirectory(clock);
    const logger = createMemoryLogger();
    const sender = new FakeSender(clock);
    const monitor = new ConnectivityMonitor(directory, stores, new AlertDelivery(stores, sender, clock, logger, deliveryDefaults()), clock, logger, monitorDefaults({ confirmations: 2 }));
    return { clock, stores, directory, monitor, sender };
  }

  it('alerts as before, writes nothing on a poll where nothing changed, and never reads the whole fleet', async () => {
    const s = setup();
    await s.stores.conversations.upsert(conversation('conv-1'), true);
    await s.stores.subscriptions.add('conv-1', { filter: {}, kinds: [], createdAt: s.clock.now().toISOString() }, sameFilter);
    let down = false;
    s.directory.fleet = (now) => names.map((name, n) => (down && n < 2 ? offline(aCluster({ name }, now), now) : aCluster({ name }, now)));
    const saves = jest.spyOn(s.stores.monitor, 'saveIfUnchanged');

    expect((await s.monitor.tick()).kind).toBe('baseline');
    expect(saves).toHaveBeenCalledTimes(1);
    const remembered = (await s.stores.monitor.get()).fleet.clusters;

    await s.clock.advance(MIN);
    expect(await s.monitor.tick()).toMatchObject({ kind: 'observed', events: [] });
    expect(saves).toHaveBeenCalledTimes(1); // nothing changed: no write at all

    down = true;
    await s.clock.advance(MIN);
    await s.monitor.tick();
    await s.clock.advance(MIN);
    const outcome = await s.monitor.tick();
    expect(outcome.kind === 'observed' && outcome.events.map((e) => `${e.state.name}:${e.kind}`)).toEqual(['edge-00:offline', 'edge-01:offline']);
    expect(s.directory.wholeReads).toBe(0);
    expect(s.directory.streams).toBe(4);
    const after = (await s.stores.monitor.get()).fleet.clusters;
    expect(after[aCluster({ name: 'edge-05' }).id]).toEqual(remembered[aCluster({ name: 'edge-05' }).id]);
  });

  it('judges the read again whole, without reading it again, when a new agent release spread during the read', async () => {
    const s = setup();
    let version = '1.36.1';
    // Four clusters move to 1.39.0, which puts the rest (1.36.1, three minors behind) out of support.
    s.directory.fleet = (now) => names.map((name, n) => aCluster({ name, agentVersion: n < 4 ? version : '1.36.1' }, now));
    await s.monitor.tick();
    version = '1.39.0';
    const kinds: string[][] = [];
    for (let i = 0; i < 3; i++) {
      await s.clock.advance(MIN);
      const outcome = await s.monitor.tick();
      kinds.push(outcome.kind === 'observed' ? outcome.events.map((e) => `${e.state.name}:${e.kind}`) : []);
    }
    // seen once (pending), confirmed (8 agent alerts), then quiet: as if every read had been whole.
    expect(kinds).toEqual([[], names.slice(4).map((name) => `${name}:agent`), []]);
    expect(s.directory.streams).toBe(4);
    expect(s.directory.wholeReads).toBe(0);
    expect((await s.stores.monitor.get()).fleet.latestAgent).toBe('1.39.0');
  });
});
