import type { ConversationAddress } from '../../chat/conversation-address';
import { silentLogger, type Logger } from '../../core/logger';
import { DocumentStore } from '../../storage/document-store';
import type { KeyValueStorage } from '../../storage/key-value-storage';
import { upgradeStoredConversation } from './stored-conversation-upgrade';
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

/** As stored: records of this version and, until their next write, records of the previous release. */
interface ConversationsDoc { conversations: Record<string, unknown> }

/**
 * Every conversation in one document. Reads upgrade previous-release records (raw Bot Framework
 * references) to addresses, so a file written before an upgrade keeps delivering alerts; the next
 * write stores them upgraded, and drops the few that cannot be upgraded (logged once each).
 */
export class ConversationStore {
  private readonly doc: DocumentStore<ConversationsDoc>;
  private readonly reportedDrops = new Set<string>();
  private statusChangeCount = 0;

  constructor(storage: KeyValueStorage, private readonly logger: Logger = silentLogger) {
    this.doc = new DocumentStore(storage, `${TELL_KEY_PREFIX}conversations`, () => ({ conversations: {} }));
  }

  async get(id: string): Promise<StoredConversation | undefined> {
    const record = (await this.doc.get()).conversations[id];
    return record === undefined ? undefined : this.upgrade(id, record);
  }

  async all(): Promise<StoredConversation[]> {
    return Object.values(this.upgradeAll((await this.doc.get()).conversations));
  }

  /** Upserts; `installed` also stamps installedAt. Reactivates a removed/blocked conversation. */
  async upsert(entry: Omit<StoredConversation, 'status' | 'installedAt'>, installed: boolean): Promise<void> {
    await this.doc.update((d) => {
      const conversations = (d.conversations = this.upgradeAll(d.conversations));
      const old = conversations[entry.id];
      const next: StoredConversation = { ...old, ...entry, status: 'active' };
      delete next.statusReason;
      if (installed) next.installedAt = entry.lastSeen;
      // Skip the write when only lastSeen moved by under a minute: every message refreshes the reference.
      if (old && old.status === 'active' && !installed && sameIgnoringLastSeen(old, next) &&
          Date.parse(entry.lastSeen) - Date.parse(old.lastSeen) < 60_000) return { skipWrite: true };
      conversations[entry.id] = next;
    });
  }

  async setStatus(id: string, status: StoredConversation['status'], reason: string): Promise<void> {
    await this.doc.update((d) => {
      const conversations = (d.conversations = this.upgradeAll(d.conversations));
      const c = conversations[id];
      if (!c) return { skipWrite: true };
      c.status = status;
      c.statusReason = reason;
    });
    this.statusChangeCount++;
  }

  /** How many status changes (removed, blocked) this process has made: a cache of "known active" compares it. */
  get statusChanges(): number {
    return this.statusChangeCount;
  }

  private upgradeAll(records: Record<string, unknown>): Record<string, StoredConversation> {
    const upgraded: Record<string, StoredConversation> = {};
    for (const [id, record] of Object.entries(records)) {
      const conversation = this.upgrade(id, record);
      if (conversation) upgraded[id] = conversation;
    }
    return upgraded;
  }

  private upgrade(id: string, record: unknown): StoredConversation | undefined {
    const outcome = upgradeStoredConversation(id, record);
    if ('conversation' in outcome) return outcome.conversation;
    if (!this.reportedDrops.has(id)) {
      this.reportedDrops.add(id);
      this.logger.warn('stored conversation dropped: it cannot be upgraded, so no alerts go there until the bot sees it again', { conversationId: id, problem: outcome.problem });
    }
    return undefined;
  }
}

function sameIgnoringLastSeen(a: StoredConversation, b: StoredConversation): boolean {
  return JSON.stringify({ ...a, lastSeen: '' }) === JSON.stringify({ ...b, lastSeen: '' });
}
