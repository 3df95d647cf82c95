import type { Cluster } from '../clusters/cluster';
import { latestAgentVersion } from '../clusters/connectivity';
import type { AlertKind } from './alert-kinds';
import type { ClusterState } from './cluster-observation';
import { FleetObserver } from './fleet-observer';

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
  /** The newest agent version the last poll found (the next poll judges its pages against it). */
  latestAgent?: string;
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

/**
 * The heart of the monitor: previous memory + this poll's fleet + now -> new memory + events.
 * First poll = baseline (no events). A change must be seen in `confirmations` consecutive polls;
 * a flip back inside that window clears it silently. Pure and deterministic. The whole fleet at
 * once; the monitor feeds a FleetObserver page by page instead (the same diff).
 */
export function observeFleet(previous: FleetMemory | undefined, clusters: Cluster[], now: Date, options: ObserveOptions): ObserveResult {
  const observer = new FleetObserver(previous ?? emptyFleetMemory(), now, { ...options, assumedLatestAgent: latestAgentVersion(clusters) });
  observer.add(clusters);
  observer.close(options.unreadableIds ?? new Set());
  return observer.finish({ confirmRemovalsNow: options.confirmRemovalsNow });
}
