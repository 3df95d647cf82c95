import type { Cluster } from '../../../src/clusters/cluster';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** A healthy connected cluster at `now`, with overrides. */
export function makeCluster(name: string, now: Date, overrides: Partial<Cluster> = {}): Cluster {
  const rg = overrides.resourceGroup ?? 'edge-prod';
  return {
    id: `/subscriptions/sub-1/resourceGroups/${rg}/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
    name,
    subscriptionId: 'sub-1',
    resourceGroup: rg,
    location: 'westeurope',
    tenantId: 'tenant-1',
    status: 'Connected',
    lastConnectivityTime: new Date(now.getTime() - 2 * MIN),
    certificateExpiresAt: new Date(now.getTime() + 80 * DAY),
    agentVersion: '1.36.1',
    privateLinkEnabled: false,
    azureRbacEnabled: false,
    gatewayEnabled: false,
    tags: { env: 'prod' },
    ...overrides,
  };
}

/** The same cluster gone Offline: last heartbeat `minutesAgo` before now. */
export function offline(c: Cluster, now: Date, minutesAgo = 40): Cluster {
  return { ...c, status: 'Offline', lastConnectivityTime: new Date(now.getTime() - minutesAgo * MIN) };
}

export { MIN, DAY };
