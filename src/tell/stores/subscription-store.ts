import type { AlertKind } from '../alert-kinds';
import type { ClusterFilter } from '../../clusters/cluster-filter';
import { upgradeStoredFilters } from '../../clusters/legacy-cluster-filter';
import { DocumentStore } from '../../storage/document-store';
import type { KeyValueStorage } from '../../storage/key-value-storage';
import { TELL_KEY_PREFIX } from './tell-key-prefix';

export interface Subscription {
  /** Stable number shown in `subscriptions` and used by `unsubscribe <n>`. */
  number: number;
  filter: ClusterFilter;
  /** Empty = every kind. */
  kinds: AlertKind[];
  createdBy?: string;
  createdAt: string;
}

export interface ConversationSubscriptions {
  items: Subscription[];
  nextNumber: number;
  /** Set when Teams said the bot is gone (403/404); cleared when the conversation is seen again. */
  disabledReason?: string;
  /**
   * Why alerts were last paused, kept after they resumed so `subscriptions` can say that alerts
   * decided meanwhile were not posted; cleared by the next `subscribe`.
   */
  resumedAfter?: string;
}

interface SubscriptionsDoc { conversations: Record<string, ConversationSubscriptions> }

export class SubscriptionStore {
  private readonly doc: DocumentStore<SubscriptionsDoc>;
  private disableCount = 0;
  constructor(storage: KeyValueStorage) {
    this.doc = new DocumentStore<SubscriptionsDoc>(storage, `${TELL_KEY_PREFIX}subscriptions`, () => ({ conversations: {} }),
      { upgrade: (stored) => upgradeStoredFilters(stored as SubscriptionsDoc) });
  }

  async all(): Promise<Record<string, ConversationSubscriptions>> {
    return (await this.doc.get()).conversations;
  }

  async list(conversationId: string): Promise<ConversationSubscriptions> {
    return (await this.doc.get()).conversations[conversationId] ?? { items: [], nextNumber: 1 };
  }

  /** Adds (or, for the same filter, replaces the kinds of) a subscription; returns it and whether it replaced one. */
  async add(conversationId: string, sub: Omit<Subscription, 'number'>, same: (a: ClusterFilter, b: ClusterFilter) => boolean): Promise<{ subscription: Subscription; replaced: boolean }> {
    return this.doc.update((d) => {
      const entry = (d.conversations[conversationId] ??= { items: [], nextNumber: 1 });
      delete entry.disabledReason;
      delete entry.resumedAfter;
      const existing = entry.items.find((s) => same(s.filter, sub.filter));
      if (existing) {
        existing.kinds = sub.kinds;
        return { subscription: { ...existing }, replaced: true };
      }
      const subscription: Subscription = { ...sub, number: entry.nextNumber++ };
      entry.items.push(subscription);
      return { subscription, replaced: false };
    });
  }

  /** Removes subscription `number`, or all when 'all'; returns how many were removed. */
  async remove(conversationId: string, which: number | 'all'): Promise<number> {
    return this.doc.update((d) => {
      const entry = d.conversations[conversationId];
      if (!entry || !entry.items.length) return { skipWrite: true, result: 0 };
      const before = entry.items.length;
      entry.items = which === 'all' ? [] : entry.items.filter((s) => s.number !== which);
      const removed = before - entry.items.length;
      if (!removed) return { skipWrite: true, result: 0 };
      if (!entry.items.length) delete d.conversations[conversationId];
      return removed;
    });
  }

  async disable(conversationId: string, reason: string): Promise<void> {
    await this.doc.update((d) => {
      const entry = d.conversations[conversationId];
      if (!entry || entry.disabledReason === reason) return { skipWrite: true };
      entry.disabledReason = reason;
    });
    this.disableCount++;
  }

  /** How many times this process has disabled a conversation's subscriptions: a cache of "known enabled" compares it. */
  get disables(): number {
    return this.disableCount;
  }

  async enable(conversationId: string): Promise<void> {
    await this.doc.update((d) => {
      const entry = d.conversations[conversationId];
      if (!entry || !entry.disabledReason) return { skipWrite: true };
      entry.resumedAfter = entry.disabledReason;
      delete entry.disabledReason;
    });
  }

  async removeConversation(conversationId: string): Promise<void> {
    await this.doc.update((d) => {
      if (!d.conversations[conversationId]) return { skipWrite: true };
      delete d.conversations[conversationId];
    });
  }
}
