import type { ContainerClient } from '@azure/storage-blob';
import { ETagConflictError, type KeyValueStorage } from './key-value-storage';

/** Every document lives under this folder of the container; the leader lease blob lives beside it. */
const STATE_FOLDER = 'state/';

/**
 * KeyValueStorage on Azure Blob Storage: one JSON blob per key in one container, shared by every
 * replica. A write carrying an eTag is conditional on the blob's own ETag (If-Match), and one that
 * creates a blob is conditional on it not existing (If-None-Match: *), so two replicas never
 * overwrite each other's changes: the loser gets ETagConflictError and DocumentStore re-reads and
 * re-applies (https://learn.microsoft.com/en-us/rest/api/storageservices/specifying-conditional-headers-for-blob-service-operations).
 *
 * Blob Storage has no transaction across blobs: a batch is checked as a whole before anything is
 * written (a stale eTag anywhere writes nothing), and each blob is then written conditionally, so
 * a race between the check and the write still ends in a conflict, never a lost update.
 */
export class AzureBlobStorage implements KeyValueStorage {
  constructor(private readonly container: ContainerClient) {}

  /** Blob name of a key: percent-encoded, so any key (Teams conversation ids hold ':' ';' '@') is one flat name. */
  static blobName(key: string): string {
    return STATE_FOLDER + encodeURIComponent(key);
  }

  async read(keys: string[]): Promise<Record<string, any>> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    const found: Record<string, any> = {};
    await Promise.all(keys.map(async (key) => {
      const item = await this.readOne(key);
      if (item) found[key] = item;
    }));
    return found;
  }

  async write(changes: Record<string, any>): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes).map(([key, item]) => {
      const { eTag, ...value } = (item ?? {}) as { eTag?: string };
      return { key, value, eTag: eTag && eTag !== '*' ? eTag : undefined };
    });
    // Check every conditional item first: one stale eTag and nothing of the batch is written.
    const existing = new Map<string, string | undefined>();
    for (const entry of entries.filter((e) => e.eTag)) {
      const current = await this.currentETag(entry.key);
      if (current !== undefined && current !== entry.eTag) throw new ETagConflictError(entry.key);
      existing.set(entry.key, current);
    }
    for (const entry of entries) {
      const body = JSON.stringify(entry.value);
      const blob = this.container.getBlockBlobClient(AzureBlobStorage.blobName(entry.key));
      const conditions = !entry.eTag ? undefined : existing.get(entry.key) ? { ifMatch: entry.eTag } : { ifNoneMatch: '*' };
      try {
        await blob.upload(body, Buffer.byteLength(body), { conditions, blobHTTPHeaders: { blobContentType: 'application/json' } });
      } catch (error) {
        if (isConditionFailure(error)) throw new ETagConflictError(entry.key);
        throw error;
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.container.getBlockBlobClient(AzureBlobStorage.blobName(key)).deleteIfExists()));
  }

  private async readOne(key: string): Promise<Record<string, unknown> | undefined> {
    try {
      const blob = this.container.getBlockBlobClient(AzureBlobStorage.blobName(key));
      const response = await blob.download();
      const text = await streamToString(response.readableStreamBody);
      return { ...JSON.parse(text), eTag: response.etag };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async currentETag(key: string): Promise<string | undefined> {
    try {
      return (await this.container.getBlockBlobClient(AzureBlobStorage.blobName(key)).getProperties()).etag;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

/** 412 ConditionNotMet (If-Match failed) or 409 BlobAlreadyExists (If-None-Match: * failed). */
function isConditionFailure(error: unknown): boolean {
  const status = statusOf(error);
  return status === 412 || (status === 409 && (error as { code?: string }).code === 'BlobAlreadyExists');
}

async function streamToString(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
