import type { ArcClusterRow } from './arc-cluster-row';

/**
 * Makes the bundled demo fleet feel alive, without changing a file given by the operator:
 * - every timestamp is shifted once, so the newest heartbeat is ~1 minute old when the bot starts;
 *   from then on time passes: an Offline cluster's heartbeat ages and certificates get closer to
 *   expiry, while a Connected cluster with a fresh heartbeat keeps heartbeating every few minutes;
 * - a few clusters move between statuses on a fixed cycle, so a newcomer who types
 *   `subscribe` sees an alert (and a recovery) within minutes.
 * Pure: the rows, the process start time and now are inputs.
 */
export const SIMULATION_CYCLE_MS = 12 * 60_000;
/** Within each cycle the flappers are Offline from minute 3 to minute 9 (long enough to pass flap damping). */
const OFFLINE_FROM_MS = 3 * 60_000;
const OFFLINE_UNTIL_MS = 9 * 60_000;
export const SIMULATED_FLAPPERS = ['store-0147', 'factory-osaka-01'];
const HEARTBEAT_FRESH_MS = 60_000;
/** Offline is reported 15 minutes after the last heartbeat (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes); keep the demo consistent with it. */
const OFFLINE_AFTER_MS = 15 * 60_000;
/** How often a Connected demo cluster heartbeats (the demo's own choice, well inside the 15 minutes). */
export const DEMO_HEARTBEAT_INTERVAL_MS = 5 * 60_000;

function newestHeartbeat(rows: ArcClusterRow[]): number | undefined {
  let newest: number | undefined;
  for (const row of rows) {
    const t = Date.parse(String(row.properties?.lastConnectivityTime ?? ''));
    if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
  }
  return newest;
}

function shift(value: unknown, deltaMs: number): unknown {
  if (typeof value !== 'string') return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t + deltaMs).toISOString();
}

/**
 * The last heartbeat of a Connected cluster that was heartbeating at the start: the latest beat
 * (every DEMO_HEARTBEAT_INTERVAL_MS since its first one) not after `now`. Undefined when its
 * heartbeat was already stale at the start: that one just ages.
 */
function lastBeat(firstBeat: number, startedAt: number, now: number): number | undefined {
  if (startedAt - firstBeat >= OFFLINE_AFTER_MS) return undefined;
  if (now <= firstBeat) return firstBeat;
  return firstBeat + Math.floor((now - firstBeat) / DEMO_HEARTBEAT_INTERVAL_MS) * DEMO_HEARTBEAT_INTERVAL_MS;
}

export function simulateDemoFleet(rows: ArcClusterRow[], startedAt: Date, now: Date): ArcClusterRow[] {
  const anchor = newestHeartbeat(rows);
  const delta = anchor === undefined ? 0 : startedAt.getTime() - HEARTBEAT_FRESH_MS - anchor;
  const elapsed = Math.max(0, now.getTime() - startedAt.getTime());
  const inCycle = elapsed % SIMULATION_CYCLE_MS;
  const cycleStart = now.getTime() - inCycle;
  const offlineNow = inCycle >= OFFLINE_FROM_MS && inCycle < OFFLINE_UNTIL_MS;

  return rows.map((row) => {
    const p = row.properties ?? {};
    const properties = {
      ...p,
      lastConnectivityTime: shift(p.lastConnectivityTime, delta) as string | null | undefined,
      managedIdentityCertificateExpirationTime: shift(p.managedIdentityCertificateExpirationTime, delta) as string | null | undefined,
    };
    const firstBeat = Date.parse(String(properties.lastConnectivityTime ?? ''));
    if (p.connectivityStatus === 'Connected' && !Number.isNaN(firstBeat)) {
      const beat = lastBeat(firstBeat, startedAt.getTime(), now.getTime());
      if (beat !== undefined) properties.lastConnectivityTime = new Date(beat).toISOString();
    }
    if (SIMULATED_FLAPPERS.includes(row.name) && offlineNow) {
      properties.connectivityStatus = 'Offline';
      properties.lastConnectivityTime = new Date(cycleStart + OFFLINE_FROM_MS - OFFLINE_AFTER_MS).toISOString();
    }
    return { ...row, properties };
  });
}
