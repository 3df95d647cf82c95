import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { OutboxItem, TellStores } from '../storage/tell-stores';
import { classifyDeliveryFailure, statusOf, type ProactiveSender } from './proactive-port';

export interface DeliveryOptions {
  /** At most one message per conversation per this many ms (Teams allows 7/s per thread, §3c). */
  perConversationIntervalMs: number;
  /** Global cap across conversations, well under the 50 RPS per app per tenant (§3c). */
  globalMaxPerSecond: number;
  /** Tries per item before giving up with a log line. */
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Jitter source (0..1); injected for deterministic tests. */
  random: () => number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  perConversationIntervalMs: 1000,
  globalMaxPerSecond: 20,
  maxAttempts: 6,
  baseBackoffMs: 1000,
  maxBackoffMs: 60_000,
  random: Math.random,
};

export interface DeliveryRound {
  sent: number;
  /** When to call again (earliest due item or rate-limit slot); undefined when the outbox is empty. */
  nextAt?: Date;
}

/**
 * Drains the outbox through the proactive sender. Per conversation strictly in order (so a recovery
 * update never overtakes its alert), one message per second per conversation, a global cap, and
 * retries by Teams status code. An item is marked sent only after the sender resolved: a crash in
 * between re-sends that one item and no other.
 */
export class AlertDelivery {
  private readonly options: DeliveryOptions;
  private readonly nextAllowedByConversation = new Map<string, number>();
  private globalNextAllowed = 0;
  private running: Promise<DeliveryRound> | undefined;

  constructor(
    private readonly stores: TellStores,
    private readonly sender: ProactiveSender,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<DeliveryOptions> = {},
  ) {
    this.options = { ...DEFAULT_DELIVERY_OPTIONS, ...options };
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
      if (!pending.length) return { sent };
      if (this.globalNextAllowed > now) return { sent, nextAt: new Date(this.globalNextAllowed) };
      const heads = headsByConversation(pending);
      let nextAt = Infinity;
      let chosen: OutboxItem | undefined;
      for (const head of heads) {
        const readyAt = Math.max(Date.parse(head.nextAttemptAt), this.nextAllowedByConversation.get(head.conversationId) ?? 0);
        if (readyAt <= now) { chosen = head; break; }
        nextAt = Math.min(nextAt, readyAt);
      }
      if (!chosen) return { sent, nextAt: new Date(nextAt) };
      if (await this.deliverOne(chosen)) sent++;
      this.globalNextAllowed = this.clock.now().getTime() + Math.ceil(1000 / this.options.globalMaxPerSecond);
    }
  }

  /** Returns true when Teams accepted the message. */
  private async deliverOne(item: OutboxItem): Promise<boolean> {
    const { outbox, conversations, alertCards } = this.stores;
    const log = this.logger.child({ alertKey: item.key, conversationId: item.conversationId });
    const conversation = await conversations.get(item.conversationId);
    if (!conversation || conversation.status !== 'active') {
      await outbox.markDone(item.key, 'dropped', this.clock.now(), { error: 'conversation not active' });
      log.warn('alert dropped: conversation is not active', { status: conversation?.status ?? 'unknown' });
      return false;
    }
    const message = await outbox.message(item.key);
    if (!message) {
      await outbox.markDone(item.key, 'failed', this.clock.now(), { error: 'message body missing' });
      log.error('alert dropped: message body missing from storage');
      return false;
    }
    let activityId: string | undefined;
    if (item.action === 'update') {
      activityId = item.updateAlertFor ? (await alertCards.get(item.conversationId, item.updateAlertFor.clusterId))?.activityId : undefined;
      if (!activityId) {
        await outbox.markDone(item.key, 'dropped', this.clock.now(), { error: 'no alert card to update' });
        return false;
      }
    }
    this.nextAllowedByConversation.set(item.conversationId, this.clock.now().getTime() + this.options.perConversationIntervalMs);
    try {
      if (item.action === 'update') {
        await this.sender.update(conversation, activityId!, message);
        await outbox.markDone(item.key, 'sent', this.clock.now(), { activityId });
        if (item.updateAlertFor) await alertCards.delete(item.conversationId, item.updateAlertFor.clusterId);
      } else {
        const result = await this.sender.send(conversation, message);
        await outbox.markDone(item.key, 'sent', this.clock.now(), { activityId: result.activityId });
        if (item.trackAlertFor && result.activityId) {
          await alertCards.set(item.conversationId, item.trackAlertFor.clusterId, {
            activityId: result.activityId, kind: item.trackAlertFor.kind, sentAt: this.clock.now().toISOString(),
          });
        }
      }
      log.info('alert delivered', { action: item.action, attempts: item.attempts + 1 });
      return true;
    } catch (error) {
      await this.handleFailure(item, error, log);
      return false;
    }
  }

  private async handleFailure(item: OutboxItem, error: unknown, log: Logger): Promise<void> {
    const { outbox, conversations, subscriptions } = this.stores;
    const now = this.clock.now();
    const status = statusOf(error);
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
    if (verdict.kind === 'permanent' || attempts >= this.options.maxAttempts) {
      await outbox.markDone(item.key, 'failed', now, { error: reason });
      log.error('alert delivery gave up', { status, attempts, reason });
      return;
    }
    const waitMs = verdict.kind === 'retry-after' && verdict.waitMs !== undefined ? verdict.waitMs : this.backoffMs(attempts);
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
