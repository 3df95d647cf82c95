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
  private judged: FleetAssessment | undefined;
  private candidates: NameCandidate[] | undefined;
  private readonly suggestions = new Map<string, string[]>();

  /** Built by FleetIndexBuilder (page by page while a fleet is read) or by fleetIndexOf. */
  constructor(
    readonly clusters: readonly Cluster[],
    readonly at: Date,
    private readonly byName: ReadonlyMap<string, Cluster[]>,
    private readonly byId: ReadonlyMap<string, Cluster>,
  ) {
    this.size = clusters.length;
    this.latestAgent = latestAgentVersion(clusters);
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

/**
 * Collects a fleet into its clusters array and name and id maps one cluster at a time, so a source
 * read page by page builds the index between pages (the first question after a new 50,000-cluster
 * snapshot then finds it ready). Keeps the first cluster of each id (ids compared ignoring case).
 */
export class FleetIndexBuilder {
  readonly clusters: Cluster[] = [];
  private readonly byName = new Map<string, Cluster[]>();
  private readonly byId = new Map<string, Cluster>();

  /** Adds `cluster`; false (and nothing added) when a cluster with its id is already in. */
  add(cluster: Cluster): boolean {
    const id = cluster.id.toLowerCase();
    if (this.byId.has(id)) return false;
    this.byId.set(id, cluster);
    this.clusters.push(cluster);
    const name = cluster.name.toLowerCase();
    const same = this.byName.get(name);
    if (same) same.push(cluster);
    else this.byName.set(name, [cluster]);
    return true;
  }

  /** The index of `snapshot`, whose clusters were added here: what fleetIndexOf returns for it from now on. */
  finish(snapshot: Pick<FleetSnapshot, 'clusters' | 'fetchedAt'>): FleetIndex {
    const index = new FleetIndex(snapshot.clusters, snapshot.fetchedAt, this.byName, this.byId);
    indexes.set(snapshot.clusters, index);
    return index;
  }
}

/** The shared index of a snapshot, built on first use and kept as long as the snapshot's clusters live. */
export function fleetIndexOf(snapshot: Pick<FleetSnapshot, 'clusters' | 'fetchedAt'>): FleetIndex {
  let index = indexes.get(snapshot.clusters);
  if (!index) {
    const builder = new FleetIndexBuilder();
    for (const cluster of snapshot.clusters) builder.add(cluster);
    index = builder.finish(snapshot);
  }
  return index;
}
