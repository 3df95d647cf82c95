/**
 * The storage contract every store is written against. It is structurally identical to
 * botbuilder's `Storage` (read/write/delete with eTags), so MemoryStorage, our SQLite storage and
 * botbuilder-azure-blobs all fit without this folder's typed stores importing botbuilder.
 *
 * eTag rules (botbuilder's): a write whose item carries an eTag other than '*' fails when the stored
 * item has a different eTag; no eTag or '*' means last-write-wins.
 */
export interface KeyValueStorage {
  read(keys: string[]): Promise<Record<string, any>>;
  write(changes: Record<string, any>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** Thrown by our storages on a stale eTag; recognised together with MemoryStorage's and Blob's own errors. */
export class ETagConflictError extends Error {
  readonly statusCode = 412;
  constructor(key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** MemoryStorage throws a plain Error mentioning "eTag conflict"; Azure Blob answers 412. */
export function isETagConflict(error: unknown): boolean {
  if (error instanceof ETagConflictError) return true;
  const e = error as { message?: unknown; statusCode?: unknown; code?: unknown } | undefined;
  if (!e) return false;
  if (e.statusCode === 412 || e.code === 'ConditionNotMet') return true;
  return typeof e.message === 'string' && /etag conflict/i.test(e.message);
}
