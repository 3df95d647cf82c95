import { MemoryStorage } from '../../../../src/storage/memory-storage';
import { emptyFleetMemory, observeFleet, type FleetMemory } from '../../../../src/tell/fleet-diff';
import { isPackedFleetMemory, packFleetMemory, unpackFleetMemory } from '../../../../src/tell/stores/fleet-memory-codec';
import { createTellStores } from '../../../../src/tell/stores/tell-stores';
import { aCluster, DAY, MIN, offline } from '../../../support/clusters';

const T0 = new Date('2026-11-25T12:00:00Z');

/** A memory with every optional field both present and absent: problems, cert horizons, no tenant, odd names. */
function variedMemory(): FleetMemory {
  const healthy = [
    aCluster({ name: 'store-0001' }, T0),
    aCluster({ name: 'store-0002', tenantId: undefined, tags: {} }, T0),
    aCluster({ name: 'store-0003', status: 'Connected', lastConnectivityTime: new Date(T0.getTime() - 20 * MIN) }, T0),
    aCluster({ name: 'store-0004', agentVersion: '1.20.0', resourceGroup: 'lab', location: 'eastus', subscriptionId: 'sub-2' }, T0),
    { ...aCluster({ name: 'store-0005' }, T0), name: 'Store-0005-Display' },
  ];
  const base = observeFleet(undefined, healthy, T0, { confirmations: 1 }).memory;
  const later = new Date(T0.getTime() + 5 * MIN);
  const changed = healthy.map((c, i) => (i === 0 ? offline(c, later) : c));
  changed[1] = { ...offline(changed[1], later, 60), certificateExpiresAt: new Date(later.getTime() + 6 * DAY) };
  const { memory } = observeFleet(base, changed, later, { confirmations: 1 });
  memory.pending['/subscriptions/sub-1/resourceGroups/edge-prod/providers/Microsoft.Kubernetes/connectedClusters/store-0003'] = {
    signature: 'Offline|0||1', count: 1, firstSeenAt: later.toISOString(),
  };
  return memory;
}

describe('fleet memory codec', () => {
  it('packs and unpacks every state exactly, optional fields included', () => {
    const memory = variedMemory();
    const states = Object.values(memory.clusters);
    expect(states.some((s) => s.problemSince)).toBe(true);
    expect(states.some((s) => s.certHorizon !== undefined)).toBe(true);
    expect(states.some((s) => s.tenantId === undefined)).toBe(true);
    expect(states.some((s) => !s.agentSupported)).toBe(true);

    const packed = packFleetMemory(memory);
    expect(isPackedFleetMemory(packed)).toBe(true);
    // Through JSON, as every storage does.
    const restored = unpackFleetMemory(JSON.parse(JSON.stringify(packed)));
    expect(restored).toStrictEqual(JSON.parse(JSON.stringify(memory)));
    // The re-add key floor (a deleted and re-created cluster must not reuse its old alert keys) is kept.
    expect(unpackFleetMemory(JSON.parse(JSON.stringify(packFleetMemory({ ...memory, retiredSeq: 5 })))).retiredSeq).toBe(5);
  });

  it('is much smaller than the plain JSON for a large fleet', () => {
    const clusters = Array.from({ length: 2000 }, (_, i) => aCluster({ name: `store-${String(i).padStart(5, '0')}`, tags: { env: i % 2 ? 'prod' : 'dev' } }, T0));
    const memory = observeFleet(undefined, clusters, T0, { confirmations: 1 }).memory;
    const plain = JSON.stringify(memory).length;
    const packed = JSON.stringify(packFleetMemory(memory)).length;
    expect(packed).toBeLessThan(plain / 2);
  });

  it('reads a plain (unpacked) memory unchanged, and stores plain when a state id differs from its key', () => {
    const memory = variedMemory();
    expect(unpackFleetMemory(memory)).toBe(memory);
    const key = Object.keys(memory.clusters)[0];
    const odd: FleetMemory = { ...memory, clusters: { ...memory.clusters, [key]: { ...memory.clusters[key], id: `${key}-other` } } };
    expect(packFleetMemory(odd)).toBe(odd);
    expect(packFleetMemory(emptyFleetMemory())).toMatchObject({ packed: 1, clusters: {} });
  });

  it('MonitorStateStore saves packed and loads the same memory, and still loads a doc written unpacked', async () => {
    const storage = new MemoryStorage();
    const stores = createTellStores(storage);
    const memory = variedMemory();
    const directory = { consecutiveFailures: 1, degraded: false, episode: 2, lastError: 'throttled' };
    await stores.monitor.save({ fleet: memory, directory });
    const raw = (await storage.read(['tell/monitor']))['tell/monitor'];
    expect(isPackedFleetMemory(raw.fleet)).toBe(true);
    expect(await stores.monitor.get()).toStrictEqual(JSON.parse(JSON.stringify({ fleet: memory, directory })));

    const legacy = new MemoryStorage();
    await legacy.write({ 'tell/monitor': { fleet: memory, directory, eTag: '*' } });
    expect((await createTellStores(legacy).monitor.get()).fleet).toStrictEqual(JSON.parse(JSON.stringify(memory)));
  });
});
