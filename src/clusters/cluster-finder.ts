import { type Cluster, parseClusterResourceId } from './cluster';
import { type ClusterDirectory, isValidClusterName } from './cluster-directory';
import { fleetIndexOf } from './fleet-index';

/** The two lookups the finder needs; every ClusterDirectory is one. */
export type ClusterLookup = Pick<ClusterDirectory, 'getClustersByName' | 'listClusters'>;

export type FindResult =
  /** `asOf`: when the cluster was read (the fleet snapshot's time, or now for a query of its own). */
  | { kind: 'found'; cluster: Cluster; asOf?: Date }
  | { kind: 'ambiguous'; name: string; clusters: Cluster[] }
  | { kind: 'not-found'; name: string; suggestions: string[] }
  | { kind: 'invalid-name'; name: string };

export interface FindOptions {
  /** An explicit Refresh: read the cluster from the source rather than from the fleet snapshot. */
  refresh?: boolean;
}

/**
 * Finds one cluster from what a user typed: a name (exact, case-insensitive; several matches across
 * resource groups or subscriptions -> ambiguous) or a full resource id (what choice buttons send).
 * The shared fleet snapshot answers (stale-while-revalidate, so no question waits for a refresh);
 * the source is asked about one cluster only when the snapshot does not have it (just created)
 * or for an explicit Refresh. Suggestions come from the snapshot too.
 */
export class ClusterFinder {
  constructor(
    private readonly directory: ClusterLookup,
    private readonly fleetMaxAgeMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async find(input: string, options: FindOptions = {}): Promise<FindResult> {
    const query = input.trim().replace(/^["'`]+|["'`]+$/g, '');
    const idParts = parseClusterResourceId(query);
    const name = idParts ? idParts.name : query;
    if (!isValidClusterName(name)) return { kind: 'invalid-name', name };
    const id = idParts ? query.toLowerCase() : undefined;
    if (!options.refresh) {
      const snapshot = await this.snapshot();
      const index = fleetIndexOf(snapshot);
      const byId = id ? index.clusterById(id) : undefined;
      const inSnapshot = id ? (byId ? [byId] : []) : index.clustersNamed(name);
      if (inSnapshot.length) return this.resolved(name, inSnapshot, snapshot.fetchedAt);
    }
    const asOf = this.now();
    const matches = await this.directory.getClustersByName(name, options.refresh ? { refresh: true } : undefined);
    const wanted = id ? matches.filter((c) => c.id.toLowerCase() === id) : matches;
    if (wanted.length) return this.resolved(name, wanted, asOf);
    return { kind: 'not-found', name, suggestions: await this.suggest(name) };
  }

  async suggest(query: string): Promise<string[]> {
    return fleetIndexOf(await this.snapshot()).suggest(query);
  }

  private snapshot() {
    return this.directory.listClusters({ maxAgeMs: this.fleetMaxAgeMs, staleWhileRevalidate: true });
  }

  private resolved(name: string, clusters: readonly Cluster[], asOf: Date): FindResult {
    return clusters.length === 1 ? { kind: 'found', cluster: clusters[0], asOf } : { kind: 'ambiguous', name, clusters: [...clusters] };
  }
}
