import type { Cluster } from '../../../src/clusters/cluster';
import { parseClusterFilter } from '../../../src/clusters/cluster-filter';
import { latestAgentVersion } from '../../../src/clusters/connectivity';
import { assessClusters, clustersMatching, needsAttention } from '../../../src/clusters/fleet-assessment';
import { FleetIndexBuilder, fleetIndexOf } from '../../../src/clusters/fleet-index';
import { aCluster, DAY, HOUR, MIN } from '../../support/clusters';

const now = new Date('2026-11-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const ahead = (ms: number) => new Date(now.getTime() + ms);
const assess = (clusters: Cluster[]) => assessClusters(clusters, now, latestAgentVersion(clusters));

describe('fleet assessment', () => {
  test('health is judged against the newest agent the fleet trusts (N-2 moves with the fleet)', () => {
    const fleet = [aCluster({ name: 'a', agentVersion: '1.38.0' }, now), aCluster({ name: 'a2', agentVersion: '1.38.0' }, now), aCluster({ name: 'b', agentVersion: '1.36.1' }, now), aCluster({ name: 'c', agentVersion: '1.35.0' }, now)];
    const { latestAgent, ordered } = assess(fleet);
    expect(latestAgent).toBe('1.38.0');
    expect(ordered.map((i) => [i.cluster.name, i.health.agent?.supported])).toEqual([['c', false], ['a', true], ['a2', true], ['b', true]]);
  });

  test('attention order: Expired, then Offline longest first, then soonest certificate expiry, then warnings, then by name', () => {
    const fleet = [
      aCluster({ name: 'healthy' }, now),
      aCluster({ name: 'stale', lastConnectivityTime: ago(30 * MIN) }, now),
      aCluster({ name: 'offline-short', status: 'Offline', lastConnectivityTime: ago(20 * MIN) }, now),
      aCluster({ name: 'expired', status: 'Expired', certificateExpiresAt: ago(DAY) }, now),
      aCluster({ name: 'offline-long', status: 'Offline', lastConnectivityTime: ago(30 * DAY) }, now),
      aCluster({ name: 'connecting-expiring', status: 'Connecting', lastConnectivityTime: undefined, certificateExpiresAt: ahead(5 * DAY) }, now),
      aCluster({ name: 'agentless', status: 'AgentNotInstalled', lastConnectivityTime: undefined, certificateExpiresAt: undefined, agentVersion: undefined }, now),
      aCluster({ name: 'B-old-agent', agentVersion: '1.20.0', certificateExpiresAt: ahead(70 * DAY) }, now),
      aCluster({ name: 'a-old-agent', agentVersion: '1.20.0', certificateExpiresAt: ahead(70 * DAY) }, now),
    ];
    const { ordered, attentionTotal } = assess(fleet);
    expect(ordered.slice(0, attentionTotal).map((i) => i.cluster.name)).toEqual(['expired', 'offline-long', 'offline-short', 'connecting-expiring', 'a-old-agent', 'B-old-agent', 'stale']);
    expect(ordered.slice(attentionTotal).map((i) => i.cluster.name)).toEqual(['agentless', 'healthy']);
  });

  test('healthy and informational clusters do not need attention', () => {
    const { ordered, attentionTotal } = assess([aCluster({ name: 'ok' }, now), aCluster({ name: 'agentless', status: 'AgentNotInstalled', lastConnectivityTime: undefined, agentVersion: undefined }, now), aCluster({ name: 'off', status: 'Offline', lastConnectivityTime: ago(HOUR) }, now)]);
    expect(attentionTotal).toBe(1);
    expect(ordered.filter(needsAttention).map((i) => i.cluster.name)).toEqual(['off']);
  });

  test('clustersMatching starts from the prebuilt list of a status, region or resource group and keeps attention order', () => {
    const fleet = assess([
      aCluster({ name: 'off-new', status: 'Offline', lastConnectivityTime: ago(20 * MIN) }, now),
      aCluster({ name: 'off-old', status: 'Offline', lastConnectivityTime: ago(3 * DAY), location: 'eastus' }, now),
      aCluster({ name: 'ok-east', location: 'eastus', resourceGroup: 'RG-Lab' }, now),
      aCluster({ name: 'stale-east', location: 'eastus', lastConnectivityTime: ago(HOUR) }, now),
    ]);
    const names = (args: string) => clustersMatching(parseClusterFilter(args).filter, fleet).map((i) => i.cluster.name);
    expect(names('offline')).toEqual(['off-old', 'off-new']);
    expect(names('in EastUS')).toEqual(['off-old', 'stale-east', 'ok-east']);
    expect(names('offline in eastus')).toEqual(['off-old']);
    expect(names('rg rg-lab')).toEqual(['ok-east']);
    expect(names('unhealthy')).toEqual(['off-old', 'off-new', 'stale-east']);
    expect(names('stale offline')).toEqual(['off-old', 'off-new', 'stale-east']);
    expect(names('in nowhere')).toEqual([]);
  });
});

describe('fleet index', () => {
  const clusters = [aCluster({ name: 'Edge-1', resourceGroup: 'rg-a' }, now), aCluster({ name: 'edge-1', resourceGroup: 'rg-b' }, now), aCluster({ name: 'other' }, now)];

  test('one index per clusters array, with names and ids looked up case-insensitively', () => {
    const index = fleetIndexOf({ clusters, fetchedAt: now });
    expect(fleetIndexOf({ clusters, fetchedAt: new Date(now.getTime() + 1000) })).toBe(index);
    expect(fleetIndexOf({ clusters: [...clusters], fetchedAt: now })).not.toBe(index);
    expect(index.clustersNamed('EDGE-1').map((c) => c.resourceGroup)).toEqual(['rg-a', 'rg-b']);
    expect(index.clusterById(clusters[2].id.toUpperCase())).toBe(clusters[2]);
    expect(index.hasName('OTHER')).toBe(true);
    expect(index.hasName('missing')).toBe(false);
    expect(index.suggest('edge-2')).toEqual(['Edge-1']);
    expect(index.suggest('EDGE-2')).toEqual(['Edge-1']);
  });

  test('a builder fed page by page keeps the first cluster of each id and registers its index for the snapshot', () => {
    const builder = new FleetIndexBuilder();
    expect(builder.add(clusters[0])).toBe(true);
    expect(builder.add({ ...clusters[0], id: clusters[0].id.toUpperCase(), status: 'Offline' })).toBe(false);
    expect(builder.add(clusters[2])).toBe(true);
    const snapshot = { clusters: builder.clusters, fetchedAt: now };
    const index = builder.finish(snapshot);
    expect(fleetIndexOf(snapshot)).toBe(index);
    expect(index.clusters).toEqual([clusters[0], clusters[2]]);
    expect(index.clustersNamed('edge-1')).toEqual([clusters[0]]);
  });

  test('the fleet is assessed once, as of the snapshot\'s time (the moment its data describes)', () => {
    const stale = [aCluster({ name: 'quiet', lastConnectivityTime: ago(10 * MIN) }, now)];
    const index = fleetIndexOf({ clusters: stale, fetchedAt: now });
    expect(index.assessment).toBe(index.assessment);
    expect(index.assessment.at).toEqual(now);
    // 10 minutes without a heartbeat is not stale yet at the snapshot's time, however late it is asked.
    expect(index.assessment.ordered[0].health.heartbeatStale).toBe(false);
    expect(index.assessment.ordered[0].health.heartbeatAgeMs).toBe(10 * MIN);
  });
});
