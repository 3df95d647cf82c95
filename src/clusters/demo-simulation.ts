import type { ArcClusterRow } from './arc-cluster-row';

/**
 * Makes the bundled demo fleet feel alive, without changing a file given by the operator:
 * - every timestamp is shifted so the newest heartbeat is ~1 minute old "now";
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

export function simulateDemoFleet(rows: ArcClusterRow[], startedAt: Date, now: Date): ArcClusterRow[] {
  const anchor = newestHeartbeat(rows);
  const delta = anchor === undefined ? 0 : now.getTime() - HEARTBEAT_FRESH_MS - anchor;
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
    if (SIMULATED_FLAPPERS.includes(row.name) && offlineNow) {
      properties.connectivityStatus = 'Offline';
      properties.lastConnectivityTime = new Date(cycleStart + OFFLINE_FROM_MS - OFFLINE_AFTER_MS).toISOString();
    }
    return { ...row, properties };
  });
}
