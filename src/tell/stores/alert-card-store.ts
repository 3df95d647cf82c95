import type { Acknowledgement } from '../alert-acknowledgement';
import type { AlertKind } from '../alert-kinds';
import { DocumentStore } from '../../storage/document-store';
import type { KeyValueStorage } from '../../storage/key-value-storage';
import { TELL_KEY_PREFIX } from './tell-key-prefix';

/** The open alert card of each (conversation, cluster), so a recovery updates it in place. */
export interface AlertCardRecord {
  activityId: string;
  kind: AlertKind;
  sentAt: string;
  /** The outbox item that posted it: its stored message redraws the card (e.g. with a mute line). */
  outboxKey?: string;
  /** Who has this alert: kept when a reminder for the cluster replaces the record, gone with the recovery. */
  acknowledged?: Acknowledgement;
}

/** What acknowledging an open alert did: stored now, someone had it already, or no open alert. */
export type AcknowledgeOutcome =
  | { outcome: 'acknowledged'; record: AlertCardRecord }
  | { outcome: 'already'; record: AlertCardRecord }
  | { outcome: 'no-open-alert' };

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
    this.doc = new DocumentStore(storage, `${TELL_KEY_PREFIX}alert-cards`, () => ({ cards: {} }));
  }

  async get(conversationId: string, clusterId: string): Promise<AlertCardRecord | undefined> {
    return (await this.doc.get()).cards[openCardKey(conversationId, clusterId)];
  }

  /** Every open alert card as (conversation, cluster id lower-cased), with who acknowledged it. */
  async list(): Promise<{ conversationId: string; clusterId: string; acknowledged?: Acknowledgement }[]> {
    return Object.entries((await this.doc.get()).cards).map(([key, record]) => {
      const cut = key.lastIndexOf('\n');
      return { conversationId: key.slice(0, cut), clusterId: key.slice(cut + 1), ...(record.acknowledged ? { acknowledged: record.acknowledged } : {}) };
    });
  }

  /** A new card for the cluster: an acknowledgement of the previous one stays (the reminder says who has it). */
  async set(conversationId: string, clusterId: string, record: AlertCardRecord): Promise<void> {
    await this.doc.update((d) => {
      const key = openCardKey(conversationId, clusterId);
      const acknowledged = record.acknowledged ?? d.cards[key]?.acknowledged;
      d.cards[key] = { ...record, ...(acknowledged ? { acknowledged } : {}) };
    });
  }

  /** Records who has the open alert, in one eTag-checked write: the first acknowledgement stands. */
  async acknowledge(conversationId: string, clusterId: string, acknowledgement: Acknowledgement): Promise<AcknowledgeOutcome> {
    return this.doc.update<AcknowledgeOutcome>((d) => {
      const record = d.cards[openCardKey(conversationId, clusterId)];
      if (!record) return { skipWrite: true, result: { outcome: 'no-open-alert' } };
      if (record.acknowledged) return { skipWrite: true, result: { outcome: 'already', record } };
      record.acknowledged = acknowledgement;
      return { outcome: 'acknowledged', record };
    });
  }

  async delete(conversationId: string, clusterId: string): Promise<void> {
    await this.doc.update((d) => {
      if (!d.cards[openCardKey(conversationId, clusterId)]) return { skipWrite: true };
      delete d.cards[openCardKey(conversationId, clusterId)];
    });
  }
}
