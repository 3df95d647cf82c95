import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { OutboxItem } from './stores/outbox-store';
import type { TellStores } from './stores/tell-stores';
import type { ProactiveSender } from '../chat/proactive-port';
import type { ConversationAddress } from '../chat/conversation-address';
import { DeliveryAttempts, SOLE_SENDER, type SendGuard } from './delivery-attempt';

/** Delivery pacing and retries; the values come from the configuration (`AppConfig.delivery`).
 * Limits and retry advice: https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit */
export interface DeliveryOptions {
  /** At most one message per conversation per this many ms (Teams allows 7 per second per thread). */
  perConversationIntervalMs: number;
  /** Global cap across conversations, well under the 50 RPS per app per tenant. */
  globalMaxPerSecond: number;
  /**
   * Sends in flight at once across all conversations. Each conversation has at most one, so a
   * conversation that hangs holds one of these and nothing else.
   */
  maxConcurrentSends: number;
  /**
   * `ALERT_DELIVERY_MAX_AGE_MINUTES` (default 30): an item is retried until its next try would be
   * later than this after it was enqueued, then given up with a log line and counted as
   * undeliverable (bounded retries, as the rate-limit guidance asks). Bounded by age, not a handful
   * of tries, so a Teams or network outage of a few minutes (502/503/504 are transient) delays
   * alerts instead of losing them.
   */
  maxAgeMs: number;
  baseBackoffMs: number;
  /** Backoff cap, so retries keep coming at least this often while the item is young enough. */
  maxBackoffMs: number;
  /** An extra bound on tries; absent, the age bound alone decides. */
  maxAttempts?: number;
  /** Jitter source (0..1), a seam like the clock: Math.random unless a test injects one. */
  random?: () => number;
  /** The leader fence and outbox claims; absent, this process is the only sender. */
  guard?: SendGuard;
  /** Whether a conversation may still be posted to (its tenant is allowed); absent, every one may. */
  mayDeliverTo?: (address: ConversationAddress) => boolean;
}

/** While sends are in flight, the outbox is looked at again this often (new alerts, retries that came due). */
const RESCAN_WHILE_SENDING_MS = 1000;
/**
 * While items wait (a Retry-After of an hour in one conversation), the next round is at most this far
 * away, so an alert enqueued meanwhile for another conversation is never parked behind that wait.
 */
const RESCAN_WHILE_WAITING_MS = 5000;

export interface DeliveryRound {
  sent: number;
  /** When to call again (earliest due item or rate-limit slot); undefined when the outbox is empty. */
  nextAt?: Date;
}

/**
 * Drains the outbox through the proactive sender, each conversation on its own: strictly in order
 * within a conversation (so a recovery update never overtakes its alert), one message per second
 * per conversation, its own backoff and Retry-After (kept on its head item), and at most one send
 * in flight per conversation. Across conversations: a concurrency cap and a global rate. A
 * conversation that hangs or is throttled therefore delays only itself.
 */
export class AlertDelivery {
  private readonly options: Required<DeliveryOptions>;
  private readonly attempts: DeliveryAttempts;
  private readonly nextAllowedByConversation = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private globalNextAllowed = 0;
  private running: Promise<DeliveryRound> | undefined;
  private stopped = false;

  constructor(
    private readonly stores: TellStores,
    sender: ProactiveSender,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: DeliveryOptions,
  ) {
    this.options = { maxAttempts: Number.POSITIVE_INFINITY, random: Math.random, guard: SOLE_SENDER, mayDeliverTo: () => true, ...options };
    this.attempts = new DeliveryAttempts(stores, sender, clock, logger, {
      maxAgeMs: this.options.maxAgeMs,
      maxAttempts: this.options.maxAttempts,
      guard: this.options.guard,
      mayDeliverTo: this.options.mayDeliverTo,
      backoffMs: (n) => this.backoffMs(n),
    });
  }

  /**
   * Delivers everything that is due now and allowed by the rate limits, and resolves once no send
   * is in flight. Calls never overlap.
   */
  deliverDue(): Promise<DeliveryRound> {
    if (!this.running) this.running = this.round().finally(() => { this.running = undefined; });
    return this.running;
  }

  /** Starts no new send; resolves when the ones in flight have settled (the sender's shutdown signal aborts them). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async round(): Promise<DeliveryRound> {
    const counter = { sent: 0 };
    for (;;) {
      const now = this.clock.now().getTime();
      const pending = this.stopped ? [] : await this.stores.outbox.pending();
      this.forgetSettledBookkeeping(pending);
      let nextAt = Infinity;
      for (const head of headsByConversation(pending)) {
        if (this.inFlight.has(head.conversationId)) continue;
        const readyAt = this.readyAt(head);
        if (readyAt > now) { nextAt = Math.min(nextAt, readyAt); continue; }
        // Bookkeeping of an already-sent item never talks to Teams: no slot needed.
        if (this.attempts.unrecorded.has(head.key)) { this.start(head, counter); continue; }
        if (this.inFlight.size >= this.options.maxConcurrentSends) break;
        if (this.globalNextAllowed > now) { nextAt = Math.min(nextAt, this.globalNextAllowed); break; }
        this.start(head, counter, this.reserveSlots(head.conversationId, now));
      }
      if (!this.inFlight.size) {
        const next = Math.min(nextAt, now + RESCAN_WHILE_WAITING_MS);
        return { sent: counter.sent, nextAt: Number.isFinite(nextAt) && !this.stopped ? new Date(next) : undefined };
      }
      const rescanAt = Math.min(nextAt, now + RESCAN_WHILE_SENDING_MS);
      await Promise.race([...this.inFlight.values(), this.clock.sleep(Math.max(1, rescanAt - now))]);
    }
  }

  private readyAt(head: OutboxItem): number {
    const unrecorded = this.attempts.unrecorded.get(head.key);
    if (unrecorded) return unrecorded.retryAt;
    return Math.max(Date.parse(head.nextAttemptAt), this.nextAllowedByConversation.get(head.conversationId) ?? 0, this.attempts.heldBack.get(head.key) ?? 0);
  }

  /** Takes the global and the conversation's rate-limit slot; the returned function gives them back. */
  private reserveSlots(conversationId: string, now: number): () => void {
    const previous = { global: this.globalNextAllowed, conversation: this.nextAllowedByConversation.get(conversationId) };
    const reservedGlobal = (this.globalNextAllowed = now + Math.ceil(1000 / this.options.globalMaxPerSecond));
    this.nextAllowedByConversation.set(conversationId, now + this.options.perConversationIntervalMs);
    return () => {
      if (this.globalNextAllowed === reservedGlobal) this.globalNextAllowed = previous.global;
      if (previous.conversation === undefined) this.nextAllowedByConversation.delete(conversationId);
      else this.nextAllowedByConversation.set(conversationId, previous.conversation);
    };
  }

  /** Runs one attempt as this conversation's only send in flight; slots are returned if Teams was not called. */
  private start(item: OutboxItem, counter: { sent: number }, giveBackSlots?: () => void): void {
    const work = this.attempts.deliverOne(item)
      .then((outcome) => {
        if (outcome === 'sent') counter.sent++;
        if (outcome === 'closed') giveBackSlots?.();
      })
      .catch((error) => this.logger.error('alert delivery attempt failed', { alertKey: item.key, conversationId: item.conversationId, error: error as Error }))
      .finally(() => { this.inFlight.delete(item.conversationId); });
    this.inFlight.set(item.conversationId, work);
  }

  /** Forget bookkeeping retries of items settled elsewhere (e.g. the conversation was dropped). */
  private forgetSettledBookkeeping(pending: OutboxItem[]): void {
    if (!this.attempts.unrecorded.size && !this.attempts.heldBack.size) return;
    const stillPending = new Set(pending.map((i) => i.key));
    for (const key of this.attempts.unrecorded.keys()) if (!stillPending.has(key)) this.attempts.unrecorded.delete(key);
    for (const key of this.attempts.heldBack.keys()) if (!stillPending.has(key)) this.attempts.heldBack.delete(key);
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
