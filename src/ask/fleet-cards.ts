import type { AssessedCluster } from '../clusters/fleet-assessment';
import { countOf } from '../core/plural';
import { readAtText } from './status-card';
import { formatAge, statusMeaning } from '../clusters/connectivity';
import { utcDateTime } from '../clusters/expiry-urgency';
import { type AdaptiveCard, type CardElement, card, commandButton, facts, heading, plain, text, updatingButton } from '../cards/adaptive-card';

/** One compact line per cluster: "🔴 store-0421 · Offline · heartbeat 41 min ago (2026-12-02 07:43 UTC) · cert 38 d (to 2027-01-09) · westeurope". */
function clusterLine({ cluster: c, health: h }: AssessedCluster): string {
  const parts = [`${statusMeaning(c.status).emoji} ${c.name}`, c.status];
  // Ages with the absolute time beside them: a card read an hour later still says when.
  const lastSeen = c.lastConnectivityTime ? ` (${utcDateTime(c.lastConnectivityTime)})` : '';
  if (c.status !== 'Connecting' && c.status !== 'AgentNotInstalled') parts.push(`heartbeat ${formatAge(h.heartbeatAgeMs)}${lastSeen}`);
  const expiryDay = c.certificateExpiresAt ? c.certificateExpiresAt.toISOString().slice(0, 10) : undefined;
  if (h.certificateDaysLeft !== undefined) {
    parts.push(h.certificateExpired ? `cert expired${expiryDay ? ` ${expiryDay}` : ''}` : `cert ${h.certificateDaysLeft} d${expiryDay ? ` (to ${expiryDay})` : ''}`);
  }
  if (h.flags.length && !h.certificateExpired) parts.push(h.flags[0]);
  parts.push(c.location, c.resourceGroup);
  return parts.join(' · ');
}

function clusterRow(item: AssessedCluster): CardElement {
  return {
    type: 'ColumnSet',
    selectAction: commandButton('status', `status ${item.cluster.id}`),
    columns: [{ type: 'Column', width: 'stretch', items: [text(plain(clusterLine(item)), { size: 'small' })] }],
  };
}

export interface SummaryView {
  total: number;
  counts: [string, number][];
  attention: AssessedCluster[];
  attentionTotal: number;
  source: string;
  fetchedAt: Date;
  /** The snapshot's age when answered. */
  ageMs?: number;
}

const hourMinute = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;

export function summaryText(v: SummaryView): string {
  return [
    `Fleet: ${countOf(v.total, 'cluster')} (${v.counts.map(([s, n]) => `${s} ${n}`).join(', ')})`,
    v.attentionTotal ? `Needs attention (${v.attentionTotal}):` : 'Nothing needs attention.',
    ...v.attention.map(clusterLine),
  ].join('\n');
}

/** `status` alone: counts by status and the clusters that need attention first. */
export function summaryCard(v: SummaryView): AdaptiveCard {
  const body: CardElement[] = [
    heading(`Fleet at a glance: ${countOf(v.total, 'cluster')}`),
    facts(v.counts.map(([status, n]) => [`${statusMeaning(status).emoji} ${status}`, String(n)])),
    heading(v.attentionTotal ? `Needs attention first (${v.attentionTotal})` : '✅ Nothing needs attention', v.attentionTotal ? 'attention' : 'good'),
    ...v.attention.map(clusterRow),
  ];
  const more = v.attentionTotal - v.attention.length;
  if (more > 0) {
    // The rest of the list is one click away: the same clusters, in the same order, 20 per page.
    body.push({ type: 'ActionSet', actions: [commandButton(`…and ${more} more: show all ${v.attentionTotal}`, 'clusters unhealthy')] });
  }
  body.push(text(`Source: ${v.source}, as of ${readAtText(v.fetchedAt, v.ageMs, hourMinute)}`, { isSubtle: true, size: 'small' }));
  return card(body, [
    commandButton('Offline', 'clusters offline'),
    commandButton('Expiring', 'clusters expiring'),
    commandButton('Stale', 'clusters stale'),
    updatingButton('Refresh', 'status'),
  ]);
}

export interface ListView {
  title: string;
  items: AssessedCluster[];
  offset: number;
  total: number;
  nextCommand?: string;
  previousCommand?: string;
  /** When the fleet was read. */
  fetchedAt?: Date;
  /** The snapshot's age when answered. */
  ageMs?: number;
}

export function listText(v: ListView): string {
  if (v.total === 0) return `${v.title}: no clusters match.`;
  return [`${v.title}: showing ${v.offset + 1}-${v.offset + v.items.length} of ${v.total}`, ...v.items.map(clusterLine)].join('\n');
}

/** `clusters ...`: one page of matching clusters with "showing 1-20 of 340" and Next/Previous. */
export function listCard(v: ListView): AdaptiveCard {
  // The title repeats the user's filter (`store-*`, `tag owner=x_y`): data, not markdown.
  const body: CardElement[] = [heading(plain(v.title))];
  if (v.total === 0) body.push(text('No clusters match.'));
  else {
    body.push(text(`Showing ${v.offset + 1}-${v.offset + v.items.length} of ${v.total}`, { isSubtle: true }));
    body.push(...v.items.map(clusterRow));
  }
  const actions = [];
  if (v.previousCommand) actions.push(updatingButton('Previous', v.previousCommand));
  if (v.nextCommand) actions.push(updatingButton('Next', v.nextCommand));
  if (v.fetchedAt) body.push(text(`As of ${readAtText(v.fetchedAt, v.ageMs, hourMinute)}`, { isSubtle: true, size: 'small' }));
  return card(body, actions);
}
