import type { Cluster } from '../clusters/cluster';
import { agentSupport, latestAgentVersionOf } from '../clusters/connectivity';
import { eventsBetween, isProblem, metadataDiffers, observeCluster, sameSignature, signatureOf, type ClusterState, type ObservedCluster } from './cluster-observation';
import { emptyFleetMemory, type ClusterEvent, type FleetMemory, type ObserveResult, type PendingChange } from './fleet-diff';

/** The pending-change signature of a cluster that left the fleet. */
const ABSENT = 'absent';

export interface FleetObserverOptions {
  /** `ALERT_CONFIRMATIONS`: consecutive polls a change must be seen in before it counts (>= 1). */
  confirmations: number;
  /** A missing cluster is "removed" only once it has been missing this long too (a one-poll gap never is). */
  removalMinMs?: number;
  /**
   * The newest agent version to judge support against while the read is still arriving. The
   * diff is exact only when it equals what the whole read gives (see latestAgentSettled()).
   */
  assumedLatestAgent: string;
}

/** How a read compares with the remembered fleet: what the read guard judges. */
export interface ReadCounts {
  /** Distinct clusters the read returned. */
  read: number;
  /** Clusters the memory knows (0 before the baseline). */
  known: number;
  /** Known clusters neither returned nor unreadable. */
  lost: number;
}

/**
 * One poll's diff, fed page by page as the fleet arrives: each cluster is compared with the
 * remembered state right away and only what changed is kept (with its Cluster, for the alert card):
 * nothing per unchanged cluster. Then close() (which clusters are missing), then finish()
 * (removals, the new memory). An unchanged fleet gives back the previous `clusters` object itself:
 * nothing is rebuilt or rewritten per cluster.
 *
 * Agent support depends on the newest version in the whole fleet, known only at the end; pages are
 * judged against `assumedLatestAgent` (the previous poll's), and latestAgentSettled() says whether
 * that held. It changes when a new agent release spreads (rarely): the caller then judges the
 * whole read again. A baseline alerts nothing, so it is simply judged again at the end.
 */
export class FleetObserver {
  private readonly nowIso: string;
  private readonly confirmations: number;
  private readonly baseline: boolean;
  /** Ids read so far; a known cluster is recorded by its remembered id string, so nothing new is kept. */
  private readonly seen = new Set<string>();
  /** Lower-cased ids, built only once an id the memory does not know arrives (see firstSighting). */
  private seenLower: Set<string> | undefined;
  private readonly agentCounts = new Map<string, number>();
  /** New and changed states (every state while taking the baseline). */
  private readonly updates = new Map<string, ClusterState>();
  /** While taking the baseline: each state's agent version, in `updates` order, to judge support at the end. */
  private readonly baselineAgents: (string | undefined)[] = [];
  private readonly pending: Record<string, PendingChange> = {};
  private readonly events: ClusterEvent[] = [];
  private readonly firstSeq: number;
  private changed = false;
  private missing: string[] | undefined;
  /** Strings many states repeat (group, subscription, location, tenant, status): one copy each. */
  private readonly strings = new Map<string, string>();

  constructor(private readonly previous: FleetMemory, private readonly now: Date, private readonly options: FleetObserverOptions) {
    this.nowIso = now.toISOString();
    this.confirmations = Math.max(1, Math.floor(options.confirmations));
    this.baseline = !previous.baselineAt;
    this.firstSeq = (previous.retiredSeq ?? previous.generation) + 1;
  }

  /** Distinct clusters read so far. */
  get readCount(): number {
    return this.seen.size;
  }

  /** The newest agent version of the clusters read so far (of the whole fleet once all pages are in). */
  latestAgent(): string {
    return latestAgentVersionOf(this.agentCounts, this.seen.size);
  }

  /**
   * True when the pages were judged against the newest agent version the whole read gives. Always
   * for the baseline: it alerts nothing, so its states are simply judged again at the end.
   */
  latestAgentSettled(): boolean {
    return this.baseline || this.latestAgent() === this.options.assumedLatestAgent;
  }

  /** One page of the fleet. A cluster repeated across pages (paging can do that) counts once, the first time. */
  add(clusters: Iterable<Cluster>): void {
    if (this.missing) throw new Error('FleetObserver: add() after close()');
    for (const cluster of clusters) {
      const known = this.baseline ? undefined : this.previous.clusters[cluster.id];
      if (!this.firstSighting(cluster.id, known)) continue;
      if (cluster.agentVersion) this.agentCounts.set(cluster.agentVersion, (this.agentCounts.get(cluster.agentVersion) ?? 0) + 1);
      const observed = observeCluster(cluster, this.now, this.options.assumedLatestAgent);
      if (this.baseline) {
        this.remember(observed, this.nowIso, 0, isProblem(observed) ? this.nowIso : undefined);
        this.baselineAgents.push(cluster.agentVersion);
      } else this.compare(cluster, observed, known);
    }
  }

  /** Ends the read: which known clusters are missing (unreadable ones are not), counted for the read guard. */
  close(unreadableIds: ReadonlySet<string>): ReadCounts {
    this.missing = [];
    if (this.baseline) return { read: this.seen.size, known: 0, lost: 0 };
    let known = 0;
    for (const id in this.previous.clusters) {
      known++;
      if (!this.seen.has(id) && !unreadableIds.has(id)) this.missing.push(id);
    }
    return { read: this.seen.size, known, lost: this.missing.length };
  }

  /** The new memory and the events. `confirmRemovalsNow`: a mass removal the read guard confirmed over many reads. */
  finish(options: { confirmRemovalsNow?: boolean } = {}): ObserveResult {
    if (!this.missing) throw new Error('FleetObserver: finish() before close()');
    const previous = this.previous;
    const latestAgent = this.latestAgent();
    if (this.baseline) {
      const clusters: Record<string, ClusterState> = {};
      const rejudge = latestAgent !== this.options.assumedLatestAgent;
      let i = 0;
      for (const [id, state] of this.updates) {
        if (rejudge) state.agentSupported = agentSupport(this.baselineAgents[i], latestAgent)?.supported ?? true;
        clusters[id] = state;
        i++;
      }
      const memory: FleetMemory = { ...emptyFleetMemory(), baselineAt: this.nowIso, retiredSeq: previous.retiredSeq ?? previous.generation ?? 0, clusters, latestAgent };
      return { memory, events: [], baseline: true, changed: true };
    }
    let retiredSeq = this.firstSeq - 1;
    const removed: string[] = [];
    for (const id of this.missing) {
      const known = previous.clusters[id];
      // A mass removal the read guard already confirmed counts at once; any other waits its turn.
      const { confirmed, firstSeenAt } = options.confirmRemovalsNow
        ? { confirmed: true, firstSeenAt: previous.pending[id]?.firstSeenAt ?? this.nowIso }
        : this.confirm(id, ABSENT, this.options.removalMinMs);
      if (!confirmed) continue;
      this.events.push({ kind: 'removed', clusterId: id, state: known, previous: known, firstSeenAt, key: `${id}|removed|${known.seq + 1}` });
      removed.push(id);
      retiredSeq = Math.max(retiredSeq, known.seq + 1);
    }
    const memory: FleetMemory = {
      version: 1, baselineAt: previous.baselineAt, generation: previous.generation, clusters: this.clustersAfter(removed), pending: this.pending, retiredSeq, latestAgent,
    };
    if (this.events.length) memory.generation = previous.generation + 1;
    return { memory, events: this.events, baseline: false, changed: this.changed || this.events.length > 0 };
  }

  /** The previous clusters object itself when no state changed; else a copy with the changes applied. */
  private clustersAfter(removed: string[]): Record<string, ClusterState> {
    if (!this.updates.size && !removed.length) return this.previous.clusters;
    const clusters = { ...this.previous.clusters };
    for (const id of removed) delete clusters[id];
    for (const [id, state] of this.updates) clusters[id] = state;
    return clusters;
  }

  /**
   * False for a repeat. Ids are compared case-insensitively, as Resource Graph paging repeats them,
   * but lower-casing every id of every poll is avoided: only once an id the memory does not know
   * arrives (a new cluster, or the baseline) are ids lower-cased from then on.
   */
  private firstSighting(id: string, known: ClusterState | undefined): boolean {
    const key = known ? known.id : id;
    if (this.seen.has(key)) return false;
    if (!known && !this.seenLower) {
      this.seenLower = new Set();
      for (const seenId of this.seen) this.seenLower.add(seenId.toLowerCase());
    }
    if (this.seenLower) {
      const lower = id.toLowerCase();
      if (this.seenLower.has(lower)) return false;
      this.seenLower.add(lower);
    }
    this.seen.add(key);
    return true;
  }

  private compare(cluster: Cluster, observed: ObservedCluster, known: ClusterState | undefined): void {
    const id = cluster.id;
    if (!known) {
      const { confirmed, firstSeenAt } = this.confirm(id, `present|${signatureOf(observed)}`);
      if (!confirmed) return;
      const state = this.remember(observed, firstSeenAt, this.firstSeq, isProblem(observed) ? firstSeenAt : undefined);
      this.events.push({ kind: 'added', clusterId: id, state, cluster, firstSeenAt, key: `${id}|added|${state.seq}` });
      return;
    }
    if (sameSignature(known, observed)) {
      if (this.previous.pending[id]) this.changed = true; // a flap ended inside the window: forget it
      if (!metadataDiffers(known, observed)) return; // the common case: the remembered state stays as it is
      this.changed = true;
      this.remember(observed, known.statusSince, known.seq, known.problemSince);
      return;
    }
    const { confirmed, firstSeenAt } = this.confirm(id, signatureOf(observed));
    if (!confirmed) return;
    const problemSince = !isProblem(observed) ? undefined : isProblem(known) && known.problemSince ? known.problemSince : firstSeenAt;
    const state = this.remember(observed, observed.status !== known.status ? firstSeenAt : known.statusSince, known.seq + 1, problemSince);
    for (const kind of eventsBetween(known, state)) {
      this.events.push({ kind, clusterId: id, state, previous: known, cluster, firstSeenAt, key: `${id}|${kind}|${state.seq}` });
    }
  }

  /** A new state to remember (repeated strings shared with the other states this poll remembers). */
  private remember(observed: ObservedCluster, statusSince: string, seq: number, problemSince: string | undefined): ClusterState {
    const state: ClusterState = {
      ...observed,
      resourceGroup: this.shared(observed.resourceGroup),
      subscriptionId: this.shared(observed.subscriptionId),
      location: this.shared(observed.location),
      status: this.shared(observed.status),
      statusSince,
      seq,
    };
    if (observed.tenantId !== undefined) state.tenantId = this.shared(observed.tenantId);
    if (problemSince !== undefined) state.problemSince = problemSince;
    this.updates.set(observed.id, state);
    return state;
  }

  private shared(value: string): string {
    const existing = this.strings.get(value);
    if (existing !== undefined) return existing;
    this.strings.set(value, value);
    return value;
  }

  /** Confirmed once seen in `confirmations` polls and, when `minAgeMs` is given, first seen that long ago. */
  private confirm(id: string, signature: string, minAgeMs = 0): { confirmed: boolean; firstSeenAt: string } {
    const before = this.previous.pending[id];
    const pending: PendingChange = before && before.signature === signature
      ? { signature, count: before.count + 1, firstSeenAt: before.firstSeenAt }
      : { signature, count: 1, firstSeenAt: this.nowIso };
    this.changed = true;
    const oldEnough = this.now.getTime() - Date.parse(pending.firstSeenAt) >= minAgeMs;
    if (pending.count >= this.confirmations && oldEnough) return { confirmed: true, firstSeenAt: pending.firstSeenAt };
    this.pending[id] = pending;
    return { confirmed: false, firstSeenAt: pending.firstSeenAt };
  }
}
