import { ETagConflictError, type KeyValueStorage } from './key-value-storage';

/**
 * KeyValueStorage in this process's memory: for tests, benches and `STORAGE=memory`. It follows the
 * same eTag rules as SqliteStorage (a numeric eTag per key; a stale one on an existing item throws
 * ETagConflictError and the whole batch is left unwritten), and keeps each item as JSON so every
 * read hands back a fresh copy, as a real store does.
 */
export class MemoryStorage implements KeyValueStorage {
  private readonly items = new Map<string, { json: string; eTag: number }>();

  async read(keys: string[]): Promise<Record<string, any>> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    const found: Record<string, any> = {};
    for (const key of keys) {
      const stored = this.items.get(key);
      if (stored) found[key] = { ...JSON.parse(stored.json), eTag: String(stored.eTag) };
    }
    return found;
  }

  async write(changes: Record<string, any>): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    const next = new Map<string, { json: string; eTag: number }>();
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...value } = (item ?? {}) as { eTag?: string };
      const current = this.items.get(key);
      if (current && eTag && eTag !== '*' && String(current.eTag) !== String(eTag)) throw new ETagConflictError(key);
      next.set(key, { json: JSON.stringify(value), eTag: current ? current.eTag + 1 : 1 });
    }
    for (const [key, stored] of next) this.items.set(key, stored);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }
}
