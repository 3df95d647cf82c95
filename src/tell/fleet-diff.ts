import type { Cluster } from '../clusters/cluster';
import { assessHealth, latestAgentVersion } from '../clusters/connectivity';
import type { AlertKind } from './alert-kinds';
import type { FilterableCluster } from '../clusters/cluster-filter';

/**
 * Certificate horizons that earn one "expiring" alert each while the cluster is not Connected
 * (an early warning before Expired). The certificate lives up to 90 days and renews only when the cluster connects
 * between day 46 and day 90 (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes, https://learn.microsoft.com/azure/azure-arc/kubernetes/faq), so a disconnected cluster walks down these.
 */
const CERT_HORIZONS_DAYS = [30, 14, 7, 1] as const;

/** What the monitor remembers per cluster: identity for filters, plus the facets it alerts on. */
export interface ClusterState extends FilterableCluster {
  id: string;
  tenantId?: string;
  status: string;
  /** Connected, but no heartbeat for more than 15 minutes (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes) (ARG flips 15-30 min later). */
  heartbeatStale: boolean;
  /** Smallest horizon (30/14/7/1 days) reached while not Connected; absent otherwise. */
  certHorizon?: number;
  /** False when the agent is more than N-2 minors behind (https://learn.microsoft.com/azure/azure-arc/kubernetes/agent-upgrade); true when unknown. */
  agentSupported: boolean;
  /** When the current status was first observed (ISO). */
  statusSince: string;
  /** When the current problem (Offline, Expired, heartbeat stale) began (ISO); absent when healthy. */
  problemSince?: string;
  /** Confirmed changes so far; part of every idempotency key, so a re-decided alert keeps its key. */
  seq: number;
}

/** A change seen but not yet confirmed (flap damping). */
export interface PendingChange {
  signature: string;
  count: number;
  firstSeenAt: string;
}

/** The persisted "last known" fleet that every poll is compared with. */
export interface FleetMemory {
  version: 1;
  /** Set on the first successful poll; until then a poll is a silent baseline. */
  baselineAt?: string;
  /** Increments on every poll that confirmed at least one change (digest keys use it). */
  generation: number;
  clusters: Record<string, ClusterState>;
  pending: Record<string, PendingChange>;
  /**
   * The highest change counter (`seq`) any removed cluster reached, its `removed` event included.
   * A cluster that appears (or re-appears after being deleted and re-created) starts above it, so
   * its event keys never repeat keys the outbox still remembers from an earlier life (kept 48 h).
   * Derived only from the persisted memory, so re-deciding a tick after a crash gives the same keys.
   * Absent in memories written before it existed: then the generation is the best floor we have.
   */
  retiredSeq?: number;
}

export function emptyFleetMemory(): FleetMemory {
  return { version: 1, generation: 0, clusters: {}, pending: {}, retiredSeq: 0 };
}

export interface ClusterEvent {
  kind: AlertKind;
  clusterId: string;
  /** The state after the change (for `removed`, the last known state). */
  state: ClusterState;
  previous?: ClusterState;
  /** The cluster as this poll saw it (absent for `removed`): live facts for the card. */
  cluster?: Cluster;
  /** ISO time the change was first seen (before confirmation). */
  firstSeenAt: string;
  /** Stable across a crash-and-redecide: cluster id, kind and the cluster's change counter. */
  key: string;
}

export interface ObserveOptions {
  /** `ALERT_CONFIRMATIONS`: consecutive polls a change must be seen in before it counts (>= 1). */
  confirmations: number;
}

export interface ObserveResult {
  memory: FleetMemory;
  events: ClusterEvent[];
  baseline: boolean;
  /** False when nothing needs persisting (no change, nothing pending moved). */
  changed: boolean;
}

const ABSENT = 'absent';

export function certHorizonFor(daysLeft: number | undefined): number | undefined {
  if (daysLeft === undefined || daysLeft < 0) return undefined;
  let horizon: number | undefined;
  for (const h of CERT_HORIZONS_DAYS) if (daysLeft <= h) horizon = h;
  return horizon;
}

/** The facets of one cluster right now (pure: `now` and the fleet's latest agent are inputs). */
export function observeCluster(cluster: Cluster, now: Date, latestAgent: string): Omit<ClusterState, 'statusSince' | 'seq'> {
  const health = assessHealth(cluster, now, latestAgent);
  const exposedToExpiry = cluster.status !== 'Connected' && cluster.status !== 'Expired' && cluster.status !== 'AgentNotInstalled' && !health.certificateExpired;
  const state: Omit<ClusterState, 'statusSince' | 'seq'> = {
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

function signatureOf(s: Pick<ClusterState, 'status' | 'heartbeatStale' | 'certHorizon' | 'agentSupported'>): string {
  return `${s.status}|${s.heartbeatStale ? 1 : 0}|${s.certHorizon ?? ''}|${s.agentSupported ? 1 : 0}`;
}

function isProblem(s: Pick<ClusterState, 'status' | 'heartbeatStale'>): boolean {
  return s.status === 'Offline' || s.status === 'Expired' || (s.status === 'Connected' && s.heartbeatStale);
}

/** True when a confirmed state still needs attention (used when a mute ends). */
export function isUnhealthy(s: ClusterState): boolean {
  return isProblem(s) || s.certHorizon !== undefined || !s.agentSupported || (s.status !== 'Connected' && s.status !== 'AgentNotInstalled');
}

/** The events between two confirmed states of one cluster. */
function eventsBetween(before: ClusterState, after: ClusterState): AlertKind[] {
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

function metadataDiffers(a: ClusterState, b: Omit<ClusterState, 'statusSince' | 'seq'>): boolean {
  return a.name !== b.name || a.resourceGroup !== b.resourceGroup || a.location !== b.location || a.tenantId !== b.tenantId ||
    a.subscriptionId !== b.subscriptionId || !sameTags(a.tags, b.tags);
}

/**
 * The heart of the monitor: previous memory + this poll's fleet + now -> new memory + events.
 * First poll = baseline (no events). A change must be seen in `confirmations` consecutive polls;
 * a flip back inside that window clears it silently. Pure and deterministic.
 */
export function observeFleet(previous: FleetMemory | undefined, clusters: Cluster[], now: Date, options: ObserveOptions): ObserveResult {
  const nowIso = now.toISOString();
  const latestAgent = latestAgentVersion(clusters);
  const confirmations = Math.max(1, Math.floor(options.confirmations));

  if (!previous || !previous.baselineAt) {
    const memory: FleetMemory = { ...emptyFleetMemory(), baselineAt: nowIso, retiredSeq: previous?.retiredSeq ?? previous?.generation ?? 0 };
    for (const c of clusters) {
      const state: ClusterState = { ...observeCluster(c, now, latestAgent), statusSince: nowIso, seq: 0 };
      if (isProblem(state)) state.problemSince = nowIso;
      memory.clusters[c.id] = state;
    }
    return { memory, events: [], baseline: true, changed: true };
  }

  const memory: FleetMemory = { version: 1, baselineAt: previous.baselineAt, generation: previous.generation, clusters: {}, pending: {} };
  const firstSeq = (previous.retiredSeq ?? previous.generation) + 1;
  memory.retiredSeq = firstSeq - 1;
  const events: ClusterEvent[] = [];
  let changed = false;

  const confirm = (id: string, signature: string): { confirmed: boolean; firstSeenAt: string } => {
    const before = previous.pending[id];
    const pending: PendingChange = before && before.signature === signature
      ? { signature, count: before.count + 1, firstSeenAt: before.firstSeenAt }
      : { signature, count: 1, firstSeenAt: nowIso };
    changed = true;
    if (pending.count >= confirmations) return { confirmed: true, firstSeenAt: pending.firstSeenAt };
    memory.pending[id] = pending;
    return { confirmed: false, firstSeenAt: pending.firstSeenAt };
  };

  const seen = new Set<string>();
  for (const cluster of clusters) {
    seen.add(cluster.id);
    const observed = observeCluster(cluster, now, latestAgent);
    const known = previous.clusters[cluster.id];
    if (!known) {
      const { confirmed, firstSeenAt } = confirm(cluster.id, `present|${signatureOf(observed)}`);
      if (confirmed) {
        const state: ClusterState = { ...observed, statusSince: firstSeenAt, seq: firstSeq };
        if (isProblem(state)) state.problemSince = firstSeenAt;
        memory.clusters[cluster.id] = state;
        events.push({ kind: 'added', clusterId: cluster.id, state, cluster, firstSeenAt, key: `${cluster.id}|added|${state.seq}` });
      }
      continue;
    }
    if (signatureOf(known) === signatureOf(observed)) {
      if (previous.pending[cluster.id]) changed = true; // a flap ended inside the window: forget it
      if (!metadataDiffers(known, observed)) {
        memory.clusters[cluster.id] = known; // the common case: reuse, allocate nothing
        continue;
      }
      changed = true;
      const same: ClusterState = { ...observed, statusSince: known.statusSince, seq: known.seq };
      if (known.problemSince) same.problemSince = known.problemSince;
      memory.clusters[cluster.id] = same;
      continue;
    }
    const { confirmed, firstSeenAt } = confirm(cluster.id, signatureOf(observed));
    if (!confirmed) {
      memory.clusters[cluster.id] = known;
      continue;
    }
    const state: ClusterState = {
      ...observed,
      statusSince: observed.status !== known.status ? firstSeenAt : known.statusSince,
      seq: known.seq + 1,
    };
    if (isProblem(state)) state.problemSince = isProblem(known) && known.problemSince ? known.problemSince : firstSeenAt;
    memory.clusters[cluster.id] = state;
    for (const kind of eventsBetween(known, state)) {
      events.push({ kind, clusterId: cluster.id, state, previous: known, cluster, firstSeenAt, key: `${cluster.id}|${kind}|${state.seq}` });
    }
  }

  // for...in rather than Object.entries: no 10,000 [id, state] pairs allocated per poll.
  for (const id in previous.clusters) {
    if (seen.has(id)) continue;
    const known = previous.clusters[id];
    const { confirmed, firstSeenAt } = confirm(id, ABSENT);
    if (!confirmed) {
      memory.clusters[id] = known;
      continue;
    }
    events.push({ kind: 'removed', clusterId: id, state: known, previous: known, firstSeenAt, key: `${id}|removed|${known.seq + 1}` });
    memory.retiredSeq = Math.max(memory.retiredSeq ?? 0, known.seq + 1);
  }

  if (events.length) memory.generation = previous.generation + 1;
  return { memory, events, baseline: false, changed: changed || events.length > 0 };
}
