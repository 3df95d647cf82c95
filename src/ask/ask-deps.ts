import type { ClusterDirectory } from '../clusters/cluster-directory';
import type { ClusterFinder } from '../clusters/cluster-finder';
import type { Clock } from '../core/clock';

/** What the "Ask" commands need; wired once in the composition root. */
export interface AskDeps {
  directory: ClusterDirectory;
  finder: ClusterFinder;
  clock: Clock;
  /** Summaries and lists use a fleet snapshot no older than this (default 60 s). */
  fleetMaxAgeMs: number;
  portalHost: string;
  pageSize: number;
}
