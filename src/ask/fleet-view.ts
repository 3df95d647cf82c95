import type { Cluster } from '../clusters/cluster';
import { assessHealth, type ClusterHealth, latestAgentVersion } from '../clusters/connectivity';

export interface AssessedCluster {
  cluster: Cluster;
  health: ClusterHealth;
}

/** Health for every cluster of a snapshot, judged against the newest agent seen (N-2 window). */
export function assessFleet(clusters: Cluster[], now: Date): { latestAgent: string; items: AssessedCluster[] } {
  const latestAgent = latestAgentVersion(clusters);
  return { latestAgent, items: clusters.map((cluster) => ({ cluster, health: assessHealth(cluster, now, latestAgent) })) };
}

const SEVERITY_RANK = { critical: 0, high: 1, warning: 2, info: 3, ok: 4 } as const;

/**
 * The order an SRE wants: Expired first, then Offline longest, then expiring soonest, then the rest
 * of the warnings (stale heartbeat, stuck onboarding, unsupported agents).
 */
export function byAttention(a: AssessedCluster, b: AssessedCluster): number {
  const rank = SEVERITY_RANK[a.health.severity] - SEVERITY_RANK[b.health.severity];
  if (rank) return rank;
  const aOff = a.cluster.status === 'Offline' ? 1 : 0;
  const bOff = b.cluster.status === 'Offline' ? 1 : 0;
  if (aOff !== bOff) return bOff - aOff;
  if (aOff && bOff) return (b.health.heartbeatAgeMs ?? 0) - (a.health.heartbeatAgeMs ?? 0);
  const aDays = a.health.certificateDaysLeft ?? Infinity;
  const bDays = b.health.certificateDaysLeft ?? Infinity;
  if (aDays !== bDays) return aDays - bDays;
  return a.cluster.name.localeCompare(b.cluster.name);
}

export function needsAttention(item: AssessedCluster): boolean {
  return item.health.severity !== 'ok' && item.health.severity !== 'info';
}
