/**
 * Kinds of event the monitor alerts on. The user-facing words are what `subscribe` accepts
 * after the filter, e.g. `subscribe rg edge-prod offline expired`.
 */
export const ALERT_KINDS = ['offline', 'expired', 'expiring', 'recovered', 'stale', 'agent', 'added', 'removed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_DESCRIPTIONS: Record<AlertKind, string> = {
  offline: 'became Offline',
  expired: 'became Expired (certificate expired)',
  expiring: 'certificate expiring (30, 14, 7, 1 days left while not Connected)',
  recovered: 'became Connected again',
  stale: 'no heartbeat for 15 min while Resource Graph still says Connected',
  agent: 'agent version fell out of N-2 support',
  added: 'cluster added to the fleet',
  removed: 'cluster removed from the fleet',
};

export function isAlertKind(word: string): word is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(word);
}

/** Which kinds are bad news (a later recovery updates their card). */
export const PROBLEM_KINDS: ReadonlySet<AlertKind> = new Set(['offline', 'expired', 'expiring', 'stale', 'agent']);

/** When several events hit one cluster in one poll, the card leads with the most important one. */
export const KIND_PRIORITY: AlertKind[] = ['expired', 'offline', 'stale', 'expiring', 'recovered', 'agent', 'removed', 'added'];
