import type { ClusterDirectory } from '../clusters/cluster-directory';
import type { ClusterFinder } from '../clusters/cluster-finder';
import type { Clock } from '../core/clock';

/** What the "Ask" commands need; wired once in the composition root. */
export interface AskDeps {
  directory: ClusterDirectory;
  finder: ClusterFinder;
  clock: Clock;
  /** `FLEET_MAX_AGE_SECONDS`: summaries and lists use a fleet snapshot no older than this. */
  fleetMaxAgeMs: number;
  portalHost: string;
  pageSize: number;
}
