import { urgencyBlock } from '../cards/urgency-block';
import type { Cluster } from '../clusters/cluster';
import { type ClusterHealth, formatAge, portalUrl, statusMeaning } from '../clusters/connectivity';
import { type AdaptiveCard, type CardElement, card, commandButton, container, facts, openUrlButton, plain, text, updatingButton } from '../cards/adaptive-card';
import { expiryUrgency, urgencyLines, utcDateTime } from '../clusters/expiry-urgency';

export interface StatusView {
  cluster: Cluster;
  health: ClusterHealth;
  portalHost?: string;
  /** When the data was read (the fleet snapshot's time). */
  asOf?: Date;
  /** How old the data was when answered (shown next to asOf: chat may answer from an older snapshot while a new one is read). */
  ageMs?: number;
}

/** "2026-11-25 12:00 UTC (3 min ago)": when the data was read and, when known, how old it was when answered. */
export function readAtText(asOf: Date, ageMs: number | undefined, format: (d: Date) => string = utcDateTime): string {
  return `${format(asOf)}${ageMs === undefined ? '' : ` (${formatAge(ageMs)})`}`;
}

function certificateText(c: Cluster, h: ClusterHealth): string | undefined {
  if (h.certificateDaysLeft === undefined) return undefined;
  const at = c.certificateExpiresAt ? ` (${utcDateTime(c.certificateExpiresAt)})` : '';
  if (h.certificateExpired) {
    // certificateDaysLeft is floored: -4 means it expired between 3 and 4 days ago.
    const fullDays = -h.certificateDaysLeft - 1;
    return `${fullDays < 1 ? 'expired less than a day ago' : `expired ${fullDays} day${fullDays === 1 ? '' : 's'} ago`}${at}`;
  }
  return `${h.certificateDaysLeft} day${h.certificateDaysLeft === 1 ? '' : 's'} left${at}${h.expiryRisk ? ' ⚠️ at risk of Expired' : ''}`;
}

function heartbeatText(c: Cluster, h: ClusterHealth): string {
  return `${formatAge(h.heartbeatAgeMs)}${c.lastConnectivityTime ? ` (${utcDateTime(c.lastConnectivityTime)})` : ''}`;
}

function agentText(c: Cluster, h: ClusterHealth): string | undefined {
  if (!c.agentVersion) return undefined;
  if (!h.agent) return c.agentVersion;
  return h.agent.supported
    ? `${c.agentVersion} (supported; latest ${h.agent.latest})`
    : `${c.agentVersion} ⚠️ out of support (latest ${h.agent.latest}, N-2 window)`;
}

function distributionText(c: Cluster): string | undefined {
  const parts = [c.distribution, c.distributionVersion].filter(Boolean).join(' ');
  return [parts, c.infrastructure].filter(Boolean).join(' on ') || undefined;
}

/**
 * Azure allows 50 tags of up to 512 + 256 characters (~38 KB), more than a whole card may hold
 * (28 KB, https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages): show tags up to a budget and count the rest.
 */
const TAGS_TEXT_BUDGET = 4000;
function tagsText(tags: Record<string, string>): string | undefined {
  const all = Object.entries(tags).map(([k, v]) => `${k}=${v}`);
  const shown: string[] = [];
  let length = 0;
  for (const tag of all) {
    if (length + tag.length > TAGS_TEXT_BUDGET && shown.length) break;
    shown.push(tag.length > TAGS_TEXT_BUDGET ? `${tag.slice(0, TAGS_TEXT_BUDGET)}…` : tag);
    length += tag.length + 2;
  }
  const more = all.length - shown.length;
  return shown.join(', ') + (more ? ` …and ${more} more` : '') || undefined;
}

/** Fact rows shared by the status card and alert cards. */
function clusterFacts(c: Cluster, h: ClusterHealth): [string, string | undefined][] {
  return [
    ['Last heartbeat', heartbeatText(c, h)],
    ['Certificate', certificateText(c, h)],
    ['Agent', agentText(c, h)],
    ['Kubernetes', c.kubernetesVersion],
    ['Distribution', distributionText(c)],
    ['Nodes / cores', c.nodeCount !== undefined ? `${c.nodeCount} / ${c.coreCount ?? '?'}` : undefined],
    ['Region', c.location],
    ['Resource group', c.resourceGroup],
    ['Subscription', c.subscriptionId],
    ['Private link', c.privateLinkEnabled ? 'Enabled' : 'Disabled'],
    ['Tags', tagsText(c.tags)],
  ];
}

export function statusText(view: StatusView): string {
  const { cluster: c, health: h } = view;
  const m = statusMeaning(c.status);
  const urgency = view.asOf && expiryUrgency(c, h, view.asOf);
  const lines = [
    `${c.name}: ${c.status}${h.flags.length ? ` (${h.flags.join('; ')})` : ''}`,
    ...(urgency ? urgencyLines(urgency) : []),
    m.meaning,
    `First step: ${m.firstStep}`,
    ...clusterFacts(c, h).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`),
    `Portal: ${portalUrl(c, view.portalHost)}`,
    ...(view.asOf ? [`As of ${readAtText(view.asOf, view.ageMs)}`] : []),
  ];
  return lines.join('\n');
}

/** The answer to `status <cluster>`: status with colour, what it means, what to do, and every fact. */
export function statusCard(view: StatusView): AdaptiveCard {
  const { cluster: c, health: h } = view;
  const m = statusMeaning(c.status);
  // Urgent first: a cluster about to become Expired leads with when, what happens, and what to do.
  const urgency = view.asOf && expiryUrgency(c, h, view.asOf);
  const body: CardElement[] = [
    text(`${m.emoji} **${plain(c.name)}** is **${plain(c.status)}**`, { size: 'large', weight: 'bolder', color: m.colour === 'default' ? 'default' : m.colour }),
  ];
  if (urgency) body.push(urgencyBlock(urgency));
  const otherFlags = urgency ? h.flags.filter((f) => !f.startsWith('at risk of Expired')) : h.flags;
  if (otherFlags.length) body.push(text(`⚠️ ${otherFlags.join(' · ')}`, { color: 'warning', weight: 'bolder' }));
  body.push(container([text(m.meaning), text(`**First step:** ${m.firstStep}`)], 'emphasis'));
  // Every value is Azure data or quotes it (tags, distribution, names): through plain(), never markup.
  body.push(facts(clusterFacts(c, h).map(([k, v]): [string, string | undefined] => [k, v === undefined ? v : plain(v)])));
  if (view.asOf) body.push(text(`As of ${readAtText(view.asOf, view.ageMs)}`, { isSubtle: true, size: 'small' }));
  const actions = [
    updatingButton('Refresh', `status ${c.id}`),
    commandButton('Diagnose', `diagnose ${c.id}`),
    openUrlButton('Open in Azure portal', portalUrl(c, view.portalHost)),
  ];
  return card(body, actions);
}
