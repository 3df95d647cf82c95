import type { Cluster } from '../../../src/clusters/cluster';
import type { ByNameOptions, ClusterDirectory, FleetSnapshot, ListClustersOptions } from '../../../src/clusters/cluster-directory';
import { ClusterFinder } from '../../../src/clusters/cluster-finder';
import { aCluster } from '../../support/clusters';

const now = new Date('2026-11-01T12:00:00Z');

/** A ClusterDirectory over a fixed list that records every call, so tests can see which queries ran. */
class FakeDirectory implements ClusterDirectory {
  readonly description = 'fake';
  readonly byNameCalls: string[] = [];
  readonly byNameOptions: (ByNameOptions | undefined)[] = [];
  readonly listCalls: (ListClustersOptions | undefined)[] = [];
  /** What the source has now; the snapshot lags behind it (a cluster created since is only in `source`). */
  source: Cluster[];
  constructor(private readonly snapshot: Cluster[]) {
    this.source = snapshot;
  }
  async listClusters(options?: ListClustersOptions): Promise<FleetSnapshot> {
    this.listCalls.push(options);
    return { clusters: this.snapshot, fetchedAt: now, source: 'fake' };
  }
  async getClustersByName(name: string, options?: ByNameOptions): Promise<Cluster[]> {
    this.byNameCalls.push(name);
    this.byNameOptions.push(options);
    return this.source.filter((c) => c.name.toLowerCase() === name.toLowerCase());
  }
}

const storeA = aCluster({ name: 'store-0421' }, now);
const gwProd = aCluster({ name: 'edge-gw', resourceGroup: 'rg-edge-prod' }, now);
const gwLab = aCluster({ name: 'edge-gw', resourceGroup: 'rg-lab' }, now);
const other = aCluster({ name: 'factory-ber-01' }, now);
const later = new Date(now.getTime() + 30_000);

function setup() {
  const directory = new FakeDirectory([storeA, gwProd, gwLab, other]);
  return { directory, finder: new ClusterFinder(directory, 60_000, () => later) };
}

describe('ClusterFinder', () => {
  test('a name in the fleet snapshot is answered from it (stale-while-revalidate), with no query of its own', async () => {
    const { directory, finder } = setup();
    expect(await finder.find('store-0421')).toEqual({ kind: 'found', cluster: storeA, asOf: now });
    expect(directory.byNameCalls).toEqual([]);
    expect(directory.listCalls).toEqual([{ maxAgeMs: 60_000, staleWhileRevalidate: true }]);
  });

  test('a cluster the snapshot does not have yet (just created) is asked for by name', async () => {
    const { directory, finder } = setup();
    const created = aCluster({ name: 'store-new' }, now);
    directory.source = [...directory.source, created];
    expect(await finder.find('store-new')).toEqual({ kind: 'found', cluster: created, asOf: later });
    expect(directory.byNameCalls).toEqual(['store-new']);
    expect(directory.byNameOptions).toEqual([undefined]);
  });

  test('an explicit Refresh reads the cluster from the source even though the snapshot has it', async () => {
    const { directory, finder } = setup();
    const changed = { ...storeA, status: 'Offline' };
    directory.source = [changed, gwProd, gwLab, other];
    expect(await finder.find('store-0421', { refresh: true })).toEqual({ kind: 'found', cluster: changed, asOf: later });
    expect(directory.byNameOptions).toEqual([{ refresh: true }]);
  });

  test('matching is case-insensitive; surrounding spaces and quotes are ignored', async () => {
    const { finder } = setup();
    expect(await finder.find('  STORE-0421 ')).toMatchObject({ kind: 'found', cluster: { name: 'store-0421' } });
    expect(await finder.find('"store-0421"')).toMatchObject({ kind: 'found' });
    expect(await finder.find('`store-0421`')).toMatchObject({ kind: 'found' });
  });

  test('a name in two resource groups is ambiguous, with both clusters', async () => {
    const { finder } = setup();
    const result = await finder.find('edge-gw');
    expect(result.kind).toBe('ambiguous');
    if (result.kind !== 'ambiguous') throw new Error('unreachable');
    expect(result.clusters.map((c) => c.resourceGroup)).toEqual(['rg-edge-prod', 'rg-lab']);
  });

  test('a full resource id (what the choice buttons send) picks exactly that cluster, case-insensitively', async () => {
    const { finder } = setup();
    expect(await finder.find(gwLab.id)).toMatchObject({ kind: 'found', cluster: gwLab });
    expect(await finder.find(gwProd.id.toLowerCase())).toMatchObject({ kind: 'found', cluster: gwProd });
  });

  test('a resource id of a cluster that is gone is not found, with suggestions for its name', async () => {
    const { finder } = setup();
    const id = gwLab.id.replace('rg-lab', 'rg-gone');
    expect(await finder.find(id)).toEqual({ kind: 'not-found', name: 'edge-gw', suggestions: ['edge-gw'] });
  });

  test('an unknown name is not found, with suggestions from the cached fleet (maxAgeMs passed on)', async () => {
    const { directory, finder } = setup();
    expect(await finder.find('stor-0421')).toEqual({ kind: 'not-found', name: 'stor-0421', suggestions: ['store-0421'] });
    expect(directory.byNameCalls).toEqual(['stor-0421']);
    expect(directory.listCalls.every((o) => o?.maxAgeMs === 60_000 && o.staleWhileRevalidate)).toBe(true);
  });

  test('nothing close: not found with no suggestions', async () => {
    const { finder } = setup();
    expect(await finder.find('zzzzzzzzzzzz')).toEqual({ kind: 'not-found', name: 'zzzzzzzzzzzz', suggestions: [] });
  });

  test.each([`x' | project secrets //`, 'a b', "o'brien", 'name|take', '-leading-dash', 'x'.repeat(64), ''])(
    'invalid name %j never reaches the directory',
    async (input) => {
      const { directory, finder } = setup();
      const result = await finder.find(input);
      expect(result.kind).toBe('invalid-name');
      expect(directory.byNameCalls).toEqual([]);
      expect(directory.listCalls).toEqual([]);
    },
  );

  test('a resource id whose name part is invalid is an invalid name', async () => {
    const { directory, finder } = setup();
    const result = await finder.find('/subscriptions/s/resourceGroups/r/providers/Microsoft.Kubernetes/connectedClusters/-bad');
    expect(result).toEqual({ kind: 'invalid-name', name: '-bad' });
    expect(directory.byNameCalls).toEqual([]);
  });
});
