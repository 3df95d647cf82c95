import type { Message } from '../chat/reply';
import { toClusterFacts } from '../clusters/cluster-facts';
import {
  buildClusterAlertCard, buildDigestCard, buildMuteEndedCard, buildRecoveredAlertCard, type ClusterAlertView, type DigestEntry,
} from './alert-cards';
import { buildMonitoringDegradedCard, buildMonitoringRestoredCard, buildMonitoringResumedCard } from './monitoring-cards';
import type { AlertKind } from './alert-kinds';
import type { ClusterState } from './fleet-diff';
import { tellCards } from './tell-cards';

/** The messages the monitor queues: plain text plus the card to render at send time (see tell-cards.ts). */
export function clusterAlertMessage(view: ClusterAlertView): Message {
  const model = {
    kinds: view.kinds, state: view.state, previousStatus: view.previousStatus, cluster: view.cluster && toClusterFacts(view.cluster), now: view.now.toISOString(),
    ...(view.acknowledged ? { acknowledged: { by: view.acknowledged.by, at: view.acknowledged.at.toISOString() } } : {}),
  };
  return { text: buildClusterAlertCard(view).text, view: tellCards.view('cluster-alert', model) };
}

export function recoveredAlertMessage(state: ClusterState, outageMs: number, originalKind: AlertKind | undefined, at?: Date, acknowledgedBy?: string): Message {
  const model = { state, outageMs, originalKind, ...(at ? { at: at.toISOString() } : {}), ...(acknowledgedBy ? { acknowledgedBy } : {}) };
  return { text: buildRecoveredAlertCard(state, outageMs, originalKind, undefined, undefined, acknowledgedBy).text, view: tellCards.view('alert-recovered', model) };
}

export function digestMessage(entries: DigestEntry[], now: Date, note?: string): Message {
  return { text: buildDigestCard(entries, now, note).text, view: tellCards.view('alert-digest', { entries, now: now.toISOString(), ...(note ? { note } : {}) }) };
}

/*
 * `acknowledgedBy`: who has the alert of a still-unhealthy cluster, by resource id lower-cased.
 * `at`: when the poll behind a notice ran; its card says so ("As of ...").
 */
export function muteEndedMessage(filterText: string, stillUnhealthy: ClusterState[], suppressed: number, acknowledgedBy: Record<string, string> = {}, at?: Date): Message {
  const model = { filterText, stillUnhealthy, suppressed, ...(Object.keys(acknowledgedBy).length ? { acknowledgedBy } : {}), ...isoAt(at) };
  return { text: buildMuteEndedCard(filterText, stillUnhealthy, suppressed).text, view: tellCards.view('mute-ended', model) };
}

export function monitoringDegradedMessage(failures: number, reason: string, partial?: { read: number; known: number }, at?: Date): Message {
  return { text: buildMonitoringDegradedCard(failures, reason, partial).text, view: tellCards.view('monitoring-degraded', { failures, reason, ...(partial ? { partial } : {}), ...isoAt(at) }) };
}

export function monitoringRestoredMessage(downMs: number, at?: Date): Message {
  return { text: buildMonitoringRestoredCard(downMs).text, view: tellCards.view('monitoring-restored', { downMs, ...isoAt(at) }) };
}

export function monitoringResumedMessage(gapMs: number, at?: Date): Message {
  return { text: buildMonitoringResumedCard(gapMs).text, view: tellCards.view('monitoring-resumed', { gapMs, ...isoAt(at) }) };
}

function isoAt(at?: Date): { at?: string } {
  return at ? { at: at.toISOString() } : {};
}
