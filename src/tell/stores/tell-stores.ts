import { createHash } from 'node:crypto';
import type { ConversationAddress } from '../../chat/conversation-address';
import type { AlertKind } from '../alert-kinds';
import type { ClusterFilter } from '../../clusters/cluster-filter';
import { upgradeStoredFilters } from '../../clusters/legacy-cluster-filter';
import { emptyFleetMemory, type FleetMemory } from '../fleet-diff';
import type { Message } from '../../chat/reply';
import { DocumentStore } from '../../storage/document-store';
import { packFleetMemory, unpackFleetMemory, type PackedFleetMemory } from './fleet-memory-codec';
import type { KeyValueStorage } from '../../storage/key-value-storage';

/**
 * Typed stores for the "Tell" feature, all on the Storage contract (memory, SQLite, and later Azure
 * Blob via botbuilder-azure-blobs without touching the monitor). Small documents, each updated with
 * eTag retry; the outbox keeps card bodies in their own keys so its index stays small.
 */
const KEY_PREFIX = 'tell/';

// ---- conversations -------------------------------------------------------------------------

/** A conversation the bot can post alerts into: its address (the bot's own type) and its state. */
export interface StoredConversation {
  /** The conversation id without `;messageid=` (the channel, not a thread). */
  id: string;
  address: ConversationAddress;
  installedAt?: string;
  lastSeen: string;
  status: 'active' | 'removed' | 'blocked';
  statusReason?: string;
}

interface ConversationsDoc { conversations: Record<string, StoredConversation> }

export class ConversationStore {
  private readonly doc: DocumentStore<ConversationsDoc>;
  constructor(storage: KeyValueStorage) {
    this.doc = new DocumentStore(storage, `${KEY_PREFIX}conversations`, () => ({ conversations: {} }));
  }

  async get(id: string): Promise<StoredConversation | undefined> {
    return (await this.doc.get()).conversations[id];
  }

  async all(): Promise<StoredConversation[]> {
    return Object.values((await this.doc.get()).conversations);
  }

  /** Upserts; `installed` also stamps installedAt. Reactivates a removed/blocked conversation. */
  async upsert(entry: Omit<StoredConversation, 'status' | 'installedAt'>, installed: boolean): Promise<void> {
    await this.doc.update((d) => {
      const old = d.conversations[entry.id];
      const next: StoredConversation = { ...old, ...entry, status: 'active' };
      delete next.statusReason;
      if (installed) next.installedAt = entry.lastSeen;
      // Skip the write when only lastSeen moved by under a minute: every message refreshes the reference.
      if (old && old.status === 'active' && !installed && sameIgnoringLastSeen(old, next) &&
          Date.parse(entry.lastSeen) - Date.parse(old.lastSeen) < 60_000) return { skipWrite: true };
      d.conversations[entry.id] = next;
    });
  }

  async setStatus(id: string, status: StoredConversation['status'], reason: string): Promise<void> {
    await this.doc.update((d) => {
      const c = d.conversations[id];
      if (!c) return { skipWrite: true };
      c.status = status;
      c.statusReason = reason;
    });
  }
}

function sameIgnoringLastSeen(a: StoredConversation, b: StoredConversation): boolean {
  return JSON.stringify({ ...a, lastSeen: '' }) === JSON.stringify({ ...b, lastSeen: '' });
}

// ---- subscriptions -------------------------------------------------------------------------

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
}

interface SubscriptionsDoc { conversations: Record<string, ConversationSubscriptions> }

export class SubscriptionStore {
  private readonly doc: DocumentStore<SubscriptionsDoc>;
  constructor(storage: KeyValueStorage) {
    this.doc = new DocumentStore<SubscriptionsDoc>(storage, `${KEY_PREFIX}subscriptions`, () => ({ conversations: {} }),
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
  }

  async enable(conversationId: string): Promise<void> {
    await this.doc.update((d) => {
      const entry = d.conversations[conversationId];
      if (!entry || !entry.disabledReason) return { skipWrite: true };
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

// ---- mutes ---------------------------------------------------------------------------------

export interface Mute {
  number: number;
  filter: ClusterFilter;
  until: string;
  createdBy?: string;
  createdAt: string;
  /** Events recorded (not posted) while the mute was on. */
  suppressed: number;
}

interface MutesDoc { conversations: Record<string, { items: Mute[]; nextNumber: number }> }

export class MuteStore {
  private readonly doc: DocumentStore<MutesDoc>;
  constructor(storage: KeyValueStorage) {
    this.doc = new DocumentStore<MutesDoc>(storage, `${KEY_PREFIX}mutes`, () => ({ conversations: {} }),
      { upgrade: (stored) => upgradeStoredFilters(stored as MutesDoc) });
  }

  async all(): Promise<Record<string, Mute[]>> {
    const d = await this.doc.get();
    return Object.fromEntries(Object.entries(d.conversations).map(([k, v]) => [k, v.items]));
  }

  async list(conversationId: string): Promise<Mute[]> {
    return (await this.doc.get()).conversations[conversationId]?.items ?? [];
  }

  /**
   * Adds a mute, or extends/shortens the one with the same filter. With `neverShorten` (a card's
   * Mute button) an existing mute that lasts longer is kept as it is.
   */
  async add(conversationId: string, mute: Omit<Mute, 'number' | 'suppressed'>, same: (a: ClusterFilter, b: ClusterFilter) => boolean,
    options: { neverShorten?: boolean } = {}): Promise<Mute> {
    return this.doc.update((d) => {
      const entry = (d.conversations[conversationId] ??= { items: [], nextNumber: 1 });
      const existing = entry.items.find((m) => same(m.filter, mute.filter));
      if (existing) {
        if (options.neverShorten && Date.parse(existing.until) >= Date.parse(mute.until)) return { skipWrite: true, result: { ...existing } };
        existing.until = mute.until;
        return { ...existing };
      }
      const created: Mute = { ...mute, number: entry.nextNumber++, suppressed: 0 };
      entry.items.push(created);
      return created;
    });
  }

  /** Removes mutes matching `select`; returns the removed ones. */
  async remove(conversationId: string, select: (m: Mute) => boolean): Promise<Mute[]> {
    return this.doc.update((d) => {
      const entry = d.conversations[conversationId];
      if (!entry) return { skipWrite: true, result: [] };
      const removed = entry.items.filter(select);
      if (!removed.length) return { skipWrite: true, result: [] };
      entry.items = entry.items.filter((m) => !select(m));
      if (!entry.items.length) delete d.conversations[conversationId];
      return removed;
    });
  }

  /** Takes every mute that ended at `now` out of the store (each returned once). */
  async takeEnded(now: Date): Promise<{ conversationId: string; mute: Mute }[]> {
    return this.doc.update((d) => {
      const ended: { conversationId: string; mute: Mute }[] = [];
      for (const [conversationId, entry] of Object.entries(d.conversations)) {
        for (const mute of entry.items) if (Date.parse(mute.until) <= now.getTime()) ended.push({ conversationId, mute });
        entry.items = entry.items.filter((m) => Date.parse(m.until) > now.getTime());
        if (!entry.items.length) delete d.conversations[conversationId];
      }
      if (!ended.length) return { skipWrite: true, result: ended };
      return ended;
    });
  }

  async countSuppressed(counts: { conversationId: string; number: number; events: number }[]): Promise<void> {
    if (!counts.length) return;
    await this.doc.update((d) => {
      for (const c of counts) {
        const mute = d.conversations[c.conversationId]?.items.find((m) => m.number === c.number);
        if (mute) mute.suppressed += c.events;
      }
    });
  }
}

// ---- monitor memory ------------------------------------------------------------------------

/** Directory health across polls: drives the one "degraded" and one "restored" card. */
export interface DirectoryHealth {
  consecutiveFailures: number;
  degraded: boolean;
  /** Increments each time monitoring becomes degraded (part of the card keys). */
  episode: number;
  degradedSince?: string;
  lastError?: string;
}

export interface MonitorDoc {
  fleet: FleetMemory;
  directory: DirectoryHealth;
}

/** MonitorDoc as stored: the fleet memory packed (src/storage/fleet-memory-codec.ts), or plain as written before. */
interface StoredMonitorDoc {
  fleet: PackedFleetMemory | FleetMemory;
  directory: DirectoryHealth;
}

export class MonitorStateStore {
  private readonly doc: DocumentStore<StoredMonitorDoc>;
  constructor(storage: KeyValueStorage) {
    this.doc = new DocumentStore<StoredMonitorDoc>(storage, `${KEY_PREFIX}monitor`, () => ({
      fleet: emptyFleetMemory(),
      directory: { consecutiveFailures: 0, degraded: false, episode: 0 },
    }));
  }

  async get(): Promise<MonitorDoc> {
    const stored = await this.doc.get();
    return { ...stored, fleet: unpackFleetMemory(stored.fleet) };
  }

  /** The monitor is the only writer (one leader polls), so this is last-write-wins without a re-read. */
  async save(value: MonitorDoc): Promise<void> {
    await this.doc.overwrite({ ...value, fleet: packFleetMemory(value.fleet) });
  }
}

// ---- alert cards (for recovery updates in place) ---------------------------------------------

export interface AlertCardRecord {
  activityId: string;
  kind: AlertKind;
  sentAt: string;
}

interface AlertCardsDoc { cards: Record<string, AlertCardRecord> }

/**
 * The key of one conversation's open alert card for one cluster: this store's key, and what the
 * planner is given in `PlanInput.openAlertCards` (resource ids compare case-insensitively).
 */
export function openCardKey(conversationId: string, clusterId: string): string {
  return `${conversationId}\n${clusterId.toLowerCase()}`;
}

export class AlertCardStore {
  private readonly doc: DocumentStore<AlertCardsDoc>;
  constructor(storage: KeyValueStorage) {
    this.doc = new DocumentStore(storage, `${KEY_PREFIX}alert-cards`, () => ({ cards: {} }));
  }

  async get(conversationId: string, clusterId: string): Promise<AlertCardRecord | undefined> {
    return (await this.doc.get()).cards[openCardKey(conversationId, clusterId)];
  }

  /** Every open alert card as (conversation, cluster id lower-cased). */
  async list(): Promise<{ conversationId: string; clusterId: string }[]> {
    return Object.keys((await this.doc.get()).cards).map((key) => {
      const cut = key.lastIndexOf('\n');
      return { conversationId: key.slice(0, cut), clusterId: key.slice(cut + 1) };
    });
  }

  async set(conversationId: string, clusterId: string, record: AlertCardRecord): Promise<void> {
    await this.doc.update((d) => {
      d.cards[openCardKey(conversationId, clusterId)] = record;
    });
  }

  async delete(conversationId: string, clusterId: string): Promise<void> {
    await this.doc.update((d) => {
      if (!d.cards[openCardKey(conversationId, clusterId)]) return { skipWrite: true };
      delete d.cards[openCardKey(conversationId, clusterId)];
    });
  }
}

// ---- outbox --------------------------------------------------------------------------------

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
  /** For `update`: replace the open alert card of this cluster. */
  updateAlertFor?: { clusterId: string };
  activityId?: string;
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

interface OutboxDoc { items: Record<string, OutboxItem>; seq: number }

/** Finished items are kept this long so a re-decided alert with the same key is not sent twice. */
export const OUTBOX_RETENTION_MS = 48 * 60 * 60 * 1000;

export class OutboxStore {
  private readonly index: DocumentStore<OutboxDoc>;
  constructor(private readonly storage: KeyValueStorage) {
    this.index = new DocumentStore(storage, `${KEY_PREFIX}outbox`, () => ({ items: {}, seq: 0 }));
  }

  private bodyKey(key: string): string {
    return `${KEY_PREFIX}outbox-body/${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
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
      if (details.activityId) item.activityId = details.activityId;
      if (details.error) item.lastError = details.error;
    });
  }

  async reschedule(key: string, attempts: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.index.update((d) => {
      const item = d.items[key];
      if (!item) return { skipWrite: true };
      item.attempts = attempts;
      item.nextAttemptAt = nextAttemptAt.toISOString();
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

/** Everything the Tell feature persists, built on one Storage. */
export interface TellStores {
  conversations: ConversationStore;
  subscriptions: SubscriptionStore;
  mutes: MuteStore;
  monitor: MonitorStateStore;
  alertCards: AlertCardStore;
  outbox: OutboxStore;
}

export function createTellStores(storage: KeyValueStorage): TellStores {
  return {
    conversations: new ConversationStore(storage),
    subscriptions: new SubscriptionStore(storage),
    mutes: new MuteStore(storage),
    monitor: new MonitorStateStore(storage),
    alertCards: new AlertCardStore(storage),
    outbox: new OutboxStore(storage),
  };
}
