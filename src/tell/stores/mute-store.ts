import type { ClusterFilter } from '../../clusters/cluster-filter';
import { upgradeStoredFilters } from '../../clusters/legacy-cluster-filter';
import { DocumentStore } from '../../storage/document-store';
import type { KeyValueStorage } from '../../storage/key-value-storage';
import { TELL_KEY_PREFIX } from './tell-key-prefix';

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
    this.doc = new DocumentStore<MutesDoc>(storage, `${TELL_KEY_PREFIX}mutes`, () => ({ conversations: {} }),
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
