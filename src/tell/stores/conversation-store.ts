import type { ConversationAddress } from '../../chat/conversation-address';
import { DocumentStore } from '../../storage/document-store';
import type { KeyValueStorage } from '../../storage/key-value-storage';
import { TELL_KEY_PREFIX } from './tell-key-prefix';

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
    this.doc = new DocumentStore(storage, `${TELL_KEY_PREFIX}conversations`, () => ({ conversations: {} }));
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
