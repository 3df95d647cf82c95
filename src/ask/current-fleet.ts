import type { FleetSnapshot } from '../clusters/cluster-directory';
import { type FleetIndex, fleetIndexOf } from '../clusters/fleet-index';
import type { AskDeps } from './ask-deps';

export interface CurrentFleet {
  snapshot: FleetSnapshot;
  /** Derived data shared by every request on this snapshot (built once for it). */
  index: FleetIndex;
  now: Date;
  /** How old the snapshot is; every card built from it shows this. */
  ageMs: number;
}

/**
 * The shared fleet snapshot chat answers from: the cached one for its whole FLEET_MAX_AGE_SECONDS,
 * and after that still the cached one while one refresh runs in the background (stale-while-revalidate).
 * Only the very first question waits, for the first snapshot.
 */
export async function currentFleet(deps: Pick<AskDeps, 'directory' | 'clock' | 'fleetMaxAgeMs'>): Promise<CurrentFleet> {
  const snapshot = await deps.directory.listClusters({ maxAgeMs: deps.fleetMaxAgeMs, staleWhileRevalidate: true });
  const now = deps.clock.now();
  return { snapshot, index: fleetIndexOf(snapshot), now, ageMs: Math.max(0, now.getTime() - snapshot.fetchedAt.getTime()) };
}
