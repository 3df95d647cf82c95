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
    this.doc = new DocumentStore(storage, `${TELL_KEY_PREFIX}alert-cards`, () => ({ cards: {} }));
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
