import type { Message } from '../chat/reply';
import { plainTextOf, prose, says } from '../chat/text';
import { asOfLine } from '../cards/as-of';
import { urgencyBlock } from '../cards/urgency-block';
import type { Cluster } from '../clusters/cluster';
import { assessHealth, type ClusterHealth, formatAge, formatDuration, portalUrl, statusMeaning } from '../clusters/connectivity';
import { expiryUrgency, utcDateTime } from '../clusters/expiry-urgency';
import { acknowledgedBySuffix, acknowledgedText, utcTime } from './alert-acknowledgement';
import { PROBLEM_KINDS, type AlertKind } from './alert-kinds';
import type { ClusterState } from './fleet-diff';
import {
  card, cardSizeBytes, CARD_SIZE_LIMIT_BYTES, commandButton, container, facts, heading, openUrlButton, plain, text, updatingButton,
  type AdaptiveCard, type CardAction, type CardElement,
} from '../cards/adaptive-card';

/** One cluster's alert: what changed (one or more kinds, most important first) and the facts. */
export interface ClusterAlertView {
  kinds: AlertKind[];
  state: ClusterState;
  previousStatus?: string;
  /** Live facts from this poll (absent for a removed cluster). */
  cluster?: Cluster;
  now: Date;
  /** Someone muted the cluster from this card: shown as one line, for everyone who sees the card. */
  muted?: { until: Date; by: string };
  /** Someone has this alert (the Acknowledge button, or `acknowledge <cluster>`): on this card and every reminder until recovery. */
  acknowledged?: { by: string; at: Date };
}

const TITLES: Record<AlertKind, (name: string) => string> = {
  offline: (n) => `🔴 ${n} went Offline`,
  expired: (n) => `⛔ ${n} is Expired`,
  expiring: (n) => `⏳ ${n}: certificate expiring`,
  recovered: (n) => `🟢 ${n} is Connected again`,
  stale: (n) => `🟠 ${n}: no heartbeat for over 15 min`,
  agent: (n) => `⚠️ ${n}: agent out of support`,
  added: (n) => `➕ ${n} joined the fleet`,
  removed: (n) => `➖ ${n} left the fleet`,
};

/** Secondary kinds in one card: "Also: certificate expiring (20 days left)". */
const ALSO: Record<AlertKind, string> = {
  offline: 'went Offline', expired: 'is Expired', expiring: 'certificate expiring', recovered: 'Connected again',
  stale: 'heartbeat stale', agent: 'agent out of support', added: 'joined the fleet', removed: 'left the fleet',
};

const COLOURS: Record<AlertKind, 'attention' | 'warning' | 'good' | 'accent'> = {
  offline: 'attention', expired: 'attention', expiring: 'warning', recovered: 'good', stale: 'warning', agent: 'warning', added: 'accent', removed: 'accent',
};

/** Why it matters, from the Arc docs (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes, https://learn.microsoft.com/azure/azure-arc/kubernetes/faq, https://learn.microsoft.com/azure/azure-arc/kubernetes/agent-upgrade) (the same facts status cards use). */
function likelyMeaning(kind: AlertKind, state: ClusterState, daysLeft?: number): string {
  switch (kind) {
    case 'stale':
      // (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes) Connected = heartbeat within 15 minutes; ARG flips 15-30 min after the last one.
      return 'Resource Graph still says Connected, but the last heartbeat is over 15 minutes old: the cluster is probably losing connectivity and will show Offline soon.';
    case 'expiring':
      // (https://learn.microsoft.com/azure/azure-arc/kubernetes/faq) renewal only happens between day 46 and 90 if the cluster connects.
      return `The managed identity certificate expires in ${daysLeft ?? state.certHorizon} days and is only renewed when the cluster connects. If it expires, the only fix is delete and re-connect.`;
    case 'agent':
      return 'The Arc agents are more than two minor versions behind the latest release (N-2 support window): upgrade with az connectedk8s upgrade.';
    case 'added':
      return 'A new connected cluster appeared in the fleet.';
    case 'removed':
      return 'The cluster is no longer in Resource Graph (deleted, moved, or out of scope).';
    default:
      return `${statusMeaning(state.status).meaning} ${statusMeaning(state.status).firstStep}`;
  }
}

/**
 * Every button names the cluster by resource id, as the status card does: a name can repeat across
 * resource groups/subscriptions. (Mute by id also never shortens a longer mute of this cluster.)
 */
function clusterActions(state: ClusterState, onAlertCard: boolean, portalHost?: string, acknowledgeable = false): CardAction[] {
  return [
    // On the alert card, Refresh redraws that alert with current facts; elsewhere it shows the status.
    onAlertCard ? updatingButton('Refresh', `refresh-alert ${state.id}`) : commandButton('Refresh', `status ${state.id}`),
    commandButton('Diagnose', `diagnose ${state.id}`),
    updatingButton('Mute 1h', `mute ${state.id} 1h`),
    // The answer is this card saying who has it, for everyone in the conversation.
    ...(acknowledgeable ? [updatingButton('Acknowledge', `acknowledge ${state.id}`)] : []),
    openUrlButton('Open in portal', portalUrl(state, portalHost)),
  ];
}

function alertFacts(view: ClusterAlertView, health: ClusterHealth | undefined): CardElement {
  const { state, cluster, now } = view;
  return facts([
    ['Cluster', plain(state.name)],
    ['Status', plain(view.previousStatus && view.previousStatus !== state.status ? `${view.previousStatus} → ${state.status}` : state.status)],
    ['Since', `${formatAge(now.getTime() - Date.parse(state.statusSince))} (${state.statusSince.slice(0, 16).replace('T', ' ')} UTC)`],
    ['Last heartbeat', cluster ? `${formatAge(health?.heartbeatAgeMs)}${cluster.lastConnectivityTime ? ` (${utcDateTime(cluster.lastConnectivityTime)})` : ''}` : undefined],
    // Plain days here: the expiry risk has its own lines on alert cards.
    ['Certificate', health?.certificateDaysLeft !== undefined
      ? `${health.certificateExpired ? 'expired' : `${health.certificateDaysLeft} days left`}${cluster?.certificateExpiresAt ? ` (${utcDateTime(cluster.certificateExpiresAt)})` : ''}`
      : undefined],
    ['Agent', cluster?.agentVersion ? `${plain(cluster.agentVersion)}${state.agentSupported ? '' : ' (out of support)'}` : undefined],
    ['Where', `${plain(state.resourceGroup)} · ${plain(state.location)}`],
  ]);
}

function alertTitle(view: Pick<ClusterAlertView, 'kinds' | 'state'>): string {
  return TITLES[view.kinds[0]](view.state.name);
}

/** The alert card for one cluster: title, facts, meaning, buttons Refresh/Diagnose/Mute 1h/Open in portal. */
/** `portalHost`: the configured cloud's Azure portal (the public one when absent). */
export function buildClusterAlertCard(view: ClusterAlertView, portalHost?: string): { card: AdaptiveCard; text: string } {
  const kind = view.kinds[0];
  const health = view.cluster ? assessHealth(view.cluster, view.now) : undefined;
  const title = alertTitle(view);
  const urgency = view.cluster && health ? expiryUrgency(view.cluster, health, view.now) : undefined;
  // The expiry has its own lead block when urgent; "Also" does not repeat it.
  const also = view.kinds.slice(1).filter((k) => !(urgency && k === 'expiring')).map((k) =>
    k === 'expiring' && health?.certificateDaysLeft !== undefined ? `${ALSO[k]} (${health.certificateDaysLeft} days left)` : ALSO[k]);
  const body: CardElement[] = [heading(plain(title), COLOURS[kind] === 'accent' ? 'accent' : COLOURS[kind])];
  if (view.acknowledged) body.push(text(`✋ ${acknowledgedText(view.acknowledged, view.now, plain)}`, { weight: 'bolder', color: 'good' }));
  if (view.muted) body.push(text(`🔕 Muted until ${utcTime(view.muted.until, view.now)} by ${plain(view.muted.by)}`, { weight: 'bolder' }));
  // Urgent first: an unreachable cluster about to become Expired says when, what then, and what to do now.
  if (urgency) body.push(urgencyBlock(urgency));
  body.push(alertFacts(view, health));
  if (also.length) body.push(text(`Also: ${also.join('; ')}`, { isSubtle: true }));
  body.push(text(likelyMeaning(kind, view.state, health?.certificateDaysLeft)));
  body.push(text(`As of ${utcDateTime(view.now)}`, { isSubtle: true, size: 'small' }));
  // Problem alerts are tracked until recovery, so they can be acknowledged; once acknowledged the button goes.
  const acknowledgeable = PROBLEM_KINDS.has(kind) && !view.acknowledged;
  const c = fit(card(body, view.kinds.includes('removed') ? [] : clusterActions(view.state, true, portalHost, acknowledgeable), title));
  const lead = urgency ? ` ${urgency.headline}. ${urgency.action}` : '';
  const who = view.acknowledged ? ` ${acknowledgedText(view.acknowledged, view.now)}.` : '';
  return { card: c, text: `${title}.${who}${lead} ${likelyMeaning(kind, view.state, health?.certificateDaysLeft)}` };
}

/** Replaces the original alert card in place once the cluster recovered ("Recovered after 2 h 14 min, acknowledged by Ada"). */
export function buildRecoveredAlertCard(
  state: ClusterState, outageMs: number, originalKind: AlertKind | undefined, at?: Date, portalHost?: string, acknowledgedBy?: string,
): { card: AdaptiveCard; text: string } {
  const what = originalKind ? TITLES[originalKind](state.name).replace(/^\S+\s/, '') : `${state.name} had a problem`;
  const title = `✅ ${state.name}: recovered after ${formatDuration(outageMs)}${acknowledgedBySuffix(acknowledgedBy)}`;
  const c = card(
    [
      heading(plain(title), 'good'), text(`Was: ${plain(what)}.`, { isSubtle: true }),
      facts([['Cluster', plain(state.name)], ['Status', plain(state.status)], ['Where', `${plain(state.resourceGroup)} · ${plain(state.location)}`]]),
      ...(at ? [text(`As of ${utcDateTime(at)}`, { isSubtle: true, size: 'small' })] : []),
    ],
    [commandButton('Refresh', `status ${state.id}`), openUrlButton('Open in portal', portalUrl(state, portalHost))],
    title,
  );
  return { card: c, text: title };
}

/** The short message posted next to the in-place update; who acknowledged it is a person's name, data. */
export function recoveryMessage(state: ClusterState, outageMs: number, acknowledgedBy?: string): Message {
  const who = acknowledgedBy ? says`, acknowledged by ${acknowledgedBy}` : [];
  const segments = says`🟢 ${state.name} is Connected again (recovered after ${prose(formatDuration(outageMs))}${who}).`;
  return { text: plainTextOf(segments), segments };
}

export interface DigestEntry {
  kinds: AlertKind[];
  state: ClusterState;
}

const DIGEST_TOP = 10;

const GROUP_PHRASES: Record<AlertKind, string> = {
  offline: 'went Offline', expired: 'became Expired', expiring: 'have a certificate expiring', recovered: 'are Connected again',
  stale: 'stopped sending heartbeats', agent: 'fell out of agent support', added: 'joined the fleet', removed: 'left the fleet',
};

/** Headline per kind: "37 clusters went Offline in westeurope" (region named when they share one). */
export function digestHeadlines(entries: DigestEntry[]): string[] {
  const byKind = new Map<AlertKind, DigestEntry[]>();
  for (const e of entries) {
    const list = byKind.get(e.kinds[0]) ?? [];
    list.push(e);
    byKind.set(e.kinds[0], list);
  }
  return [...byKind.entries()].map(([kind, list]) => {
    const regions = new Set(list.map((e) => e.state.location));
    const where = regions.size === 1 ? ` in ${[...regions][0]}` : ` in ${regions.size} regions`;
    const noun = list.length === 1 ? 'cluster' : 'clusters';
    const phrase = list.length === 1 ? GROUP_PHRASES[kind].replace(/^are /, 'is ').replace(/^have /, 'has ') : GROUP_PHRASES[kind];
    return `${list.length} ${noun} ${phrase}${where}`;
  });
}

/** ONE card for many changes in one poll: headlines, the top 10 clusters, the rest counted. */
export function buildDigestCard(entries: DigestEntry[], now: Date, note?: string): { card: AdaptiveCard; text: string } {
  const order = ['expired', 'offline', 'stale', 'expiring', 'agent', 'removed', 'added', 'recovered'];
  const sorted = [...entries].sort((a, b) => order.indexOf(a.kinds[0]) - order.indexOf(b.kinds[0]) || a.state.name.localeCompare(b.state.name));
  const headlines = digestHeadlines(sorted);
  const top = sorted.slice(0, DIGEST_TOP);
  const rest = sorted.length - top.length;
  // Headlines name Azure regions: data, through plain().
  const body: CardElement[] = [heading(`📣 ${plain(headlines[0])}`, 'attention')];
  if (headlines.length > 1) body.push(text(plain(headlines.slice(1).join(' · '))));
  if (note) body.push(text(note, { color: 'warning' }));
  body.push(container(top.map((e) => text(`${TITLES[e.kinds[0]](plain(e.state.name))} · ${plain(e.state.resourceGroup)} · ${plain(e.state.location)}`, { size: 'small' }))));
  if (rest > 0) body.push(text(`…and ${rest} more.`, { isSubtle: true }));
  body.push(text(`As of ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC. Cluster cards are not posted one by one during a mass change.`, { isSubtle: true, size: 'small' }));
  const c = fit(card(body, [commandButton('Show offline clusters', 'clusters offline'), commandButton('Fleet summary', 'summary')], headlines.join('; ')));
  return { card: c, text: [headlines.join('; '), note].filter(Boolean).join('. ') };
}

/**
 * `acknowledgedBy`: who has the open alert of a listed cluster (by resource id lower-cased), said on its line.
 * `at`: the poll that found the mute over (absent in cards queued before it was recorded).
 */
export function buildMuteEndedCard(
  filterText: string, stillUnhealthy: ClusterState[], suppressed: number, portalHost?: string, acknowledgedBy: Record<string, string> = {}, at?: Date,
): { card: AdaptiveCard; text: string } {
  const title = `🔔 Mute ended for ${filterText}: ${stillUnhealthy.length} ${stillUnhealthy.length === 1 ? 'cluster is' : 'clusters are'} still unhealthy`;
  const top = stillUnhealthy.slice(0, DIGEST_TOP);
  const body: CardElement[] = [
    heading(plain(title), 'warning'),
    ...top.map((s) => {
      const who = acknowledgedBy[s.id.toLowerCase()];
      return text(`${plain(s.name)}: ${plain(s.status)}${s.heartbeatStale ? ' (heartbeat stale)' : ''}${s.certHorizon ? ` (certificate ≤ ${s.certHorizon} days)` : ''}${who ? ` · ✋ acknowledged by ${plain(who)}` : ''}`);
    }),
  ];
  if (stillUnhealthy.length > top.length) body.push(text(`…and ${stillUnhealthy.length - top.length} more.`, { isSubtle: true }));
  if (suppressed) body.push(text(`${suppressed} alert${suppressed === 1 ? ' was' : 's were'} recorded, not posted, while muted.`, { isSubtle: true }));
  if (at) body.push(asOfLine(at));
  const actions = stillUnhealthy.length === 1 ? clusterActions(stillUnhealthy[0], false, portalHost) : [commandButton('Show offline clusters', 'clusters offline')];
  return { card: fit(card(body, actions, title)), text: title };
}

/** Keeps a card under the 28 KB ceiling (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages) by trimming the longest list. */
function fit(c: AdaptiveCard): AdaptiveCard {
  while (cardSizeBytes(c) > CARD_SIZE_LIMIT_BYTES) {
    const list = c.body.find((e) => e.type === 'Container' && Array.isArray(e.items) && (e.items as unknown[]).length > 1);
    if (!list) break;
    (list.items as unknown[]).pop();
  }
  return c;
}
