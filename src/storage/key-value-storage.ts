/**
 * The storage contract every store is written against: our MemoryStorage and SqliteStorage
 * implement it. It is structurally identical to botbuilder's `Storage` (read/write/delete with
 * eTags), so the channel edge can hand the same object to botbuilder's dialog state, and an Azure
 * Blob storage would fit, without the features or this folder importing botbuilder.
 *
 * eTag rules (botbuilder's, https://learn.microsoft.com/en-us/azure/bot-service/bot-builder-howto-v4-storage):
 * a write whose item carries an eTag other than '*' fails when the stored item has a different eTag;
 * no eTag or '*' means last-write-wins. test/unit/storage/storage-contract.test.ts pins them down.
 */
export interface KeyValueStorage {
  read(keys: string[]): Promise<Record<string, any>>;
  write(changes: Record<string, any>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** Thrown by our storages on a stale eTag; recognised together with botbuilder's and Blob's own errors. */
export class ETagConflictError extends Error {
  readonly statusCode = 412;
  constructor(key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** botbuilder's MemoryStorage throws a plain Error mentioning "eTag conflict"; Azure Blob answers 412. */
export function isETagConflict(error: unknown): boolean {
  if (error instanceof ETagConflictError) return true;
  const e = error as { message?: unknown; statusCode?: unknown; code?: unknown } | undefined;
  if (!e) return false;
  if (e.statusCode === 412 || e.code === 'ConditionNotMet') return true;
  return typeof e.message === 'string' && /etag conflict/i.test(e.message);
}
