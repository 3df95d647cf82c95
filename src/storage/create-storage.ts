import { MemoryStorage, type Storage } from 'botbuilder';
import { SqliteStorage } from './sqlite-storage';

export type StorageKind = 'sqlite' | 'memory';

export interface StorageConfig {
  /** `STORAGE`: sqlite (default, embedded) | memory (tests, nothing survives a restart). */
  kind?: StorageKind;
  /** `SQLITE_PATH`, default ./data/arc-bot.db. */
  sqlitePath?: string;
}

const DEFAULT_SQLITE_PATH = './data/arc-bot.db';

/** The one place that picks a Storage implementation; an Azure Blob one would be added here. */
export function createStorage(config: StorageConfig = {}): Storage & { close?: () => void; description: string } {
  const kind = config.kind ?? 'sqlite';
  if (kind === 'memory') return Object.assign(new MemoryStorage(), { description: 'memory' });
  const file = config.sqlitePath ?? DEFAULT_SQLITE_PATH;
  return Object.assign(new SqliteStorage(file), { description: `sqlite (${file})` });
}
