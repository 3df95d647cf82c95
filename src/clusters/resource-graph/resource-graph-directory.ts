import { randomUUID } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import { type Clock, systemClock } from '../../core/clock';
import { type Logger, silentLogger } from '../../core/logger';
import { type Cluster, parseClusterRows } from '../cluster';
import { type ByNameOptions, type ClusterDirectory, DirectoryError, type FleetSnapshot, invalidRowsCollector, isValidClusterName, type ListClustersOptions } from '../cluster-directory';
import { FleetIndexBuilder, fleetIndexOf } from '../fleet-index';
import { buildClusterByNameQuery, buildFleetQuery } from '../kql';
import type { AzureCloudName } from '../azure-clouds';
import { type ResourceManagerTarget, resolveResourceManagerTarget } from './resource-manager-target';
import { QuotaGate } from './quota-gate';
import { createDefaultCredential, createResourceGraphClient } from './resource-graph-client';
import type { QueryScope } from './resource-graph-errors';
import { type ResourceGraphQueryClient, ResourceGraphQueryRunner, type RetryPolicy } from './resource-graph-query-runner';

export interface ResourceGraphDirectoryOptions {
  /** `AZURE_SUBSCRIPTION_IDS`. With neither list, queries run at tenant scope (https://github.com/Azure/azure-rest-api-specs/blob/main/specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/resourcegraph.json). */
  subscriptionIds?: readonly string[];
  /** `AZURE_MANAGEMENT_GROUP_IDS`. */
  managementGroupIds?: readonly string[];
  /** `AZURE_CLOUD`. */
  cloud: AzureCloudName;
  /** `AZURE_RESOURCE_MANAGER_ENDPOINT`: replaces the cloud's ARM host; the token scope becomes `<endpoint>/.default`. */
  resourceManagerEndpoint?: string;
  /** Default: `DefaultAzureCredential` with the cloud's authority host. */
  credential?: TokenCredential;
  clock?: Clock;
  logger?: Logger;
  /** `FLEET_MAX_AGE_SECONDS`: listClusters() serves a snapshot younger than this without a query. */
  fleetMaxAgeMs: number;
  /** `CLUSTER_NAME_CACHE_SECONDS`: getClustersByName() answers repeated names from memory this long, so a burst of chat queries costs one query. */
  nameCacheTtlMs: number;
  /** How throttled and failed queries are retried (the configuration's `resourceGraph.retry`). */
  retry: RetryPolicy;
  /** `RESOURCE_GRAPH_TIMEOUT_SECONDS`: per-request network timeout. */
  requestTimeoutMs: number;
  /** `TOKEN_TIMEOUT_SECONDS`: deadline of the credential's token fetch. */
  tokenTimeoutMs: number;
  /** Seam for unit tests; production and integration tests use the real SDK client. */
  client?: ResourceGraphQueryClient;
}

/** Bounds the per-name cache so users typing many distinct names cannot grow memory without limit. */
const NAME_CACHE_LIMIT = 500;
/**
 * After a background refresh failed, chat keeps answering from the snapshot it has and asks again
 * only after this long (or the source's Retry-After, if longer): a broken source is not asked on every message.
 */
const FAILED_REFRESH_PAUSE_MS = 10_000;
/**
 * A Refresh accepts an answer this young: many people clicking Refresh on one cluster's card cost
 * one query per quota window (the documented example window is 5 s, https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests).
 */
const REFRESH_SHARED_MS = 5_000;

interface CachedClusters {
  clusters: Cluster[];
  fetchedAt: number;
}

/**
 * ClusterDirectory over Azure Resource Graph. Exactly two query shapes (src/clusters/kql.ts): the
 * whole fleet, cached for `fleetMaxAgeMs` with concurrent callers sharing one fetch (chat may take
 * the cached one while a refresh runs in the background), and one cluster by name, cached for
 * `nameCacheTtlMs` (or answered from a fleet snapshot that recent).
 */
export class ResourceGraphDirectory implements ClusterDirectory {
  readonly description: string;
  readonly target: ResourceManagerTarget;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly runner: ResourceGraphQueryRunner;
  private readonly fleetMaxAgeMs: number;
  private readonly nameCacheTtlMs: number;
  private snapshot: FleetSnapshot | undefined;
  private fleetInFlight: Promise<FleetSnapshot> | undefined;
  private readonly byName = new Map<string, CachedClusters>();
  private readonly byNameInFlight = new Map<string, Promise<Cluster[]>>();
  private readonly gate: QuotaGate;
  private backgroundRefreshPausedUntil = 0;

  constructor(options: ResourceGraphDirectoryOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'resource-graph' });
    this.fleetMaxAgeMs = options.fleetMaxAgeMs;
    this.nameCacheTtlMs = options.nameCacheTtlMs;
    this.target = resolveResourceManagerTarget(options.cloud, options.resourceManagerEndpoint);
    const scope: QueryScope = {
      subscriptions: cleanIds(options.subscriptionIds),
      managementGroups: cleanIds(options.managementGroupIds),
    };
    const client = options.client ?? createResourceGraphClient(this.target, options.credential ?? createDefaultCredential(this.target), options.tokenTimeoutMs);
    this.runner = new ResourceGraphQueryRunner({
      client,
      scope,
      clock: this.clock,
      logger: this.logger,
      gate: (this.gate = new QuotaGate(this.clock)),
      retry: options.retry,
      requestTimeoutMs: options.requestTimeoutMs,
    });
    this.description = describe(this.target, scope, options.resourceManagerEndpoint !== undefined && options.resourceManagerEndpoint !== '');
  }

  async listClusters(options?: ListClustersOptions): Promise<FleetSnapshot> {
    const maxAgeMs = options?.maxAgeMs ?? this.fleetMaxAgeMs;
    const snapshot = this.snapshot;
    if (snapshot && this.ageMs(snapshot.fetchedAt.getTime()) < maxAgeMs) return snapshot;
    if (snapshot && options?.staleWhileRevalidate) {
      if (this.clock.now().getTime() >= this.backgroundRefreshPausedUntil) {
        this.sharedFleetFetch().catch((error: unknown) => {
          const retryAfterMs = error instanceof DirectoryError ? error.retryAfterMs ?? 0 : 0;
          this.backgroundRefreshPausedUntil = this.clock.now().getTime() + Math.max(FAILED_REFRESH_PAUSE_MS, retryAfterMs);
          this.logger.warn('background fleet refresh failed; answering from the last snapshot', {
            kind: error instanceof DirectoryError ? error.kind : 'unexpected', snapshotAgeMs: this.ageMs(snapshot.fetchedAt.getTime()),
          });
        });
      }
      return snapshot;
    }
    return this.sharedFleetFetch();
  }

  /** The one fleet fetch in flight: every caller (chat, the monitor) shares it rather than queueing another. */
  private sharedFleetFetch(): Promise<FleetSnapshot> {
    this.fleetInFlight ??= this.fetchFleet().finally(() => {
      this.fleetInFlight = undefined;
    });
    return this.fleetInFlight;
  }

  /**
   * The fleet page by page for the monitor, which diffs each page as it arrives. The fetch is the
   * same one chat questions use (its snapshot replaces the cached one), so one read serves both; a
   * fetch already under way is shared and handed over whole.
   */
  async streamClusters(onPage: (clusters: Cluster[]) => void, onRestart: () => void): Promise<FleetSnapshot> {
    const shared = this.fleetInFlight;
    const snapshot = shared ? await shared : await (this.fleetInFlight = this.fetchFleet(onPage, onRestart).finally(() => {
      this.fleetInFlight = undefined;
    }));
    if (shared) onPage(snapshot.clusters);
    return snapshot;
  }

  async getClustersByName(name: string, options?: ByNameOptions): Promise<Cluster[]> {
    // Names outside Azure's naming rule cannot exist: answer "no clusters" without touching KQL.
    if (!isValidClusterName(name)) return [];
    const key = name.toLowerCase();
    const cached = this.cachedByName(key, options?.refresh ? REFRESH_SHARED_MS : this.nameCacheTtlMs, false);
    if (cached) return cached;
    // While the quota is spent, answer from what we have (the snapshot's "no such cluster" included)
    // rather than make a chat reply wait for the quota window.
    if (this.gate.delayMs() > 0) {
      const fallback = this.cachedByName(key, Number.POSITIVE_INFINITY, true);
      if (fallback) return fallback;
    }
    let pending = this.byNameInFlight.get(key);
    if (!pending) {
      pending = this.fetchByName(name, key).finally(() => this.byNameInFlight.delete(key));
      this.byNameInFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * The newest answer for a name no older than `maxAgeMs`: a by-name query's, or the fleet
   * snapshot's when it has the name (a name it lacks may be a cluster created since: that is
   * worth a query, unless `snapshotMissCounts`).
   */
  private cachedByName(key: string, maxAgeMs: number, snapshotMissCounts: boolean): Cluster[] | undefined {
    const byName = this.byName.get(key);
    const snapshotAt = this.snapshot?.fetchedAt.getTime();
    const newest = byName && (snapshotAt === undefined || byName.fetchedAt >= snapshotAt) ? byName : undefined;
    if (newest && this.ageMs(newest.fetchedAt) < maxAgeMs) return [...newest.clusters];
    if (this.snapshot && this.ageMs(this.snapshot.fetchedAt.getTime()) < maxAgeMs) {
      const named = fleetIndexOf(this.snapshot).clustersNamed(key);
      if (named.length || snapshotMissCounts) return [...named];
    }
    if (byName && this.ageMs(byName.fetchedAt) < maxAgeMs) return [...byName.clusters];
    return undefined;
  }

  /** `onPage`/`onRestart`: a reader that wants each page as it arrives (see streamClusters). */
  private async fetchFleet(onPage?: (clusters: Cluster[]) => void, onRestart?: () => void): Promise<FleetSnapshot> {
    const correlationId = randomUUID();
    const started = this.clock.now().getTime();
    // Each page becomes Cluster objects as it arrives and its raw rows are dropped (a raw row is
    // about three times the size of its Cluster): at 10,000 clusters this keeps ~30 MB of rows from
    // piling up and surviving into the old generation while the other pages download. The
    // snapshot's index (fleet-index.ts) is built between pages too, so no question pays for it later.
    let fleet = new FleetIndexBuilder();
    let invalid = invalidRowsCollector();
    const outcome = await this.runQuery(correlationId, (runner) => runner.forEachPage(buildFleetQuery(), correlationId, (rows) => {
      // Paging can repeat a row when resources change between pages (https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results): add() keeps the first.
      const page: Cluster[] = [];
      for (const cluster of parseClusterRows(rows, invalid.add)) {
        if (fleet.add(cluster)) page.push(cluster);
      }
      onPage?.(page);
    }, () => {
      // The pages did not add up and the query starts over: forget what the broken attempt gave.
      fleet = new FleetIndexBuilder();
      invalid = invalidRowsCollector();
      onRestart?.();
    }));
    const invalidRows = invalid.result();
    if (invalidRows.count > 0) this.logger.warn('resource graph rows skipped: invalid data', { correlationId, skipped: invalidRows.count });
    const snapshot: FleetSnapshot = { clusters: fleet.clusters, fetchedAt: this.clock.now(), source: 'resource-graph', invalidRows };
    fleet.finish(snapshot);
    this.snapshot = snapshot;
    this.logger.info('fleet fetched from resource graph', {
      correlationId, clusters: snapshot.clusters.length, totalRecords: outcome.totalRecords, pages: outcome.pages,
      requests: outcome.requests, waitedMs: snapshot.fetchedAt.getTime() - started,
    });
    return snapshot;
  }

  private async fetchByName(name: string, key: string): Promise<Cluster[]> {
    const correlationId = randomUUID();
    const outcome = await this.runQuery(correlationId, (runner) => runner.run(buildClusterByNameQuery(name), correlationId));
    // `=~` is a case-insensitive equality; filter again so a looser server never widens the answer.
    const clusters = dedupeById(this.parse(outcome.rows, correlationId)).filter((c) => c.name.toLowerCase() === key);
    this.byName.delete(key);
    this.byName.set(key, { clusters, fetchedAt: this.clock.now().getTime() });
    if (this.byName.size > NAME_CACHE_LIMIT) this.byName.delete(this.byName.keys().next().value as string);
    this.logger.debug('cluster looked up by name', { correlationId, matches: clusters.length, requests: outcome.requests });
    return clusters;
  }

  private async runQuery<T>(correlationId: string, work: (runner: ResourceGraphQueryRunner) => Promise<T>): Promise<T> {
    try {
      return await work(this.runner);
    } catch (error) {
      if (error instanceof DirectoryError) throw error;
      this.logger.error('unexpected resource graph failure', { correlationId, error: error as Error });
      throw new DirectoryError('unavailable', 'Azure Resource Graph is unavailable right now; please try again in a minute.', correlationId, { cause: error });
    }
  }

  private parse(rows: unknown[], correlationId: string): Cluster[] {
    let bad = 0;
    const clusters = parseClusterRows(rows, () => bad++);
    if (bad > 0) this.logger.warn('resource graph rows skipped: no id or name', { correlationId, skipped: bad });
    return clusters;
  }

  private ageMs(fetchedAtMs: number): number {
    return this.clock.now().getTime() - fetchedAtMs;
  }
}

/** Builds the Resource Graph ClusterDirectory (the composition root's entry point). */
export function createResourceGraphDirectory(options: ResourceGraphDirectoryOptions): ResourceGraphDirectory {
  return new ResourceGraphDirectory(options);
}

function cleanIds(ids: readonly string[] | undefined): string[] {
  return [...new Set((ids ?? []).map((id) => id.trim()).filter((id) => id !== ''))];
}

/** The first cluster of each id (paging can repeat a row, see fetchFleet). */
function dedupeById(clusters: Cluster[]): Cluster[] {
  const unique = new FleetIndexBuilder();
  for (const cluster of clusters) unique.add(cluster);
  return unique.clusters;
}

function describe(target: ResourceManagerTarget, scope: QueryScope, overridden: boolean): string {
  const parts: string[] = [];
  if (scope.subscriptions.length) parts.push(`${scope.subscriptions.length} subscription${scope.subscriptions.length === 1 ? '' : 's'}`);
  if (scope.managementGroups.length) parts.push(`${scope.managementGroups.length} management group${scope.managementGroups.length === 1 ? '' : 's'}`);
  const where = overridden ? `${target.cloud}, endpoint ${target.endpoint}` : target.cloud;
  return `Azure Resource Graph (${where}; ${parts.length ? parts.join(', ') : 'tenant scope'})`;
}
