import type { Cluster } from './cluster';

/**
 * A `Cluster` as plain JSON (dates as ISO strings), so it can live in dialog state in Storage
 * and survive a restart unchanged.
 */
export type ClusterFacts = Omit<Cluster, 'lastConnectivityTime' | 'certificateExpiresAt'> & {
  lastConnectivityTime?: string;
  certificateExpiresAt?: string;
};

export function toClusterFacts(cluster: Cluster): ClusterFacts {
  return {
    ...cluster,
    lastConnectivityTime: cluster.lastConnectivityTime?.toISOString(),
    certificateExpiresAt: cluster.certificateExpiresAt?.toISOString(),
  };
}

export function fromClusterFacts(facts: ClusterFacts): Cluster {
  return {
    ...facts,
    lastConnectivityTime: facts.lastConnectivityTime ? new Date(facts.lastConnectivityTime) : undefined,
    certificateExpiresAt: facts.certificateExpiresAt ? new Date(facts.certificateExpiresAt) : undefined,
  };
}
