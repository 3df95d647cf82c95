import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { OutboxItem } from './stores/outbox-store';
import type { TellStores } from './stores/tell-stores';
import { DeliveryError, type ProactiveSender } from '../chat/proactive-port';
import { classifyDeliveryFailure } from './delivery-verdict';

/** Delivery pacing and retries; the values come from the configuration (`AppConfig.delivery`). */
export interface DeliveryOptions {
  /** At most one message per conversation per this many ms (Teams allows 7/s per thread, https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit). */
  perConversationIntervalMs: number;
  /** Global cap across conversations, well under the 50 RPS per app per tenant (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit). */
  globalMaxPerSecond: number;
  /**
   * `ALERT_DELIVERY_MAX_AGE_MINUTES` (default 30): an item is retried until its next try would be
   * later than this after it was enqueued, then given up with a log line (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit
   * asks for a bounded number of retries; the final failure is logged). Bounded by age, not a handful of tries, so
   * a Teams or network outage of a few minutes (502/503/504 are transient, https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit) delays alerts
   * instead of losing them.
   */
  maxAgeMs: number;
  baseBackoffMs: number;
  /** Backoff cap, so retries keep coming at least this often while the item is young enough. */
  maxBackoffMs: number;
  /** An extra bound on tries; absent, the age bound alone decides. */
  maxAttempts?: number;
  /** Jitter source (0..1), a seam like the clock: Math.random unless a test injects one. */
  random?: () => number;
}

export interface DeliveryRound {
  sent: number;
  /** When to call again (earliest due item or rate-limit slot); undefined when the outbox is empty. */
  nextAt?: Date;
}

/**
 * Drains the outbox through the proactive sender. Per conversation strictly in order (so a recovery
 * update never overtakes its alert), one message per second per conversation, a global cap, and
 * retries by Teams status code. An item is marked sent only after the sender resolved: a crash in
 * between re-sends that one item and no other; a storage error there retries the bookkeeping only.
 */
export class AlertDelivery {
  private readonly options: Required<DeliveryOptions>;
  private readonly nextAllowedByConversation = new Map<string, number>();
  private globalNextAllowed = 0;
  private running: Promise<DeliveryRound> | undefined;
  /**
   * Items Teams accepted whose bookkeeping (mark sent, remember the card) failed in storage. They
   * stay pending in the outbox, so only this process knows not to send them again: it retries the
   * bookkeeping alone. (A crash in that window still re-sends that one item: at-least-once.)
   */
  private readonly unrecorded = new Map<string, { activityId?: string; attempts: number; retryAt: number }>();

  constructor(
    private readonly stores: TellStores,
    private readonly sender: ProactiveSender,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: DeliveryOptions,
  ) {
    this.options = { maxAttempts: Number.POSITIVE_INFINITY, random: Math.random, ...options };
  }

  /** Delivers everything that is due now and allowed by the rate limits. Calls never overlap. */
  deliverDue(): Promise<DeliveryRound> {
    if (!this.running) this.running = this.round().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async round(): Promise<DeliveryRound> {
    let sent = 0;
    for (;;) {
      const now = this.clock.now().getTime();
      const pending = await this.stores.outbox.pending();
      if (this.unrecorded.size) {
        // Forget bookkeeping retries of items settled elsewhere (e.g. the conversation was dropped).
        const stillPending = new Set(pending.map((i) => i.key));
        for (const key of this.unrecorded.keys()) if (!stillPending.has(key)) this.unrecorded.delete(key);
      }
      if (!pending.length) return { sent };
      const heads = headsByConversation(pending);
      let nextAt = Infinity;
      let chosen: OutboxItem | undefined;
      for (const head of heads) {
        const unrecorded = this.unrecorded.get(head.key);
        // Bookkeeping of an already-sent item never talks to Teams: no rate-limit slot needed.
        const readyAt = unrecorded
          ? unrecorded.retryAt
          : Math.max(Date.parse(head.nextAttemptAt), this.nextAllowedByConversation.get(head.conversationId) ?? 0, this.globalNextAllowed);
        if (readyAt <= now) { chosen = head; break; }
        nextAt = Math.min(nextAt, readyAt);
      }
      if (!chosen) return { sent, nextAt: new Date(nextAt) };
      const outcome = await this.deliverOne(chosen);
      if (outcome === 'sent') sent++;
      // Only a call to Teams uses a global slot; closing an item with nothing to do is free.
      if (outcome === 'sent' || outcome === 'failed') {
        this.globalNextAllowed = this.clock.now().getTime() + Math.ceil(1000 / this.options.globalMaxPerSecond);
      }
    }
  }

  /** 'sent'/'failed' when Teams was called; 'closed' when the item was settled without calling it. */
  private async deliverOne(item: OutboxItem): Promise<'sent' | 'failed' | 'closed'> {
    const { outbox, conversations, alertCards } = this.stores;
    const log = this.logger.child({ alertKey: item.key, conversationId: item.conversationId });
    const unrecorded = this.unrecorded.get(item.key);
    if (unrecorded) {
      await this.record(item, unrecorded.activityId, log);
      return 'closed';
    }
    const conversation = await conversations.get(item.conversationId);
    if (!conversation || conversation.status !== 'active') {
      await outbox.markDone(item.key, 'dropped', this.clock.now(), { error: 'conversation not active' });
      log.warn('alert dropped: conversation is not active', { status: conversation?.status ?? 'unknown' });
      return 'closed';
    }
    let activityId: string | undefined;
    if (item.action === 'update') {
      activityId = item.updateAlertFor ? (await alertCards.get(item.conversationId, item.updateAlertFor.clusterId))?.activityId : undefined;
      if (!activityId) {
        await outbox.markDone(item.key, 'dropped', this.clock.now(), { error: 'no alert card to update' });
        return 'closed';
      }
    }
    const message = await outbox.message(item.key);
    if (!message) {
      await outbox.markDone(item.key, 'failed', this.clock.now(), { error: 'message body missing' });
      log.error('alert dropped: message body missing from storage');
      return 'closed';
    }
    this.nextAllowedByConversation.set(item.conversationId, this.clock.now().getTime() + this.options.perConversationIntervalMs);
    // Only the call to Teams is a delivery failure; what we write afterwards is retried on its own.
    try {
      if (item.action === 'update') {
        await this.sender.update(conversation.address, activityId!, message);
      } else {
        activityId = (await this.sender.send(conversation.address, message)).activityId;
      }
    } catch (error) {
      await this.handleFailure(item, error, log);
      return 'failed';
    }
    log.info('alert delivered', { action: item.action, attempts: item.attempts + 1 });
    await this.record(item, activityId, log);
    return 'sent';
  }

  /** After Teams accepted: mark sent and update the card record; on a storage error retry later, never re-send. */
  private async record(item: OutboxItem, activityId: string | undefined, log: Logger): Promise<void> {
    const { outbox, alertCards } = this.stores;
    try {
      // The card record first, "sent" last: until "sent" is written the item stays pending, so a
      // failure anywhere here is retried as a whole (both writes are idempotent).
      if (item.action === 'update') {
        if (item.updateAlertFor) await alertCards.delete(item.conversationId, item.updateAlertFor.clusterId);
      } else if (item.trackAlertFor && activityId) {
        await alertCards.set(item.conversationId, item.trackAlertFor.clusterId, {
          activityId, kind: item.trackAlertFor.kind, sentAt: this.clock.now().toISOString(),
        });
      }
      await outbox.markDone(item.key, 'sent', this.clock.now(), { activityId });
      this.unrecorded.delete(item.key);
    } catch (error) {
      const attempts = (this.unrecorded.get(item.key)?.attempts ?? 0) + 1;
      const waitMs = this.backoffMs(attempts);
      this.unrecorded.set(item.key, { activityId, attempts, retryAt: this.clock.now().getTime() + waitMs });
      log.warn('alert sent, but recording it failed: will retry the bookkeeping, not the send', { attempts, waitMs, error: error as Error });
    }
  }

  private async handleFailure(item: OutboxItem, error: unknown, log: Logger): Promise<void> {
    const { outbox, conversations, subscriptions } = this.stores;
    const now = this.clock.now();
    const status = error instanceof DeliveryError ? error.statusCode : undefined;
    const reason = `${status ?? 'network'}: ${(error as Error)?.message ?? String(error)}`.slice(0, 300);
    const verdict = classifyDeliveryFailure(error);
    const attempts = item.attempts + 1;

    if (verdict.kind === 'conversation-gone') {
      if (item.action === 'update' && status === 404) {
        // The alert message itself was deleted; the conversation may be fine.
        await outbox.markDone(item.key, 'failed', now, { error: reason });
        log.warn('alert card update failed: message not found', { status });
        return;
      }
      await conversations.setStatus(item.conversationId, status === 404 ? 'removed' : 'blocked', reason);
      await subscriptions.disable(item.conversationId, reason);
      const dropped = await outbox.dropConversation(item.conversationId, now, reason);
      log.warn('conversation unreachable: subscriptions disabled until the bot is re-added or messaged', { status, dropped });
      return;
    }
    const waitMs = verdict.kind === 'retry-after' && verdict.waitMs !== undefined ? verdict.waitMs : this.backoffMs(attempts);
    const ageMs = now.getTime() - Date.parse(item.createdAt);
    const tooOld = ageMs + waitMs > this.options.maxAgeMs;
    if (verdict.kind === 'permanent' || tooOld || attempts >= this.options.maxAttempts) {
      await outbox.markDone(item.key, 'failed', now, { error: reason });
      log.error('alert delivery gave up', { status, attempts, ageMs, reason });
      return;
    }
    await outbox.reschedule(item.key, attempts, new Date(now.getTime() + waitMs), reason);
    log.warn('alert delivery will retry', { status, attempts, waitMs });
  }

  /** Exponential backoff with jitter: base * 2^(n-1), scaled into [50%, 100%], capped. */
  backoffMs(attempts: number): number {
    const exp = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** (attempts - 1));
    return Math.round(exp * (0.5 + this.options.random() / 2));
  }
}

/** The first pending item of every conversation, oldest conversation first. */
function headsByConversation(pending: OutboxItem[]): OutboxItem[] {
  const heads = new Map<string, OutboxItem>();
  for (const item of pending) if (!heads.has(item.conversationId)) heads.set(item.conversationId, item);
  return [...heads.values()];
}
