import type { Cluster } from '../../src/clusters/cluster';
import type { FixClusterLookup } from '../../src/fix/diagnose-command';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The "now" tests share unless they are about time itself; matches ManualClock's default start. */
export const TEST_NOW = new Date('2026-11-25T12:00:00Z');

/**
 * A healthy Connected cluster as of `now` (heartbeat 2 min old, certificate 80 days left, agent
 * 1.36.1), named store-0421 unless overridden. Override only what the test is about; the id
 * follows name, resource group and subscription.
 */
export function aCluster(overrides: Partial<Cluster> = {}, now: Date = TEST_NOW): Cluster {
  const name = overrides.name ?? 'store-0421';
  const resourceGroup = overrides.resourceGroup ?? 'rg-edge-prod';
  const subscriptionId = overrides.subscriptionId ?? '11111111-2222-3333-4444-555555555555';
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
    name,
    subscriptionId,
    resourceGroup,
    location: 'westeurope',
    tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    status: 'Connected',
    lastConnectivityTime: new Date(now.getTime() - 2 * MIN),
    certificateExpiresAt: new Date(now.getTime() + 80 * DAY),
    agentVersion: '1.36.1',
    kubernetesVersion: '1.32.6',
    distribution: 'k3s',
    infrastructure: 'generic',
    nodeCount: 3,
    coreCount: 24,
    privateLinkEnabled: false,
    azureRbacEnabled: false,
    gatewayEnabled: false,
    tags: { env: 'prod' },
    ...overrides,
  };
}

/** The same cluster gone Offline: its last heartbeat `minutesAgo` before `now`. */
export function offline(cluster: Cluster, now: Date = TEST_NOW, minutesAgo = 40): Cluster {
  return { ...cluster, status: 'Offline', lastConnectivityTime: new Date(now.getTime() - minutesAgo * MIN) };
}

/** An in-memory cluster lookup over `clusters` that records the names asked for. */
export function lookupOver(clusters: Cluster[]): FixClusterLookup & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async findClusters(name) {
      calls.push(name);
      return clusters.filter((c) => c.name.toLowerCase() === name.toLowerCase());
    },
    async listClusters() {
      return clusters;
    },
  };
}
