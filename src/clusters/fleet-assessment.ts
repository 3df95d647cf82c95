import type { Cluster } from './cluster';
import { type ClusterFilter, type FilterState, matchesFilter } from './cluster-filter';
import { assessHealth, type ClusterHealth } from './connectivity';

export interface AssessedCluster {
  cluster: Cluster;
  health: ClusterHealth;
}

/** Every cluster of one snapshot judged at one moment, in attention order, with lists by status, region and resource group. */
export interface FleetAssessment {
  /** The moment health was judged at. */
  at: Date;
  latestAgent: string;
  /** Every cluster, the order an SRE wants (see byAttention); the ones that need attention come first. */
  ordered: readonly AssessedCluster[];
  /** How many of `ordered` need attention (they are its first `attentionTotal` items). */
  attentionTotal: number;
  /** Clusters by status, by regionKey() and by lower-cased resource group, each list in attention order. */
  byStatus: ReadonlyMap<string, readonly AssessedCluster[]>;
  byRegion: ReadonlyMap<string, readonly AssessedCluster[]>;
  byResourceGroup: ReadonlyMap<string, readonly AssessedCluster[]>;
}

const SEVERITY_RANK = { critical: 0, high: 1, warning: 2, info: 3, ok: 4 } as const;

export function needsAttention(item: AssessedCluster): boolean {
  return item.health.severity !== 'ok' && item.health.severity !== 'info';
}

/**
 * The attention order as plain numbers and one lower-cased name per cluster, computed once, so a
 * sort of 50,000 clusters compares numbers and code units instead of calling localeCompare
 * (which costs a collator lookup per comparison).
 */
interface AttentionKey {
  item: AssessedCluster;
  rank: number;
  offline: number;
  heartbeatAgeMs: number;
  certificateDaysLeft: number;
  name: string;
}

function attentionKey(item: AssessedCluster): AttentionKey {
  const offline = item.cluster.status === 'Offline' ? 1 : 0;
  return {
    item,
    rank: SEVERITY_RANK[item.health.severity],
    offline,
    heartbeatAgeMs: offline ? item.health.heartbeatAgeMs ?? 0 : 0,
    certificateDaysLeft: item.health.certificateDaysLeft ?? Number.POSITIVE_INFINITY,
    name: item.cluster.name.toLowerCase(),
  };
}

function compareKeys(a: AttentionKey, b: AttentionKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.offline !== b.offline) return b.offline - a.offline;
  if (a.heartbeatAgeMs !== b.heartbeatAgeMs) return b.heartbeatAgeMs - a.heartbeatAgeMs;
  if (a.certificateDaysLeft !== b.certificateDaysLeft) return a.certificateDaysLeft < b.certificateDaysLeft ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The order an SRE wants: Expired first, then Offline longest, then expiring soonest, then the rest
 * of the warnings (stale heartbeat, stuck onboarding, unsupported agents), then by name.
 */
export function byAttention(a: AssessedCluster, b: AssessedCluster): number {
  return compareKeys(attentionKey(a), attentionKey(b));
}

/** Sorts assessed clusters into attention order, computing each one's key once. */
export function inAttentionOrder(items: readonly AssessedCluster[]): AssessedCluster[] {
  return items.map(attentionKey).sort(compareKeys).map((k) => k.item);
}

/** Health for every cluster judged against `latestAgent` at `at`, ordered and indexed once. */
export function assessClusters(clusters: readonly Cluster[], at: Date, latestAgent: string): FleetAssessment {
  const ordered = inAttentionOrder(clusters.map((cluster) => ({ cluster, health: assessHealth(cluster, at, latestAgent) })));
  let attentionTotal = 0;
  while (attentionTotal < ordered.length && needsAttention(ordered[attentionTotal])) attentionTotal++;
  const byStatus = new Map<string, AssessedCluster[]>();
  const byRegion = new Map<string, AssessedCluster[]>();
  const byResourceGroup = new Map<string, AssessedCluster[]>();
  for (const item of ordered) {
    push(byStatus, item.cluster.status, item);
    push(byRegion, regionKey(item.cluster.location), item);
    push(byResourceGroup, item.cluster.resourceGroup.toLowerCase(), item);
  }
  return { at, latestAgent, ordered, attentionTotal, byStatus, byRegion, byResourceGroup };
}

/** State words that are exactly one connectivity status, so the status list holds every candidate. */
const STATUS_OF_STATE: Partial<Record<FilterState, string>> = {
  offline: 'Offline', expired: 'Expired', connecting: 'Connecting', connected: 'Connected', agentless: 'AgentNotInstalled',
};

/**
 * The clusters matching `filter`, in attention order, without a pass over the whole fleet when the
 * filter names one status, region or resource group (or `unhealthy`): it starts from the smallest
 * of those prebuilt lists and checks every criterion on that list only.
 */
export function clustersMatching(filter: ClusterFilter, fleet: FleetAssessment): AssessedCluster[] {
  const lists: (readonly AssessedCluster[])[] = [];
  const onlyState = filter.states?.length === 1 ? filter.states[0] : undefined;
  const status = onlyState && STATUS_OF_STATE[onlyState];
  if (status) lists.push(fleet.byStatus.get(status) ?? []);
  if (onlyState === 'unhealthy') lists.push(fleet.ordered.slice(0, fleet.attentionTotal));
  if (filter.region) lists.push(fleet.byRegion.get(regionKey(filter.region)) ?? []);
  if (filter.resourceGroup) lists.push(fleet.byResourceGroup.get(filter.resourceGroup.toLowerCase()) ?? []);
  const smallest = lists.reduce((a, b) => (b.length < a.length ? b : a), fleet.ordered);
  return smallest.filter((item) => matchesFilter(filter, item.cluster, item.health));
}

/** "East US 2", "EastUS2" and "eastus2" are one region (the filter grammar normalises the same way). */
export function regionKey(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
