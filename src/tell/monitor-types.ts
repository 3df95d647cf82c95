import type { ClusterEvent } from './fleet-diff';

/** The monitor's settings; the values (and their defaults) come from the configuration (`AppConfig.monitor`). */
export interface MonitorOptions {
  /** `MONITOR_INTERVAL_SECONDS` (1-2 s work with the demo source). */
  intervalMs: number;
  /** `ALERT_CONFIRMATIONS`: consecutive polls a change must be seen in. */
  confirmations: number;
  /** `ALERT_DIGEST_THRESHOLD`: more clusters changing at once -> one digest per conversation. */
  digestThreshold: number;
  /** `MONITOR_DEGRADED_AFTER`: consecutive failed polls before the one "degraded" card. */
  degradedAfterFailures: number;
  /** `FLEET_REMOVAL_CONFIRM_MINUTES`: a missing cluster is "removed" only after this long too. */
  removalMinMs: number;
  /** `FLEET_DROP_GUARD_PERCENT`: a read losing more than this share of the fleet is a source fault. */
  dropGuardPercent: number;
}

export interface MonitorStatus {
  running: boolean;
  lastSuccessfulPollAt?: string;
  consecutiveFailures: number;
  degraded: boolean;
  pendingAlerts: number;
  oldestPendingAlertAgeSeconds?: number;
  /** The last fleet read: clusters it returned, rows that were invalid data, and whether it was believed. */
  lastRead?: { at: string; clusters: number; invalidRows: number; trusted: boolean };
}

export type TickOutcome =
  | { kind: 'baseline'; clusters: number }
  | { kind: 'observed'; events: ClusterEvent[]; enqueued: number; suppressed: number }
  | { kind: 'directory-failed'; consecutiveFailures: number; degradedNotice: boolean }
  | { kind: 'read-distrusted'; read: number; known: number; consecutiveFailures: number; degradedNotice: boolean };
