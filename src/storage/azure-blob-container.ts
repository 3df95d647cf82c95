import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/identity';
import type { AzureBlobConfig } from '../config/config';
import { StorageStartError } from './storage-start-error';


/** Each storage call gives up after this long and is retried a few times (a dead endpoint must not hang a turn). */
const RETRY_OPTIONS = { maxTries: 3, tryTimeoutInMs: 10_000, retryDelayInMs: 500, maxRetryDelayInMs: 2_000 } as const;
/** One probe blob per process: replicas starting together must not read or delete each other's. */
const PROBE_BLOB = `health/start-probe-${randomUUID()}`;

/**
 * The container client for the configuration: a connection string (account key, SAS or Azurite) or
 * the account URL with a token credential (managed identity; default DefaultAzureCredential, loaded
 * only then).
 */
export async function containerClientFor(config: AzureBlobConfig, credential?: TokenCredential): Promise<ContainerClient> {
  if (config.connectionString) {
    return BlobServiceClient.fromConnectionString(config.connectionString, { retryOptions: RETRY_OPTIONS }).getContainerClient(config.container);
  }
  const tokenCredential = credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
  return new BlobServiceClient(config.accountUrl!, tokenCredential, { retryOptions: RETRY_OPTIONS }).getContainerClient(config.container);
}

/**
 * Creates the container if missing and writes, reads and deletes a probe blob: a wrong key, a missing
 * role or an unreachable account fails here, at start, as one StorageStartError line.
 */
export async function verifyContainer(container: ContainerClient, where: string): Promise<void> {
  try {
    await container.createIfNotExists();
    const probe = container.getBlockBlobClient(PROBE_BLOB);
    const stamp = new Date().toISOString();
    await probe.upload(stamp, Buffer.byteLength(stamp));
    await probe.downloadToBuffer();
    await probe.deleteIfExists();
  } catch (error) {
    throw new StorageStartError(explainStorageFailure(error, where));
  }
}

/** A fixed phrase per known failure (https://learn.microsoft.com/en-us/rest/api/storageservices/blob-service-error-codes). */
export function explainStorageFailure(error: unknown, where: string): string {
  const e = error as { statusCode?: number; code?: string; name?: string; message?: string } | undefined;
  const code = e?.code ?? '';
  if (e?.name === 'CredentialUnavailableError' || e?.name === 'AuthenticationError') {
    return `Azure Blob storage ${where}: no Azure credential could get a token (managed identity not assigned, or not signed in).`;
  }
  if (code === 'AuthenticationFailed') return `Azure Blob storage ${where}: the account rejected the credentials (AuthenticationFailed): check the key in AZURE_STORAGE_CONNECTION_STRING.`;
  if (code === 'AuthorizationPermissionMismatch' || code === 'AuthorizationFailure' || e?.statusCode === 403) {
    return `Azure Blob storage ${where}: access denied (${code || 403}): give the bot's identity the "Storage Blob Data Contributor" role on the account or container.`;
  }
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET/.test(`${code} ${e?.message ?? ''}`)) {
    return `Azure Blob storage ${where}: the account cannot be reached (${code || 'network'}): check the account name/URL and the network.`;
  }
  return `Azure Blob storage ${where}: unusable (${e?.statusCode ?? ''} ${code || e?.name || 'error'}).`.replace(/\( /, '(');
}
