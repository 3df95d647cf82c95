import type { Cluster } from './cluster';
import type { FleetSnapshot } from './cluster-directory';
import { latestAgentVersion } from './connectivity';
import { assessClusters, type FleetAssessment } from './fleet-assessment';
import { type NameCandidate, nameCandidates, suggestNames } from './name-matching';

/** Typos remembered per snapshot: a burst of users repeating one wrong name costs one pass over the names. */
const SUGGESTIONS_REMEMBERED = 200;

/**
 * What every chat request (and the monitor) needs from one fleet snapshot, computed once for it:
 * the newest agent version, clusters by name and by id, and (on first use) every cluster's health
 * in attention order with lists by status, region and resource group. Health is judged as of the
 * snapshot's time, the moment the data describes (cards show that time and its age), so it is
 * judged once per snapshot, never per request. Read-only after build.
 */
export class FleetIndex {
  readonly latestAgent: string;
  readonly size: number;
  private readonly byName = new Map<string, Cluster[]>();
  private readonly byId = new Map<string, Cluster>();
  private judged: FleetAssessment | undefined;
  private candidates: NameCandidate[] | undefined;
  private readonly suggestions = new Map<string, string[]>();

  constructor(readonly clusters: readonly Cluster[], readonly at: Date) {
    this.size = clusters.length;
    this.latestAgent = latestAgentVersion(clusters);
    for (const cluster of clusters) {
      const name = cluster.name.toLowerCase();
      const same = this.byName.get(name);
      if (same) same.push(cluster);
      else this.byName.set(name, [cluster]);
      this.byId.set(cluster.id.toLowerCase(), cluster);
    }
  }

  /** Clusters named `name` (case-insensitive), in snapshot order; empty when there is none. */
  clustersNamed(name: string): readonly Cluster[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  clusterById(id: string): Cluster | undefined {
    return this.byId.get(id.toLowerCase());
  }

  hasName(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** "Did you mean" names for a name the fleet does not have (the distinct names are lower-cased once per snapshot). */
  suggest(query: string): string[] {
    const key = query.toLowerCase();
    let found = this.suggestions.get(key);
    if (!found) {
      this.candidates ??= nameCandidates([...this.byName.values()].map((list) => list[0].name));
      found = suggestNames(query, this.candidates);
      if (this.suggestions.size >= SUGGESTIONS_REMEMBERED) this.suggestions.delete(this.suggestions.keys().next().value as string);
      this.suggestions.set(key, found);
    }
    return [...found];
  }

  /** Every cluster's health as of the snapshot's time, judged on first use. */
  get assessment(): FleetAssessment {
    this.judged ??= assessClusters(this.clusters, this.at, this.latestAgent);
    return this.judged;
  }
}

/** One index per clusters array: directories hand out the same array until the fleet changes. */
const indexes = new WeakMap<readonly Cluster[], FleetIndex>();

/** The shared index of a snapshot, built on first use and kept as long as the snapshot's clusters live. */
export function fleetIndexOf(snapshot: Pick<FleetSnapshot, 'clusters' | 'fetchedAt'>): FleetIndex {
  let index = indexes.get(snapshot.clusters);
  if (!index) indexes.set(snapshot.clusters, (index = new FleetIndex(snapshot.clusters, snapshot.fetchedAt)));
  return index;
}
