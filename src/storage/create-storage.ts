import type { TokenCredential } from '@azure/identity';
import { describeStorage, type StorageConfig } from '../config/config';
import type { KeyValueStorage } from './key-value-storage';
import { MemoryStorage } from './memory-storage';
import { SqliteStorage } from './sqlite-storage';

/** A storage the app owns: closed on shutdown, described in /healthz and the start log. */
export type OwnedStorage = KeyValueStorage & { close?: () => void; description: string };

/**
 * The one place that picks a KeyValueStorage implementation, from configuration that
 * src/config/config.ts has already read and validated (defaults included). Azure Blob is checked
 * at once (container created, probe written and read): a wrong key or a missing role throws a
 * one-line StorageStartError here, not at the first alert.
 */
export async function createStorage(config: StorageConfig, credential?: TokenCredential): Promise<OwnedStorage> {
  const description = describeStorage(config);
  if (config.kind === 'memory') return Object.assign(new MemoryStorage(), { description });
  if (config.kind === 'sqlite') return Object.assign(new SqliteStorage(config.sqlitePath), { description });
  // Loaded only when used, so the other storages start without the Azure Storage SDK.
  const { containerClientFor, verifyContainer } = await import('./azure-blob-container');
  const { AzureBlobStorage } = await import('./azure-blob-storage');
  const container = await containerClientFor(config.azureBlob!, credential);
  await verifyContainer(container, description);
  return Object.assign(new AzureBlobStorage(container), { description });
}
