import { isETagConflict, type KeyValueStorage } from './key-value-storage';

/** Serialises async work per key inside this process (two commands in one turn burst). */
class KeyedMutex {
  private tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/**
 * The eTag of a write that creates: no stored item ever has it, so under the KeyValueStorage rules the
 * write creates the item if it is still absent and is a conflict if another writer created it first.
 */
export const CREATE_ONLY_ETAG = 'absent';

export interface DocumentStoreOptions {
  /** How many times an update re-reads and re-applies after an eTag conflict (another replica won). */
  maxConflictRetries?: number;
  /** Converts a document written in an older shape as it is read; the next update stores the new shape. */
  upgrade?: (stored: unknown) => unknown;
}

/**
 * One JSON document under one storage key, updated with optimistic concurrency: read (with its
 * eTag), apply a pure change, write with that eTag; on conflict re-read and re-apply. Updates in
 * this process are also serialised per key, so concurrent commands never race each other.
 */
export class DocumentStore<T extends object> {
  private static readonly mutex = new KeyedMutex();
  private readonly maxRetries: number;
  private readonly upgrade?: (stored: unknown) => unknown;

  constructor(
    private readonly storage: KeyValueStorage,
    readonly key: string,
    private readonly empty: () => T,
    options: DocumentStoreOptions = {},
  ) {
    this.maxRetries = options.maxConflictRetries ?? 8;
    this.upgrade = options.upgrade;
  }

  /** The current value (a fresh copy), or the empty value when nothing is stored. */
  async get(): Promise<T> {
    return (await this.readWithTag()).value;
  }

  /**
   * Applies `change` (which may mutate the draft and/or return a result) and persists it.
   * Returning `{ skipWrite: true }` from `change` means "no change" and avoids a write.
   */
  async update<R = void>(change: (draft: T) => R | { skipWrite: true; result?: R }): Promise<R> {
    return DocumentStore.mutex.run(this.key, async () => {
      for (let attempt = 0; ; attempt++) {
        const { value, eTag } = await this.readWithTag();
        const outcome = change(value);
        if (outcome && typeof outcome === 'object' && (outcome as { skipWrite?: boolean }).skipWrite === true) {
          return (outcome as { result?: R }).result as R;
        }
        try {
          // A document read as absent is written create-only: a replica that created it meanwhile wins, and this update is re-applied on top.
          await this.storage.write({ [this.key]: { ...value, eTag: eTag ?? CREATE_ONLY_ETAG } });
          return outcome as R;
        } catch (error) {
          if (!isETagConflict(error) || attempt >= this.maxRetries) throw error;
        }
      }
    });
  }

  /** Writes the whole value, last-write-wins, without reading first (for a single writer). */
  async overwrite(value: T): Promise<void> {
    await DocumentStore.mutex.run(this.key, () => this.storage.write({ [this.key]: { ...value, eTag: '*' } }));
  }

  private async readWithTag(): Promise<{ value: T; eTag?: string }> {
    const items = await this.storage.read([this.key]);
    const stored = items[this.key] as (T & { eTag?: string }) | undefined;
    if (!stored) return { value: this.empty() };
    // Every storage here (memory, SQLite, Blob) parses a fresh copy per read (a contract test checks it), so no clone is needed.
    const { eTag, ...rest } = stored as T & { eTag?: string };
    return { value: (this.upgrade ? this.upgrade(rest) : rest) as T, eTag };
  }
}
