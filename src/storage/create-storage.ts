import type { StorageConfig } from '../config/config';
import type { KeyValueStorage } from './key-value-storage';
import { MemoryStorage } from './memory-storage';
import { SqliteStorage } from './sqlite-storage';

/** A storage the app owns: closed on shutdown, described in /healthz and the start log. */
export type OwnedStorage = KeyValueStorage & { close?: () => void; description: string };

/**
 * The one place that picks a KeyValueStorage implementation, from configuration that
 * src/config/config.ts has already read and validated (defaults included). An Azure Blob storage
 * would be added here.
 */
export function createStorage(config: StorageConfig): OwnedStorage {
  if (config.kind === 'memory') return Object.assign(new MemoryStorage(), { description: 'memory' });
  return Object.assign(new SqliteStorage(config.sqlitePath), { description: `sqlite (${config.sqlitePath})` });
}
