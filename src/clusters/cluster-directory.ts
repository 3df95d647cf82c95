import type { Cluster } from './cluster';

/** A consistent view of the whole fleet at one moment. */
export interface FleetSnapshot {
  clusters: Cluster[];
  fetchedAt: Date;
  /** Where it came from ("demo:/path", "resource-graph"), for logs and /healthz. */
  source: string;
  /** Rows the source returned that are not usable clusters (no id, name or connectivity status). */
  invalidRows?: InvalidRows;
  /**
   * Set when this is the last good fleet served because the source cannot be read now: fine for a
   * chat answer that shows its age, never a fresh observation for the monitor.
   */
  staleBecause?: string;
}

export interface InvalidRows {
  count: number;
  /** Ids of invalid rows that named a cluster: that cluster is unreadable this time, not gone. */
  clusterIds: string[];
}

/** Collects the invalid rows of one read (pass `add` as parseClusterRows' bad-row callback). */
export function invalidRowsCollector(): { add: (index: number, error: { clusterId?: string }) => void; result: () => InvalidRows } {
  let count = 0;
  const clusterIds: string[] = [];
  return {
    add: (_index, error) => {
      count++;
      if (error.clusterId) clusterIds.push(error.clusterId);
    },
    result: () => ({ count, clusterIds }),
  };
}

/**
 * Where clusters come from. Two query shapes only: the whole fleet, and one cluster by
 * name. Summaries, lists and the monitor are computed in-process from a fleet snapshot.
 */
export interface ClusterDirectory {
  /** Human description for /healthz and logs, e.g. "demo fleet (data/demo-fleet.json)". */
  readonly description: string;
  /**
   * Every cluster in scope, sorted by id. The same snapshot (and the same `clusters` array, which
   * callers must not modify) is handed out until the fleet is read again, so derived data can be
   * built once per snapshot (src/clusters/fleet-index.ts).
   */
  listClusters(options?: ListClustersOptions): Promise<FleetSnapshot>;
  /** Clusters whose name equals `name` case-insensitively (several when the name repeats across RGs/subscriptions). */
  getClustersByName(name: string, options?: ByNameOptions): Promise<Cluster[]>;
  /**
   * Optional: the whole fleet, fresh, handed over page by page as it arrives, for a reader that
   * diffs it as it goes (the monitor) instead of waiting for every cluster; resolves with the same
   * fleet as a snapshot once all pages are in. A cluster may repeat across pages (the reader keeps
   * the first); `onRestart` means the pages did not add up and the fleet starts over (forget what
   * came so far). Rejects as listClusters does.
   */
  streamClusters?(onPage: (clusters: Cluster[]) => void, onRestart: () => void): Promise<FleetSnapshot>;
}

export interface ListClustersOptions {
  /** Accept a cached snapshot younger than this. */
  maxAgeMs?: number;
  /**
   * Chat's choice: when the cached snapshot is older than `maxAgeMs`, answer with it anyway and
   * start one refresh in the background (its age is on every card), instead of waiting for it.
   */
  staleWhileRevalidate?: boolean;
}

export interface ByNameOptions {
  /**
   * An explicit Refresh: read this cluster from the source rather than from a cached answer, unless
   * one is only seconds old (so a crowd refreshing one cluster shares one read). When the source's
   * quota is spent, the cached answer is given instead of waiting.
   */
  refresh?: boolean;
}

export type DirectoryErrorKind = 'throttled' | 'forbidden' | 'unauthorized' | 'unavailable' | 'timeout' | 'invalid-query' | 'source-broken';

/**
 * A failure of the cluster source that is safe to show a user: `userMessage` is one clear sentence;
 * details go to the log with `correlationId`.
 */
export class DirectoryError extends Error {
  constructor(
    readonly kind: DirectoryErrorKind,
    readonly userMessage: string,
    readonly correlationId: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(userMessage, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'DirectoryError';
    this.retryAfterMs = options?.retryAfterMs;
  }
  readonly retryAfterMs?: number;
}

/** Azure resource names for connected clusters: 1-63 chars of letters, digits, '-', '_', '.'; starts alnum. */
const CLUSTER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export function isValidClusterName(name: string): boolean {
  return CLUSTER_NAME_PATTERN.test(name);
}
