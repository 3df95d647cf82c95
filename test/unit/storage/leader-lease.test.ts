import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { BlobLeaderLease } from '../../../src/storage/blob-leader-lease';
import { containerClientFor } from '../../../src/storage/azure-blob-container';
import { SqliteLeaderLease } from '../../../src/storage/sqlite-leader-lease';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';
import { startAzurite, uniqueContainerName, type Azurite } from '../../support/azurite';

/** The shortest blob lease (https://learn.microsoft.com/en-us/rest/api/storageservices/lease-blob): real time must pass once. */
const MIN_LEASE_MS = 15_000;

describe('BlobLeaderLease on Azurite', () => {
  let azurite: Azurite;
  beforeAll(async () => { azurite = await startAzurite(); }, 60_000);
  afterAll(async () => { await azurite?.stop(); }, 15_000);

  async function twoReplicas() {
    const name = uniqueContainerName('lease');
    const container = await containerClientFor({ connectionString: azurite.connectionString, container: name });
    await container.createIfNotExists();
    const other = await containerClientFor({ connectionString: azurite.connectionString, container: name });
    return [new BlobLeaderLease(container, randomUUID(), MIN_LEASE_MS), new BlobLeaderLease(other, randomUUID(), MIN_LEASE_MS)];
  }

  it('one holder at a time; renewing keeps it; the holder is visible to the others; a release hands it over at once', async () => {
    const [a, b] = await twoReplicas();
    expect(await a.acquireOrRenew()).toBe(true);
    expect(await b.acquireOrRenew()).toBe(false);
    expect(await a.acquireOrRenew()).toBe(true);
    expect(await b.currentHolder()).toBe(a.holderId);
    await a.release();
    expect(await b.acquireOrRenew()).toBe(true);
    expect(await a.acquireOrRenew()).toBe(false);
    expect(await a.currentHolder()).toBe(b.holderId);
  });

  it('a holder that dies without releasing loses the lease when it expires, and not before', async () => {
    const [a, b] = await twoReplicas();
    expect(await a.acquireOrRenew()).toBe(true);
    const takenAt = Date.now();
    await new Promise((r) => setTimeout(r, MIN_LEASE_MS - 3000));
    expect(await b.acquireOrRenew()).toBe(false);
    while (!(await b.acquireOrRenew())) await new Promise((r) => setTimeout(r, 250));
    expect(Date.now() - takenAt).toBeGreaterThanOrEqual(MIN_LEASE_MS - 500);
    expect(await a.acquireOrRenew()).toBe(false);
    expect(await a.currentHolder()).toBe(b.holderId);
  }, 40_000);
});

describe('SqliteLeaderLease: two processes on one file run one monitor', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-bot-lease-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('one holder; the other takes over only after the lease ran out, or at once after a release', async () => {
    const file = path.join(dir, 'state.db');
    new SqliteStorage(file).close();
    let now = 1_000_000;
    const a = new SqliteLeaderLease(file, 'a', 30_000, () => now);
    const b = new SqliteLeaderLease(file, 'b', 30_000, () => now);
    try {
      expect(await a.acquireOrRenew()).toBe(true);
      expect(await b.acquireOrRenew()).toBe(false);
      now += 29_000;
      expect(await b.acquireOrRenew()).toBe(false);
      expect(await a.acquireOrRenew()).toBe(true); // renewed: another 30 s from now
      now += 29_000;
      expect(await b.acquireOrRenew()).toBe(false);
      now += 1_001; // a died: its lease ran out
      expect(await b.acquireOrRenew()).toBe(true);
      expect(await a.currentHolder()).toBe('b');
      expect(await a.acquireOrRenew()).toBe(false);
      await b.release();
      expect(await a.acquireOrRenew()).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  });
});
