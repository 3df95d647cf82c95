import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { KeyValueStorage } from '../storage/key-value-storage';
import type { HealthReport } from './server';

/** What the monitor tells about itself (ConnectivityMonitor.status); only what health decides on. */
export interface MonitorHealth {
  consecutiveFailures: number;
  degraded: boolean;
  pendingAlerts: number;
  oldestPendingAlertAgeSeconds?: number;
}

export interface HealthInputs {
  storage: KeyValueStorage;
  /** The SQLite file the storage lives in, when the app owns one: it must still exist. */
  storageFile?: string;
  monitor: () => Promise<MonitorHealth>;
  /** `MONITOR_DEGRADED_AFTER`: this many failed polls in a row and the cluster source counts as down. */
  degradedAfterFailures: number;
  /** `HEALTH_MAX_ALERT_AGE_MINUTES`: a pending alert older than this means delivery is not keeping up. */
  maxPendingAlertAgeMs: number;
  /** Says what data the store lost, if it did (e.g. subscriptions known but no fleet memory). */
  lostData?: () => Promise<string | undefined>;
  /** Alerts recorded as undeliverable (kept for the outbox retention). */
  undeliverableAlerts?: () => Promise<number>;
  /** Which replica this is and its role (known locally, shown even when storage does not answer). */
  replica?: () => { role: 'leader' | 'standby'; replicaId: string };
  /** Who leads and the last poll by any replica, from storage. */
  replication?: () => Promise<ReplicationStatus>;
  /** No poll by any replica for longer than this is a problem (the monitor is down everywhere). */
  maxPollGapMs?: number;
  /** Shown as they are (cluster source, storage kind, ...). */
  details?: Record<string, unknown>;
  now: () => Date;
}

export interface ReplicationStatus {
  leaseHolder?: string;
  lastPollAt?: string;
  lastPollBy?: string;
}

/** One probe document per process: replicas checking health at once must not see each other's stamp. */
const PROBE_KEY = `health/probe-${randomUUID()}`;
/** A health check that itself hangs would make the orchestrator's probe time out instead of learning why. */
const CHECK_DEADLINE_MS = 2000;

/**
 * /healthz: 200 only when the bot can do its job. 503 with the reasons when storage cannot be
 * written and read back (or its file is gone), when the cluster source has failed for
 * MONITOR_DEGRADED_AFTER polls in a row, when alerts wait longer than the threshold, or when the
 * store lost data. Reasons are fixed phrases: no internal error text.
 */
export async function healthReport(inputs: HealthInputs): Promise<HealthReport> {
  const problems: string[] = [];
  const storageProblem = await withDeadline(storageHealth(inputs), 'storage did not answer in time');
  if (storageProblem) problems.push(storageProblem);

  const monitor = await withDeadline(inputs.monitor(), undefined);
  if (!monitor) {
    problems.push('the monitor status could not be read');
  } else {
    if (monitor.degraded || monitor.consecutiveFailures >= inputs.degradedAfterFailures) {
      problems.push(`the cluster source has failed ${monitor.consecutiveFailures} polls in a row`);
    }
    const oldestMs = (monitor.oldestPendingAlertAgeSeconds ?? 0) * 1000;
    if (oldestMs > inputs.maxPendingAlertAgeMs) {
      problems.push(`an alert has waited ${Math.round(oldestMs / 60_000)} min for delivery`);
    }
  }
  if (!storageProblem && inputs.lostData) {
    const lost = await withDeadline(inputs.lostData().catch(() => undefined), undefined);
    if (lost) problems.push(lost);
  }
  const replication = inputs.replication ? await withDeadline(inputs.replication().catch(() => undefined), undefined) : undefined;
  const minutesSinceLastPoll = replication?.lastPollAt ? Math.floor((inputs.now().getTime() - Date.parse(replication.lastPollAt)) / 60_000) : undefined;
  if (replication?.lastPollAt && inputs.maxPollGapMs !== undefined && inputs.now().getTime() - Date.parse(replication.lastPollAt) > inputs.maxPollGapMs) {
    problems.push(`no replica has polled the fleet for ${minutesSinceLastPoll} min`);
  }
  const undeliverableAlerts = inputs.undeliverableAlerts ? await withDeadline(inputs.undeliverableAlerts().catch(() => undefined), undefined) : undefined;
  return {
    healthy: problems.length === 0,
    ...(problems.length ? { problems } : {}),
    ...inputs.details,
    ...(inputs.replica ? inputs.replica() : {}),
    ...(replication ? { ...replication, minutesSinceLastPoll } : {}),
    ...(monitor ? { monitor } : {}),
    ...(undeliverableAlerts !== undefined ? { undeliverableAlerts } : {}),
  };
}

/** Writes a probe document and reads it back: a read-only, full or vanished store fails here. */
async function storageHealth(inputs: HealthInputs): Promise<string | undefined> {
  if (inputs.storageFile && !existsSync(inputs.storageFile)) return 'the storage file is gone';
  const stamp = inputs.now().toISOString();
  try {
    await inputs.storage.write({ [PROBE_KEY]: { stamp, eTag: '*' } });
  } catch {
    return 'storage cannot be written';
  }
  try {
    const read = await inputs.storage.read([PROBE_KEY]);
    if ((read[PROBE_KEY] as { stamp?: string } | undefined)?.stamp !== stamp) return 'storage does not return what was written';
  } catch {
    return 'storage cannot be read';
  }
  // Best effort: a probe per process must not pile up in the store over restarts.
  await inputs.storage.delete([PROBE_KEY]).catch(() => undefined);
  return undefined;
}

async function withDeadline<T, F>(work: Promise<T>, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<F>((resolve) => { timer = setTimeout(() => resolve(fallback), CHECK_DEADLINE_MS); });
  try {
    return await Promise.race([work.catch(() => fallback), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
