import { reachableConversations } from './decide-tick';
import { monitoringResumedMessage } from './alert-messages';
import type { Logger } from '../core/logger';
import type { NewOutboxItem } from './stores/outbox-store';
import type { TellStores } from './stores/tell-stores';
import type { ConversationSubscriptions } from './stores/subscription-store';

/** A gap longer than this many poll intervals is told to subscribers when monitoring resumes. */
export const RESUME_NOTICE_AFTER_INTERVALS = 3;

/**
 * When a replica takes over monitoring, one "monitoring resumed after N minutes without a poll" card
 * per subscribed conversation if nobody polled for more than three intervals (alerts may have been
 * missed). Keyed by the last poll, so two replicas deciding it for the same gap enqueue it once.
 */
export function resumedNotices(
  lastPollAt: string | undefined,
  now: Date,
  intervalMs: number,
  subscriptions: Record<string, ConversationSubscriptions>,
): { gapMs: number; items: NewOutboxItem[] } | undefined {
  if (!lastPollAt) return undefined;
  const gapMs = now.getTime() - Date.parse(lastPollAt);
  if (!(gapMs > RESUME_NOTICE_AFTER_INTERVALS * intervalMs)) return undefined;
  const message = monitoringResumedMessage(gapMs, now);
  const items = reachableConversations(subscriptions).map((conversationId): NewOutboxItem => ({
    key: `${conversationId}|resumed|${lastPollAt}`, conversationId, action: 'send', message,
  }));
  return { gapMs, items };
}

/** The first poll of a leadership term: after a gap, enqueues the resumed notices (once per gap). */
export async function announceResumeAfterGap(stores: TellStores, now: Date, intervalMs: number, logger: Logger): Promise<void> {
  const notice = resumedNotices((await stores.heartbeat.get()).lastPollAt, now, intervalMs, await stores.subscriptions.all());
  if (!notice) return;
  const enqueued = await stores.outbox.enqueue(notice.items, now);
  logger.warn('monitoring resumed after a gap without polls: subscribers are told alerts may have been missed', { gapSeconds: Math.round(notice.gapMs / 1000), conversations: enqueued.length });
}
