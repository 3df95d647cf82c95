import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { ETagConflictError, type KeyValueStorage } from './key-value-storage';

/**
 * jest's resolver does not know every `node:` builtin, so load node:sqlite through the runtime
 * (Node >= 22.5) instead of a static import. Node prints "ExperimentalWarning: SQLite is an
 * experimental feature" the first time it is loaded (https://nodejs.org/api/sqlite.html): the bot
 * uses it knowingly, so that one warning is held back while loading; every other warning is kept.
 */
export function loadSqlite(): typeof import('node:sqlite') {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (isSqliteExperimentalWarning(warning, rest[0])) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  let mod: typeof import('node:sqlite') | undefined;
  try {
    mod = process.getBuiltinModule?.('node:sqlite') as typeof import('node:sqlite') | undefined;
  } finally {
    process.emitWarning = emitWarning;
  }
  if (!mod) throw new Error('node:sqlite is not available: run on Node 22.5 or later (the project uses Node 24).');
  return mod;
}

/** Node's notice for node:sqlite: `emitWarning("SQLite is an experimental feature ...", "ExperimentalWarning")`. */
export function isSqliteExperimentalWarning(warning: string | Error, typeOrOptions: unknown): boolean {
  const message = typeof warning === 'string' ? warning : warning.message;
  const type = typeof typeOrOptions === 'string' ? typeOrOptions : (typeOrOptions as { type?: unknown } | undefined)?.type ?? (warning as Error).name;
  return type === 'ExperimentalWarning' && /\bSQLite\b/i.test(message);
}

/**
 * KeyValueStorage on Node's embedded SQLite: one table of JSON documents with a numeric eTag.
 * WAL mode so readers never block the writer; every write batch runs in one IMMEDIATE transaction,
 * so the eTag check and the update are atomic even with several processes on one file.
 */
export class SqliteStorage implements KeyValueStorage {
  private readonly db: DatabaseSync;

  constructor(readonly filePath: string) {
    if (filePath !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
    const { DatabaseSync: Database } = loadSqlite();
    this.db = new Database(filePath);
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS bot_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, etag INTEGER NOT NULL)');
  }

  journalMode(): string {
    const row = this.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
    return row.journal_mode;
  }

  async read(keys: string[]): Promise<Record<string, any>> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    const items: Record<string, any> = {};
    const select = this.db.prepare('SELECT value, etag FROM bot_state WHERE key = ?');
    for (const key of keys) {
      const row = select.get(key) as { value: string; etag: number } | undefined;
      if (row) items[key] = { ...JSON.parse(row.value), eTag: String(row.etag) };
    }
    return items;
  }

  async write(changes: Record<string, any>): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    const select = this.db.prepare('SELECT etag FROM bot_state WHERE key = ?');
    const upsert = this.db.prepare(
      'INSERT INTO bot_state (key, value, etag) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag',
    );
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string };
        const current = select.get(key) as { etag: number } | undefined;
        // The KeyValueStorage rule (MemoryStorage's too): a stale eTag on an existing item is a conflict.
        if (current && eTag && eTag !== '*' && String(current.etag) !== String(eTag)) throw new ETagConflictError(key);
        const next = current ? current.etag + 1 : 1;
        upsert.run(key, JSON.stringify(value), next);
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    for (const key of keys) del.run(key);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
