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

/** Reads STORAGE and SQLITE_PATH; throws a message that names the variable when it is wrong. */
export function storageConfigFromEnv(env: Record<string, string | undefined> = process.env): Required<StorageConfig> {
  const raw = (env.STORAGE ?? '').trim().toLowerCase();
  if (raw !== '' && raw !== 'sqlite' && raw !== 'memory') {
    throw new Error(`STORAGE must be "sqlite" or "memory" (got "${env.STORAGE}").`);
  }
  return { kind: (raw || 'sqlite') as StorageKind, sqlitePath: env.SQLITE_PATH?.trim() || DEFAULT_SQLITE_PATH };
}

/** The one place that picks a Storage implementation; an Azure Blob one would be added here. */
export function createStorage(config: StorageConfig = {}): Storage & { close?: () => void; description: string } {
  const kind = config.kind ?? 'sqlite';
  if (kind === 'memory') return Object.assign(new MemoryStorage(), { description: 'memory' });
  const file = config.sqlitePath ?? DEFAULT_SQLITE_PATH;
  return Object.assign(new SqliteStorage(file), { description: `sqlite (${file})` });
}
