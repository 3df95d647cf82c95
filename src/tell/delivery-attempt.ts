import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { OutboxItem } from './stores/outbox-store';
import type { TellStores } from './stores/tell-stores';
import { DeliveryError, type ProactiveSender } from '../chat/proactive-port';
import type { ConversationAddress } from '../chat/conversation-address';
import { classifyDeliveryFailure } from './delivery-verdict';

/** 'sent'/'failed' when Teams was called; 'closed' when the item was settled without calling it. */
export type AttemptOutcome = 'sent' | 'failed' | 'closed';

/** Said on an alert whose send another replica had claimed when it died: Teams may already have shown it. */
export const MAY_REPEAT_NOTE = 'This may repeat an alert sent while the bot was restarting.';

/** Exactly one sender at a time: the leader fence and this replica's name on outbox claims. */
export interface SendGuard {
  /** False once this replica is not surely the leader any more: nothing is sent then. */
  fence(): boolean;
  /** This replica's id, written on the outbox item it is about to send. */
  claimant: string;
  /** A claim by another replica older than this is from a replica that died mid-send. */
  claimStaleAfterMs: number;
}

/** One replica alone: the fence is always open. */
export const SOLE_SENDER: SendGuard = { fence: () => true, claimant: 'this-process', claimStaleAfterMs: 0 };

/** An item held back (fence closed, or another replica's claim) is looked at again after this long at most. */
const HOLD_BACK_MS = 1000;

export interface AttemptPolicy {
  maxAgeMs: number;
  maxAttempts: number;
  guard: SendGuard;
  /** False for a conversation whose tenant is no longer allowed: its alerts are dropped unsent. */
  mayDeliverTo(address: ConversationAddress): boolean;
  /** Wait before retry number `attempts` (backoff with jitter). */
  backoffMs(attempts: number): number;
}

/**
 * One delivery attempt of one outbox item: call Teams once, then write down what happened. An item
 * is marked sent only after the sender resolved (Teams answered 2xx); a failure is rescheduled,
 * given up, or (403/404) ends the conversation's subscriptions.
 */
export class DeliveryAttempts {
  /**
   * Items Teams accepted whose bookkeeping (mark sent, remember the card) failed in storage. They
   * stay pending in the outbox, so only this process knows not to send them again: it retries the
   * bookkeeping alone. (A crash in that window still re-sends that one item: at-least-once.)
   */
  readonly unrecorded = new Map<string, { activityId?: string; attempts: number; retryAt: number }>();
  /** Items not sent for now because the fence was closed or another replica's claim may be in flight. */
  readonly heldBack = new Map<string, number>();

  constructor(
    private readonly stores: TellStores,
    private readonly sender: ProactiveSender,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly policy: AttemptPolicy,
  ) {}

  async deliverOne(item: OutboxItem): Promise<AttemptOutcome> {
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
    // Checked at delivery, not only when subscribing: a tenant removed from the list since gets nothing more.
    if (!this.policy.mayDeliverTo(conversation.address)) {
      await outbox.markDone(item.key, 'dropped', this.clock.now(), { error: 'tenant not allowed' });
      log.warn('alert dropped: the conversation\'s tenant is not allowed', { tenantId: conversation.address.tenantId ?? '(none)' });
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
    const claim = await this.claim(item, log);
    if (!claim) return 'closed';
    const outgoing = claim.mayRepeat && item.action === 'send' ? { ...message, note: MAY_REPEAT_NOTE } : message;
    // Only the call to Teams is a delivery failure; what we write afterwards is retried on its own.
    try {
      // The fence again, right before the call: the claim's write may have taken a while.
      if (!this.policy.guard.fence()) return this.holdBack(item, log, 'fence');
      if (item.action === 'update') {
        await this.sender.update(conversation.address, activityId!, outgoing);
      } else {
        activityId = (await this.sender.send(conversation.address, outgoing)).activityId;
      }
    } catch (error) {
      await this.handleFailure(item, error, log);
      return 'failed';
    }
    log.info('alert delivered', { action: item.action, attempts: item.attempts + 1 });
    await this.record(item, activityId, log);
    return 'sent';
  }

  /** Fence, then claim the item for this replica; undefined when it must not be sent now. */
  private async claim(item: OutboxItem, log: Logger): Promise<{ mayRepeat: boolean } | undefined> {
    const { guard } = this.policy;
    if (!guard.fence()) { this.holdBack(item, log, 'fence'); return undefined; }
    const claim = await this.stores.outbox.claim(item.key, guard.claimant, this.clock.now(), guard.claimStaleAfterMs);
    if (claim.outcome === 'not-pending') return undefined;
    if (claim.outcome === 'busy') {
      this.heldBack.set(item.key, claim.retryAt.getTime());
      log.info('alert held back: another replica claimed it and may be sending it', { retryAt: claim.retryAt.toISOString() });
      return undefined;
    }
    this.heldBack.delete(item.key);
    if (claim.mayRepeat) log.warn('alert taken over from a replica that died while sending it: it may repeat once');
    return claim;
  }

  private holdBack(item: OutboxItem, log: Logger, why: 'fence'): 'closed' {
    this.heldBack.set(item.key, this.clock.now().getTime() + HOLD_BACK_MS);
    log.info('alert not sent: this replica is not surely the leader', { why });
    return 'closed';
  }

  /** After Teams accepted: mark sent and update the card record; on a storage error retry later, never re-send. */
  private async record(item: OutboxItem, activityId: string | undefined, log: Logger): Promise<void> {
    const { outbox, alertCards } = this.stores;
    try {
      // The card record first, "sent" last: until "sent" is written the item stays pending, so a
      // failure anywhere here is retried as a whole (both writes are idempotent).
      if (item.action === 'update') {
        if (item.updateAlertFor && !item.updateAlertFor.keepOpen) await alertCards.delete(item.conversationId, item.updateAlertFor.clusterId);
      } else if (item.trackAlertFor && activityId) {
        await alertCards.set(item.conversationId, item.trackAlertFor.clusterId, {
          activityId, kind: item.trackAlertFor.kind, sentAt: this.clock.now().toISOString(), outboxKey: item.key,
        });
      }
      await outbox.markDone(item.key, 'sent', this.clock.now(), { activityId });
      this.unrecorded.delete(item.key);
    } catch (error) {
      const attempts = (this.unrecorded.get(item.key)?.attempts ?? 0) + 1;
      const waitMs = this.policy.backoffMs(attempts);
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
    const waitMs = verdict.kind === 'retry-after' && verdict.waitMs !== undefined ? verdict.waitMs : this.policy.backoffMs(attempts);
    const ageMs = now.getTime() - Date.parse(item.createdAt);
    const tooOld = ageMs + waitMs > this.policy.maxAgeMs;
    if (verdict.kind === 'permanent' || tooOld || attempts >= this.policy.maxAttempts) {
      await outbox.markDone(item.key, 'failed', now, { error: reason });
      log.error('alert delivery gave up', { status, attempts, ageMs, reason });
      return;
    }
    await outbox.reschedule(item.key, attempts, new Date(now.getTime() + waitMs), reason);
    log.warn('alert delivery will retry', { status, attempts, waitMs });
  }
}
