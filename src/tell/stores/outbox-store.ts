import { createHash } from 'node:crypto';
import type { AlertKind } from '../alert-kinds';
import type { Message } from '../../chat/reply';
import { DocumentStore } from '../../storage/document-store';
import type { KeyValueStorage } from '../../storage/key-value-storage';
import { TELL_KEY_PREFIX } from './tell-key-prefix';

/** What an outbox item will post: the bot's own message, rendered by the channel edge at send time. */
export type OutboundMessage = Message;

export interface OutboxItem {
  /** Idempotency key: enqueueing a key that exists (pending or recently sent) does nothing. */
  key: string;
  conversationId: string;
  action: 'send' | 'update';
  /** Enqueue order: items of one conversation are delivered strictly in this order. */
  seq: number;
  createdAt: string;
  state: 'pending' | 'sent' | 'failed' | 'dropped';
  attempts: number;
  nextAttemptAt: string;
  /** When sent, remember the activity id as this cluster's open alert card. */
  trackAlertFor?: { clusterId: string; kind: AlertKind };
  /**
   * For `update`: replace the open alert card of this cluster. Its recovery closes the card;
   * `keepOpen` is a redraw (someone acknowledged it) after which the card stays open.
   */
  updateAlertFor?: { clusterId: string; keepOpen?: boolean };
  activityId?: string;
  /** The replica whose send is (or was, if it died) in flight: written before the send, cleared after. */
  claimedBy?: string;
  claimedAt?: string;
  doneAt?: string;
  lastError?: string;
}

export interface NewOutboxItem {
  key: string;
  conversationId: string;
  action: 'send' | 'update';
  message: OutboundMessage;
  trackAlertFor?: OutboxItem['trackAlertFor'];
  updateAlertFor?: OutboxItem['updateAlertFor'];
}

/** What a claim found: sent or settled already, another replica's send still in flight, or ours to send. */
export type ClaimResult =
  | { outcome: 'claimed'; mayRepeat: boolean }
  | { outcome: 'not-pending' }
  | { outcome: 'busy'; retryAt: Date };

interface OutboxDoc { items: Record<string, OutboxItem>; seq: number }

/** Finished items are kept this long so a re-decided alert with the same key is not sent twice. */
export const OUTBOX_RETENTION_MS = 48 * 60 * 60 * 1000;

export class OutboxStore {
  private readonly index: DocumentStore<OutboxDoc>;
  constructor(private readonly storage: KeyValueStorage) {
    this.index = new DocumentStore(storage, `${TELL_KEY_PREFIX}outbox`, () => ({ items: {}, seq: 0 }));
  }

  private bodyKey(key: string): string {
    return `${TELL_KEY_PREFIX}outbox-body/${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
  }

  /** Adds new items (bodies first, then the index), skipping keys already known. Returns the added keys. */
  async enqueue(items: NewOutboxItem[], now: Date): Promise<string[]> {
    if (!items.length) return [];
    const known = (await this.index.get()).items;
    const fresh = items.filter((i) => !known[i.key]);
    if (!fresh.length) return [];
    await this.storage.write(Object.fromEntries(fresh.map((i) => [this.bodyKey(i.key), { message: i.message, eTag: '*' }])));
    const iso = now.toISOString();
    return this.index.update((d) => {
      const added: string[] = [];
      for (const i of fresh) {
        if (d.items[i.key]) continue;
        const item: OutboxItem = {
          key: i.key, conversationId: i.conversationId, action: i.action, seq: ++d.seq, createdAt: iso, state: 'pending', attempts: 0, nextAttemptAt: iso,
        };
        if (i.trackAlertFor) item.trackAlertFor = i.trackAlertFor;
        if (i.updateAlertFor) item.updateAlertFor = i.updateAlertFor;
        d.items[i.key] = item;
        added.push(i.key);
      }
      if (!added.length) return { skipWrite: true, result: added };
      return added;
    });
  }

  async pending(): Promise<OutboxItem[]> {
    const d = await this.index.get();
    return Object.values(d.items)
      .filter((i) => i.state === 'pending')
      .sort((a, b) => a.seq - b.seq);
  }

  async all(): Promise<OutboxItem[]> {
    return Object.values((await this.index.get()).items);
  }

  async message(key: string): Promise<OutboundMessage | undefined> {
    const items = await this.storage.read([this.bodyKey(key)]);
    return (items[this.bodyKey(key)] as { message?: OutboundMessage } | undefined)?.message;
  }

  async markDone(key: string, state: 'sent' | 'failed' | 'dropped', now: Date, details: { activityId?: string; error?: string } = {}): Promise<void> {
    await this.index.update((d) => {
      const item = d.items[key];
      if (!item) return { skipWrite: true };
      item.state = state;
      item.doneAt = now.toISOString();
      delete item.claimedBy;
      delete item.claimedAt;
      if (details.activityId) item.activityId = details.activityId;
      if (details.error) item.lastError = details.error;
    });
  }

  /**
   * Claims a pending item for one send by `claimant`, with a conditional write of the outbox (eTag):
   * of two replicas claiming at once, one wins and the other re-reads and sees the claim. A claim by
   * another replica younger than `staleAfterMs` means its send may still be in flight (busy); an older
   * one means that replica died mid-send: the item is taken over, and may repeat what Teams accepted.
   */
  async claim(key: string, claimant: string, now: Date, staleAfterMs: number): Promise<ClaimResult> {
    return this.index.update<ClaimResult>((d) => {
      const item = d.items[key];
      if (!item || item.state !== 'pending') return { skipWrite: true, result: { outcome: 'not-pending' } };
      const other = item.claimedBy && item.claimedBy !== claimant ? item.claimedBy : undefined;
      const claimedAt = item.claimedAt ? Date.parse(item.claimedAt) : 0;
      if (other && now.getTime() - claimedAt < staleAfterMs) {
        return { skipWrite: true, result: { outcome: 'busy', retryAt: new Date(claimedAt + staleAfterMs) } };
      }
      item.claimedBy = claimant;
      item.claimedAt = now.toISOString();
      return { outcome: 'claimed', mayRepeat: !!other };
    });
  }

  async reschedule(key: string, attempts: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.index.update((d) => {
      const item = d.items[key];
      if (!item) return { skipWrite: true };
      item.attempts = attempts;
      item.nextAttemptAt = nextAttemptAt.toISOString();
      delete item.claimedBy;
      delete item.claimedAt;
      item.lastError = error;
    });
  }

  /** Drops every pending item of a conversation (Teams said it is gone). */
  async dropConversation(conversationId: string, now: Date, reason: string): Promise<number> {
    return this.index.update((d) => {
      let n = 0;
      for (const item of Object.values(d.items)) {
        if (item.conversationId === conversationId && item.state === 'pending') {
          item.state = 'dropped';
          item.doneAt = now.toISOString();
          item.lastError = reason;
          n++;
        }
      }
      if (!n) return { skipWrite: true, result: 0 };
      return n;
    });
  }

  /** Forgets finished items older than the retention, with their bodies. */
  async prune(now: Date): Promise<number> {
    const old = await this.index.update((d) => {
      const keys = Object.values(d.items)
        .filter((i) => i.state !== 'pending' && i.doneAt && now.getTime() - Date.parse(i.doneAt) > OUTBOX_RETENTION_MS)
        .map((i) => i.key);
      if (!keys.length) return { skipWrite: true, result: [] as string[] };
      for (const k of keys) delete d.items[k];
      return keys;
    });
    if (old.length) await this.storage.delete(old.map((k) => this.bodyKey(k)));
    return old.length;
  }
}
