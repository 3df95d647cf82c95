import type { Acknowledgement } from './alert-acknowledgement';
import { muteEndedMessage } from './alert-messages';
import { describeFilter, matchesFilter } from '../clusters/cluster-filter';
import { isUnhealthy, type ClusterState } from './cluster-observation';
import { openCardKey } from './stores/alert-card-store';
import type { Mute } from './stores/mute-store';
import type { NewOutboxItem } from './stores/outbox-store';

export interface EndedMute {
  conversationId: string;
  mute: Mute;
}

/** Every mute whose time is up, in any conversation (all are removed, whether or not a card follows). */
export function mutesEndedBy(mutes: Record<string, Mute[]>, now: Date): EndedMute[] {
  return Object.entries(mutes).flatMap(([conversationId, list]) =>
    list.filter((mute) => Date.parse(mute.until) <= now.getTime()).map((mute) => ({ conversationId, mute })));
}

/** The "mute ended" card, only when what the mute covered is still unhealthy (nothing to say otherwise). */
export function muteEndedItem(
  { conversationId, mute }: EndedMute, states: ClusterState[], now: Date, acknowledgements?: ReadonlyMap<string, Acknowledgement>,
): { item: NewOutboxItem; stillUnhealthy: number } | undefined {
  const unhealthy = states.filter((s) => matchesFilter(mute.filter, s) && isUnhealthy(s)).sort((a, b) => a.name.localeCompare(b.name));
  if (!unhealthy.length) return undefined;
  // A still-unhealthy cluster whose alert someone has says who.
  const acknowledgedBy: Record<string, string> = {};
  for (const s of unhealthy) {
    const acknowledged = acknowledgements?.get(openCardKey(conversationId, s.id));
    if (acknowledged) acknowledgedBy[s.id.toLowerCase()] = acknowledged.by;
  }
  const message = muteEndedMessage(describeFilter(mute.filter), unhealthy, mute.suppressed, acknowledgedBy, now);
  return {
    item: { key: `${conversationId}|mute-ended|${mute.number}|${mute.until}`, conversationId, action: 'send', message },
    stillUnhealthy: unhealthy.length,
  };
}
