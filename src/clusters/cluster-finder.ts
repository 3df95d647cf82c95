import { type Cluster, parseClusterResourceId } from './cluster';
import { type ClusterDirectory, isValidClusterName } from './cluster-directory';

/** The two lookups the finder needs; every ClusterDirectory is one. */
export type ClusterLookup = Pick<ClusterDirectory, 'getClustersByName' | 'listClusters'>;
import { suggestNames } from './name-matching';

export type FindResult =
  | { kind: 'found'; cluster: Cluster }
  | { kind: 'ambiguous'; name: string; clusters: Cluster[] }
  | { kind: 'not-found'; name: string; suggestions: string[] }
  | { kind: 'invalid-name'; name: string };


/**
 * Finds one cluster from what a user typed: a name (exact, case-insensitive; several matches across
 * resource groups or subscriptions -> ambiguous) or a full resource id (what choice buttons send).
 * Suggestions come from the cached fleet snapshot, so a typo costs no extra Resource Graph query.
 */
export class ClusterFinder {
  constructor(private readonly directory: ClusterLookup, private readonly fleetMaxAgeMs: number) {}

  async find(input: string): Promise<FindResult> {
    const query = input.trim().replace(/^["'`]+|["'`]+$/g, '');
    const idParts = parseClusterResourceId(query);
    if (idParts) return this.findById(query, idParts.name);
    if (!isValidClusterName(query)) return { kind: 'invalid-name', name: query };
    const matches = await this.directory.getClustersByName(query);
    if (matches.length === 1) return { kind: 'found', cluster: matches[0] };
    if (matches.length > 1) return { kind: 'ambiguous', name: query, clusters: matches };
    return { kind: 'not-found', name: query, suggestions: await this.suggest(query) };
  }

  async suggest(query: string): Promise<string[]> {
    const fleet = await this.directory.listClusters({ maxAgeMs: this.fleetMaxAgeMs });
    return suggestNames(query, fleet.clusters.map((c) => c.name));
  }

  private async findById(id: string, name: string): Promise<FindResult> {
    if (!isValidClusterName(name)) return { kind: 'invalid-name', name };
    const match = (await this.directory.getClustersByName(name)).find((c) => c.id.toLowerCase() === id.toLowerCase());
    return match ? { kind: 'found', cluster: match } : { kind: 'not-found', name, suggestions: await this.suggest(name) };
  }
}
