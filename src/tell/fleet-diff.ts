import type { Cluster } from '../clusters/cluster';
import { latestAgentVersion } from '../clusters/connectivity';
import type { AlertKind } from './alert-kinds';
import {
  eventsBetween, isProblem, metadataDiffers, observeCluster, signatureOf, type ClusterState,
} from './cluster-observation';

// Modules that read the states this diff produces (cards, planner, storage codec) keep importing them here.
export type { ClusterState } from './cluster-observation';
export { observeCluster } from './cluster-observation';

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
  /** A missing cluster is "removed" only once it has been missing this long too (a one-poll gap never is). */
  removalMinMs?: number;
  /** Known clusters whose rows came back as invalid data this time: unchanged, not missing. */
  unreadableIds?: ReadonlySet<string>;
  /** A mass removal the read guard already confirmed over many reads: removals count at once. */
  confirmRemovalsNow?: boolean;
}

export interface ObserveResult {
  memory: FleetMemory;
  events: ClusterEvent[];
  baseline: boolean;
  /** False when nothing needs persisting (no change, nothing pending moved). */
  changed: boolean;
}

/** The pending-change signature of a cluster that left the fleet. */
const ABSENT = 'absent';

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

  /** Confirmed once seen in `confirmations` polls and, when `minAgeMs` is given, first seen that long ago. */
  const confirm = (id: string, signature: string, minAgeMs = 0): { confirmed: boolean; firstSeenAt: string } => {
    const before = previous.pending[id];
    const pending: PendingChange = before && before.signature === signature
      ? { signature, count: before.count + 1, firstSeenAt: before.firstSeenAt }
      : { signature, count: 1, firstSeenAt: nowIso };
    changed = true;
    const oldEnough = now.getTime() - Date.parse(pending.firstSeenAt) >= minAgeMs;
    if (pending.count >= confirmations && oldEnough) return { confirmed: true, firstSeenAt: pending.firstSeenAt };
    memory.pending[id] = pending;
    return { confirmed: false, firstSeenAt: pending.firstSeenAt };
  };

  const seen = new Set<string>(options.unreadableIds);
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
    // A mass removal the read guard confirmed over many reads counts at once; any other waits its turn.
    const { confirmed, firstSeenAt } = options.confirmRemovalsNow
      ? { confirmed: true, firstSeenAt: previous.pending[id]?.firstSeenAt ?? nowIso }
      : confirm(id, ABSENT, options.removalMinMs);
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
