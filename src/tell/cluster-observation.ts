import type { Cluster } from '../clusters/cluster';
import { assessHealth } from '../clusters/connectivity';
import type { AlertKind } from './alert-kinds';
import type { FilterableCluster } from '../clusters/cluster-filter';

/**
 * Certificate horizons that earn one "expiring" alert each while the cluster is not Connected. The
 * managed identity certificate lives up to 90 days and renews only when the cluster connects
 * between day 46 and day 90, so a disconnected cluster walks down these
 * (https://learn.microsoft.com/en-us/azure/azure-arc/kubernetes/conceptual-connectivity-modes,
 * https://learn.microsoft.com/en-us/azure/azure-arc/kubernetes/faq).
 */
const CERT_HORIZONS_DAYS = [30, 14, 7, 1] as const;

/** What the monitor remembers per cluster: identity for filters, plus the facets it alerts on. */
export interface ClusterState extends FilterableCluster {
  id: string;
  tenantId?: string;
  status: string;
  /**
   * Connected, but no heartbeat for more than 15 minutes; Resource Graph flips the status to
   * Offline only 15-30 minutes later
   * (https://learn.microsoft.com/en-us/azure/azure-arc/kubernetes/conceptual-connectivity-modes).
   */
  heartbeatStale: boolean;
  /** Smallest horizon (30/14/7/1 days) reached while not Connected; absent otherwise. */
  certHorizon?: number;
  /**
   * False when the agent is more than N-2 minor versions behind, outside support
   * (https://learn.microsoft.com/en-us/azure/azure-arc/kubernetes/agent-upgrade); true when unknown.
   */
  agentSupported: boolean;
  /** When the current status was first observed (ISO). */
  statusSince: string;
  /** When the current problem (Offline, Expired, heartbeat stale) began (ISO); absent when healthy. */
  problemSince?: string;
  /** Confirmed changes so far; part of every idempotency key, so a re-decided alert keeps its key. */
  seq: number;
}

/** One sighting of a cluster: everything in ClusterState except what only history knows. */
export type ObservedCluster = Omit<ClusterState, 'statusSince' | 'seq'>;

export function certHorizonFor(daysLeft: number | undefined): number | undefined {
  if (daysLeft === undefined || daysLeft < 0) return undefined;
  let horizon: number | undefined;
  for (const h of CERT_HORIZONS_DAYS) if (daysLeft <= h) horizon = h;
  return horizon;
}

/** The facets of one cluster right now (pure: `now` and the fleet's latest agent are inputs). */
export function observeCluster(cluster: Cluster, now: Date, latestAgent: string): ObservedCluster {
  const health = assessHealth(cluster, now, latestAgent);
  const exposedToExpiry = cluster.status !== 'Connected' && cluster.status !== 'Expired' && cluster.status !== 'AgentNotInstalled' && !health.certificateExpired;
  const state: ObservedCluster = {
    id: cluster.id,
    name: cluster.name,
    resourceGroup: cluster.resourceGroup,
    location: cluster.location,
    subscriptionId: cluster.subscriptionId,
    tags: cluster.tags,
    status: cluster.status,
    heartbeatStale: health.heartbeatStale,
    agentSupported: health.agent ? health.agent.supported : true,
  };
  const horizon = exposedToExpiry ? certHorizonFor(health.certificateDaysLeft) : undefined;
  if (horizon !== undefined) state.certHorizon = horizon;
  if (cluster.tenantId) state.tenantId = cluster.tenantId;
  return state;
}

/** The alerting facets as one string: two sightings with the same signature need no alert. */
export function signatureOf(s: Pick<ClusterState, 'status' | 'heartbeatStale' | 'certHorizon' | 'agentSupported'>): string {
  return `${s.status}|${s.heartbeatStale ? 1 : 0}|${s.certHorizon ?? ''}|${s.agentSupported ? 1 : 0}`;
}

/** signatureOf(a) === signatureOf(b), without building either string (asked once per cluster per poll). */
export function sameSignature(a: Pick<ClusterState, 'status' | 'heartbeatStale' | 'certHorizon' | 'agentSupported'>, b: typeof a): boolean {
  return a.status === b.status && a.heartbeatStale === b.heartbeatStale && a.certHorizon === b.certHorizon && a.agentSupported === b.agentSupported;
}

export function isProblem(s: Pick<ClusterState, 'status' | 'heartbeatStale'>): boolean {
  return s.status === 'Offline' || s.status === 'Expired' || (s.status === 'Connected' && s.heartbeatStale);
}

/** True when a confirmed state still needs attention (used when a mute ends). */
export function isUnhealthy(s: ClusterState): boolean {
  return isProblem(s) || s.certHorizon !== undefined || !s.agentSupported || (s.status !== 'Connected' && s.status !== 'AgentNotInstalled');
}

/** The events between two confirmed states of one cluster. */
export function eventsBetween(before: ClusterState, after: ClusterState): AlertKind[] {
  const kinds: AlertKind[] = [];
  if (after.status !== before.status) {
    if (after.status === 'Offline') kinds.push('offline');
    if (after.status === 'Expired') kinds.push('expired');
  }
  if (after.status === 'Connected' && !after.heartbeatStale && isProblem(before)) kinds.push('recovered');
  if (after.status === 'Connected' && after.heartbeatStale && !(before.status === 'Connected' && before.heartbeatStale)) kinds.push('stale');
  if (after.certHorizon !== undefined && (before.certHorizon === undefined || after.certHorizon < before.certHorizon)) kinds.push('expiring');
  if (before.agentSupported && !after.agentSupported) kinds.push('agent');
  return kinds;
}

function sameTags(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/** True when the identity facts filters match on (name, group, tags, ...) changed: remember, never alert. */
export function metadataDiffers(a: ClusterState, b: ObservedCluster): boolean {
  return a.name !== b.name || a.resourceGroup !== b.resourceGroup || a.location !== b.location || a.tenantId !== b.tenantId ||
    a.subscriptionId !== b.subscriptionId || !sameTags(a.tags, b.tags);
}
