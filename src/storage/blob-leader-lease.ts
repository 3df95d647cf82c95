import type { BlobLeaseClient, BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import type { LeaderLease } from './leader-lease';

/** The lease blob, outside the `state/` folder the documents live in. */
const LEASE_BLOB = 'leader/monitor';

/**
 * The leader lease on Azure Blob Storage: a lease on one empty blob, whose lease id is this process's
 * id: acquired when free or expired, then renewed while held
 * (https://learn.microsoft.com/en-us/rest/api/storageservices/lease-blob#outcomes-of-lease-operations-on-blobs-by-lease-state).
 * Other replicas cannot read a lease id, so the holder also writes
 * its id into the blob's metadata (a write only the lease holder can make).
 */
export class BlobLeaderLease implements LeaderLease {
  private readonly blob: BlockBlobClient;
  private readonly lease: BlobLeaseClient;
  private announced = false;
  private blobExists = false;

  constructor(container: ContainerClient, readonly holderId: string, readonly durationMs: number, private readonly callTimeoutMs = Math.max(1000, durationMs / 6)) {
    this.blob = container.getBlockBlobClient(LEASE_BLOB);
    this.lease = this.blob.getBlobLeaseClient(holderId);
  }

  async acquireOrRenew(): Promise<boolean> {
    await this.ensureBlob();
    const options = { abortSignal: AbortSignal.timeout(this.callTimeoutMs) };
    if (this.announced) {
      // Renew restarts the lease's clock (https://learn.microsoft.com/en-us/rest/api/storageservices/lease-blob):
      // a fresh acquire with the held id may not, on every implementation.
      try {
        await this.lease.renewLease(options);
        return true;
      } catch (error) {
        // 409: the lease expired and another replica took it (or it is gone); otherwise storage did not answer.
        if (statusOf(error) !== 409) throw error;
        this.announced = false;
      }
    }
    try {
      await this.lease.acquireLease(Math.round(this.durationMs / 1000), options);
    } catch (error) {
      // 409 LeaseAlreadyPresent: another replica holds an unexpired lease.
      if (statusOf(error) === 409) return false;
      throw error;
    }
    await this.blob.setMetadata({ holder: this.holderId }, { conditions: { leaseId: this.holderId }, abortSignal: AbortSignal.timeout(this.callTimeoutMs) });
    this.announced = true;
    return true;
  }

  async release(): Promise<void> {
    this.announced = false;
    await this.lease.releaseLease({ abortSignal: AbortSignal.timeout(this.callTimeoutMs) }).catch(() => undefined);
  }

  async currentHolder(): Promise<string | undefined> {
    try {
      const properties = await this.blob.getProperties({ abortSignal: AbortSignal.timeout(this.callTimeoutMs) });
      return properties.leaseState === 'leased' ? properties.metadata?.holder : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Creates the empty lease blob once; someone else creating it (409) or holding it (412) is fine. */
  private async ensureBlob(): Promise<void> {
    if (this.blobExists) return;
    try {
      await this.blob.upload('', 0, { conditions: { ifNoneMatch: '*' }, abortSignal: AbortSignal.timeout(this.callTimeoutMs) });
    } catch (error) {
      if (statusOf(error) !== 409 && statusOf(error) !== 412) throw error;
    }
    this.blobExists = true;
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}
