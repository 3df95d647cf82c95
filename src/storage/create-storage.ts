import type { TokenCredential } from '@azure/identity';
import { describeStorage, type StorageConfig } from '../config/config';
import type { KeyValueStorage } from './key-value-storage';
import { SoleLeaderLease, type LeaderLease } from './leader-lease';
import { SqliteLeaderLease } from './sqlite-leader-lease';
import { MemoryStorage } from './memory-storage';
import { SqliteStorage } from './sqlite-storage';

/**
 * A storage the app owns: closed on shutdown, described in /healthz and the start log, and able to
 * make the leader lease that lets exactly one process sharing it run the monitor.
 */
export type OwnedStorage = KeyValueStorage & {
  close?: () => void;
  description: string;
  createLeaderLease(holderId: string): LeaderLease;
};

/**
 * The one place that picks a KeyValueStorage implementation, from configuration that
 * src/config/config.ts has already read and validated (defaults included). Azure Blob is checked
 * at once (container created, probe written and read): a wrong key or a missing role throws a
 * one-line StorageStartError here, not at the first alert.
 */
export async function createStorage(config: StorageConfig, credential?: TokenCredential): Promise<OwnedStorage> {
  const description = describeStorage(config);
  const durationMs = config.leaderLeaseMs;
  if (config.kind === 'memory') {
    return Object.assign(new MemoryStorage(), { description, createLeaderLease: (id: string) => new SoleLeaderLease(id, durationMs) });
  }
  if (config.kind === 'sqlite') {
    const sqlite = new SqliteStorage(config.sqlitePath);
    const closeDatabase = sqlite.close.bind(sqlite);
    const leases: SqliteLeaderLease[] = [];
    return Object.assign(sqlite, {
      description,
      createLeaderLease: (id: string) => { const lease = new SqliteLeaderLease(config.sqlitePath, id, durationMs); leases.push(lease); return lease; },
      close: () => { for (const lease of leases) lease.close(); closeDatabase(); },
    });
  }
  // Loaded only when used, so the other storages start without the Azure Storage SDK.
  const { containerClientFor, verifyContainer } = await import('./azure-blob-container');
  const { AzureBlobStorage } = await import('./azure-blob-storage');
  const { BlobLeaderLease } = await import('./blob-leader-lease');
  const container = await containerClientFor(config.azureBlob!, credential);
  await verifyContainer(container, description);
  return Object.assign(new AzureBlobStorage(container), { description, createLeaderLease: (id: string) => new BlobLeaderLease(container, id, durationMs) });
}
