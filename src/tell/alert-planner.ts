import { recoveryMessage, type DigestEntry } from './alert-cards';
import { clusterAlertMessage, digestMessage, recoveredAlertMessage } from './alert-messages';
import type { Acknowledgement } from './alert-acknowledgement';
import { openCardKey } from './stores/alert-card-store';
import type { Mute } from './stores/mute-store';
import type { NewOutboxItem } from './stores/outbox-store';
import type { ConversationSubscriptions } from './stores/subscription-store';
import { KIND_PRIORITY, PROBLEM_KINDS, type AlertKind } from './alert-kinds';
import { matchesFilter } from '../clusters/cluster-filter';
import type { ClusterEvent, ClusterState } from './fleet-diff';

export interface PlanInput {
  events: ClusterEvent[];
  subscriptions: Record<string, ConversationSubscriptions>;
  mutes: Record<string, Mute[]>;
  now: Date;
  /** The fleet memory generation of this poll (digest keys use it). */
  generation: number;
  /** `ALERT_DIGEST_THRESHOLD`: more clusters than this changing at once -> one digest card. */
  digestThreshold: number;
  /** A line the digest adds (a mass removal: "may be a permission change"). */
  digestNote?: string;
  /**
   * `openCardKey(conversation, cluster)` of every alert card that can be updated in place: the ones
   * delivered and tracked, plus pending outbox items that will track one. A recovery plans an
   * update only for these (after a digest there is no per-cluster card: planning one update per
   * recovered cluster per conversation flooded the outbox). Absent = every recovery plans one.
   */
  openAlertCards?: ReadonlySet<string>;
  /**
   * Who has which open alert, by `openCardKey`: every further card for that cluster (a certificate
   * countdown, a change of status while it stays down) and its recovery name them.
   */
  acknowledgements?: ReadonlyMap<string, Acknowledgement>;
}

export interface SuppressedCount {
  conversationId: string;
  /** The mute's number. */
  number: number;
  events: number;
}

export interface AlertPlan {
  items: NewOutboxItem[];
  suppressed: SuppressedCount[];
}

interface ClusterGroup {
  clusterId: string;
  kinds: AlertKind[];
  events: ClusterEvent[];
}

function byPriority(a: AlertKind, b: AlertKind): number {
  return KIND_PRIORITY.indexOf(a) - KIND_PRIORITY.indexOf(b);
}

/** The kind of problem a recovered cluster had (for "Was: ... went Offline"). */
function problemKindOf(previous: ClusterState | undefined): AlertKind | undefined {
  if (!previous) return undefined;
  if (previous.status === 'Expired') return 'expired';
  if (previous.status === 'Offline') return 'offline';
  if (previous.heartbeatStale) return 'stale';
  return undefined;
}

function outageMs(event: ClusterEvent): number {
  const start = event.previous?.problemSince ?? event.previous?.statusSince ?? event.firstSeenAt;
  return Math.max(0, Date.parse(event.firstSeenAt) - Date.parse(start));
}

/**
 * Routes confirmed events to conversations: subscription filters and kinds, then mutes (recorded,
 * not posted), then one card per cluster or ONE digest when more than `digestThreshold` clusters
 * changed for that conversation. Pure; every item carries a deterministic idempotency key.
 */
export function planAlerts(input: PlanInput): AlertPlan {
  const items: NewOutboxItem[] = [];
  const suppressed: SuppressedCount[] = [];
  const nowMs = input.now.getTime();

  for (const [conversationId, entry] of Object.entries(input.subscriptions)) {
    if (entry.disabledReason || !entry.items.length) continue;
    const activeMutes = (input.mutes[conversationId] ?? []).filter((m) => Date.parse(m.until) > nowMs);
    const groups = new Map<string, ClusterGroup>();
    const mutedCounts = new Map<number, number>();

    for (const event of input.events) {
      const wanted = entry.items.some((s) => matchesFilter(s.filter, event.state) && (s.kinds.length === 0 || s.kinds.includes(event.kind)));
      if (!wanted) continue;
      const mute = activeMutes.find((m) => matchesFilter(m.filter, event.state));
      if (mute) {
        mutedCounts.set(mute.number, (mutedCounts.get(mute.number) ?? 0) + 1);
        continue;
      }
      const group = groups.get(event.clusterId) ?? { clusterId: event.clusterId, kinds: [], events: [] };
      group.kinds.push(event.kind);
      group.events.push(event);
      groups.set(event.clusterId, group);
    }
    for (const [number, events] of mutedCounts) suppressed.push({ conversationId, number, events });
    if (!groups.size) continue;

    const acknowledgementOf = (clusterId: string) => input.acknowledgements?.get(openCardKey(conversationId, clusterId));
    const list = [...groups.values()].map((g) => ({ ...g, kinds: [...g.kinds].sort(byPriority) }));
    // Recovered clusters always get their original card updated in place, digest or not.
    for (const g of list) {
      const recovered = g.events.find((e) => e.kind === 'recovered');
      if (!recovered) continue;
      if (input.openAlertCards && !input.openAlertCards.has(openCardKey(conversationId, g.clusterId))) continue;
      items.push({
        key: `${conversationId}|update|${recovered.key}`,
        conversationId,
        action: 'update',
        message: recoveredAlertMessage(recovered.state, outageMs(recovered), problemKindOf(recovered.previous), input.now, acknowledgementOf(g.clusterId)?.by),
        updateAlertFor: { clusterId: g.clusterId },
      });
    }

    if (list.length > input.digestThreshold) {
      const entries: DigestEntry[] = list.map((g) => ({ kinds: g.kinds, state: g.events[0].state }));
      items.push({ key: `${conversationId}|digest|${input.generation}`, conversationId, action: 'send', message: digestMessage(entries, input.now, input.digestNote) });
      continue;
    }

    for (const g of list.sort((a, b) => byPriority(a.kinds[0], b.kinds[0]) || a.events[0].state.name.localeCompare(b.events[0].state.name))) {
      const lead = g.events.find((e) => e.kind === g.kinds[0])!;
      const key = `${conversationId}|${lead.key}`;
      if (g.kinds[0] === 'recovered') {
        items.push({ key, conversationId, action: 'send', message: recoveryMessage(lead.state, outageMs(lead), acknowledgementOf(g.clusterId)?.by) });
        continue;
      }
      const acknowledged = acknowledgementOf(g.clusterId);
      const message = clusterAlertMessage({
        kinds: g.kinds, state: lead.state, previousStatus: lead.previous?.status, cluster: lead.cluster, now: input.now,
        ...(acknowledged ? { acknowledged: { by: acknowledged.by, at: new Date(acknowledged.at) } } : {}),
      });
      const item: NewOutboxItem = { key, conversationId, action: 'send', message };
      if (PROBLEM_KINDS.has(g.kinds[0])) item.trackAlertFor = { clusterId: g.clusterId, kind: g.kinds[0] };
      items.push(item);
    }
  }
  return { items, suppressed };
}
