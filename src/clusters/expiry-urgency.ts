import type { Cluster } from './cluster';
import { type ClusterHealth, formatDuration } from './connectivity';

/**
 * The one thing that matters most when a cluster that is not Connected is about to lose its
 * certificate: the managed identity certificate is renewed only while the cluster connects, and
 * once it has expired the cluster is Expired and must be deleted and onboarded again
 * (https://learn.microsoft.com/azure/azure-arc/kubernetes/faq,
 * https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes).
 * Status cards, alert cards, the first diagnose step and the findings all lead with it.
 */
export interface ExpiryUrgency {
  expiresAt: Date;
  /** "2026-12-05 14:02 UTC" */
  absolute: string;
  /** "in 3 d 2 h" */
  relative: string;
  /** "Certificate expires 2026-12-05 14:02 UTC (in 3 d 2 h)" */
  headline: string;
  /** What happens at expiry. */
  consequence: string;
  /** The one thing to do now. */
  action: string;
}

export function utcDateTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Undefined unless the cluster is at risk of Expired (`ClusterHealth.expiryRisk`). */
export function expiryUrgency(cluster: Pick<Cluster, 'certificateExpiresAt'>, health: Pick<ClusterHealth, 'expiryRisk'>, now: Date): ExpiryUrgency | undefined {
  const expiresAt = cluster.certificateExpiresAt;
  if (!health.expiryRisk || !expiresAt) return undefined;
  const absolute = utcDateTime(expiresAt);
  const relative = `in ${formatDuration(Math.max(0, expiresAt.getTime() - now.getTime()))}`;
  return {
    expiresAt,
    absolute,
    relative,
    headline: `Certificate expires ${absolute} (${relative})`,
    consequence: 'At expiry the cluster becomes Expired: then the only fix is to delete its Azure Arc resource and onboard it again, re-creating its extensions and configurations.',
    action: `Do now: restore connectivity before ${absolute}. The certificate renews by itself once the cluster connects.`,
  };
}

/** The urgency as lines of plain text (status text, alert text, findings text). */
export function urgencyLines(u: ExpiryUrgency): string[] {
  return [`⏳ ${u.headline}`, u.consequence, u.action];
}
