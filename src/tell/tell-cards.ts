import { cardCatalogue, type RenderContext } from '../cards/card-catalogue';
import { fromClusterFacts, type ClusterFacts } from '../clusters/cluster-facts';
import {
  buildClusterAlertCard, buildDigestCard, buildMuteEndedCard, buildRecoveredAlertCard, type ClusterAlertView, type DigestEntry,
} from './alert-cards';
import { buildMonitoringDegradedCard, buildMonitoringRestoredCard, buildMonitoringResumedCard } from './monitoring-cards';
import type { AlertKind } from './alert-kinds';
import type { ClusterState } from './fleet-diff';

/*
 * Alert messages wait in the outbox (storage) until Teams accepts them, so every model here is
 * plain JSON: dates as ISO strings, the cluster as ClusterFacts. The builders get their usual types.
 */
export interface ClusterAlertModel {
  kinds: AlertKind[];
  state: ClusterState;
  previousStatus?: string;
  cluster?: ClusterFacts;
  now: string;
  /** Set when someone muted the cluster from this card. */
  muted?: { until: string; by: string };
  /** Set when someone acknowledged this alert (here or on an earlier card for it): who and when (ISO). */
  acknowledged?: { by: string; at: string };
}

export interface RecoveredAlertModel { state: ClusterState; outageMs: number; originalKind?: AlertKind; at?: string; acknowledgedBy?: string }
export interface DigestModel { entries: DigestEntry[]; now: string; note?: string }
/* `at`: when the poll behind the notice ran (absent in notices queued before it was recorded). */
export interface MuteEndedModel { filterText: string; stillUnhealthy: ClusterState[]; suppressed: number; acknowledgedBy?: Record<string, string>; at?: string }
export interface MonitoringDegradedModel { failures: number; reason: string; partial?: { read: number; known: number }; at?: string }
export interface MonitoringRestoredModel { downMs: number; at?: string }
export interface MonitoringResumedModel { gapMs: number; at?: string }

const dateOf = (iso?: string) => (iso ? new Date(iso) : undefined);

export function clusterAlertView(m: ClusterAlertModel): ClusterAlertView {
  return {
    kinds: m.kinds, state: m.state, previousStatus: m.previousStatus, cluster: m.cluster && fromClusterFacts(m.cluster), now: new Date(m.now),
    ...(m.muted ? { muted: { until: new Date(m.muted.until), by: m.muted.by } } : {}),
    ...(m.acknowledged ? { acknowledged: { by: m.acknowledged.by, at: new Date(m.acknowledged.at) } } : {}),
  };
}

/** The Tell feature's cards: alerts, their in-place recovery, digests and monitoring notices. */
export const tellCards = cardCatalogue({
  'cluster-alert': (m: ClusterAlertModel, context?: RenderContext) => buildClusterAlertCard(clusterAlertView(m), context?.portalHost).card,
  'alert-recovered': (m: RecoveredAlertModel, context?: RenderContext) => buildRecoveredAlertCard(m.state, m.outageMs, m.originalKind, m.at ? new Date(m.at) : undefined, context?.portalHost, m.acknowledgedBy).card,
  'alert-digest': (m: DigestModel) => buildDigestCard(m.entries, new Date(m.now), m.note).card,
  'mute-ended': (m: MuteEndedModel, context?: RenderContext) => buildMuteEndedCard(m.filterText, m.stillUnhealthy, m.suppressed, context?.portalHost, m.acknowledgedBy, dateOf(m.at)).card,
  'monitoring-degraded': (m: MonitoringDegradedModel) => buildMonitoringDegradedCard(m.failures, m.reason, m.partial, dateOf(m.at)).card,
  'monitoring-restored': (m: MonitoringRestoredModel) => buildMonitoringRestoredCard(m.downMs, dateOf(m.at)).card,
  'monitoring-resumed': (m: MonitoringResumedModel) => buildMonitoringResumedCard(m.gapMs, dateOf(m.at)).card,
});
