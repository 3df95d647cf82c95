import type { AuditEntry, AuditTrail } from '../chat/audit-port';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { DocumentStore } from '../storage/document-store';
import type { KeyValueStorage } from '../storage/key-value-storage';

/** Every key the audit trail writes starts with this. */
export const AUDIT_KEY_PREFIX = 'audit/';
/**
 * Entries one conversation may store per day. Changes to alerting are human actions (a busy
 * channel has tens a day); the cap keeps one document small if something loops. Past it, the
 * entry still goes to the JSON log, with a warning.
 */
export const MAX_ENTRIES_PER_CONVERSATION_DAY = 1000;
const DAY_MS = 86_400_000;

interface DayDoc { entries: AuditEntry[] }
/** Which conversations wrote on which UTC day: what `recent` reads and what pruning deletes. */
interface IndexDoc { days: Record<string, string[]> }

/**
 * The audit trail on KeyValueStorage: one document per conversation per UTC day, plus a small index
 * of (day -> conversations). Writes are eTag-checked read-modify-writes (DocumentStore), so two
 * replicas recording at once both land. Pruning is whole documents: the first record of a new day in
 * this process drops the days older than the retention, so nothing ever rewrites a growing blob.
 */
export class StoredAuditTrail implements AuditTrail {
  private readonly index: DocumentStore<IndexDoc>;
  /** Days this process already put in the index for a conversation ("day\nconversation"). */
  private readonly indexed = new Set<string>();
  private prunedOn?: string;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly retentionDays: number,
  ) {
    this.index = new DocumentStore(storage, `${AUDIT_KEY_PREFIX}index`, () => ({ days: {} }));
  }

  async record(entry: AuditEntry): Promise<void> {
    this.logger.info('audit', { ...entry });
    try {
      const day = entry.at.slice(0, 10);
      await this.prune(this.clock.now());
      await this.addToIndex(day, entry.conversationId);
      const stored = await this.dayDoc(day, entry.conversationId).update((d) => {
        if (d.entries.length >= MAX_ENTRIES_PER_CONVERSATION_DAY) return { skipWrite: true, result: false };
        d.entries.push(entry);
        return true;
      });
      if (!stored) this.logger.warn('audit: day full for this conversation, entry kept in the log only', { conversationId: entry.conversationId, day });
    } catch (error) {
      // The change itself is done; the JSON log above still has the record.
      this.logger.error('audit: storing the entry failed (it is in this log)', { error: error as Error, conversationId: entry.conversationId });
    }
  }

  async recent(conversationId: string, limit: number): Promise<AuditEntry[]> {
    const cutoff = this.cutoffDay(this.clock.now());
    const days = Object.entries((await this.index.get()).days)
      .filter(([day, conversations]) => day >= cutoff && conversations.includes(conversationId))
      .map(([day]) => day)
      .sort()
      .reverse();
    const found: AuditEntry[] = [];
    for (const day of days) {
      const entries = (await this.dayDoc(day, conversationId).get()).entries;
      // Stored in the order recorded: reversed, then sorted stably, the later of two at the same time comes first.
      found.push(...[...entries].reverse().sort((a, b) => b.at.localeCompare(a.at)));
      if (found.length >= limit) break;
    }
    return found.slice(0, limit);
  }

  /** The oldest UTC day still kept ("YYYY-MM-DD"): today and the `retentionDays - 1` days before it. */
  private cutoffDay(now: Date): string {
    return new Date(now.getTime() - (this.retentionDays - 1) * DAY_MS).toISOString().slice(0, 10);
  }

  private dayDoc(day: string, conversationId: string): DocumentStore<DayDoc> {
    return new DocumentStore(this.storage, `${AUDIT_KEY_PREFIX}${day}/${conversationId}`, () => ({ entries: [] }));
  }

  private async addToIndex(day: string, conversationId: string): Promise<void> {
    const key = `${day}\n${conversationId}`;
    if (this.indexed.has(key)) return;
    await this.index.update((d) => {
      const conversations = d.days[day] ?? [];
      if (conversations.includes(conversationId)) return { skipWrite: true };
      d.days[day] = [...conversations, conversationId];
    });
    this.indexed.add(key);
  }

  /** Once per UTC day per process: deletes the documents of days past the retention, then forgets them in the index. */
  private async prune(now: Date): Promise<void> {
    const today = now.toISOString().slice(0, 10);
    if (this.prunedOn === today) return;
    const cutoff = this.cutoffDay(now);
    const expired = Object.entries((await this.index.get()).days).filter(([day]) => day < cutoff);
    if (expired.length) {
      // Documents first, index last: a crash in between leaves them listed, and the next prune deletes them again.
      await this.storage.delete(expired.flatMap(([day, conversations]) => conversations.map((c) => `${AUDIT_KEY_PREFIX}${day}/${c}`)));
      await this.index.update((d) => {
        for (const [day] of expired) delete d.days[day];
      });
      this.logger.info('audit: pruned days past the retention', { days: expired.length, retentionDays: this.retentionDays });
    }
    this.prunedOn = today;
    for (const key of [...this.indexed]) if (key.slice(0, 10) < cutoff) this.indexed.delete(key);
  }
}
