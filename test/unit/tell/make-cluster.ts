import type { Cluster } from '../../../src/clusters/cluster';
import { DAY, MIN, testCluster } from '../clusters/test-cluster';

/**
 * A healthy connected cluster at `now`, with overrides: the clusters tests' `testCluster` with the
 * short identities the alert tests print (resource group edge-prod, subscription sub-1) and no
 * inventory details (alert cards must read well without them).
 */
export function makeCluster(name: string, now: Date, overrides: Partial<Cluster> = {}): Cluster {
  return testCluster(name, now, {
    resourceGroup: 'edge-prod', subscriptionId: 'sub-1', tenantId: 'tenant-1', tags: { env: 'prod' },
    kubernetesVersion: undefined, distribution: undefined, infrastructure: undefined, nodeCount: undefined, coreCount: undefined,
    ...overrides,
  });
}

/** The same cluster gone Offline: last heartbeat `minutesAgo` before now. */
export function offline(c: Cluster, now: Date, minutesAgo = 40): Cluster {
  return { ...c, status: 'Offline', lastConnectivityTime: new Date(now.getTime() - minutesAgo * MIN) };
}

export { DAY, MIN };
