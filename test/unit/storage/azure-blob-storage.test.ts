import { describeConfig, loadConfig } from '../../../src/config/config';
import { createStorage } from '../../../src/storage/create-storage';
import { AzureBlobStorage } from '../../../src/storage/azure-blob-storage';
import { containerClientFor } from '../../../src/storage/azure-blob-container';
import { DocumentStore } from '../../../src/storage/document-store';
import { StorageStartError } from '../../../src/storage/storage-start-error';
import { isETagConflict } from '../../../src/storage/key-value-storage';
import { configProblems } from '../../support/config-defaults';
import { startAzurite, uniqueContainerName, type Azurite } from '../../support/azurite';

let azurite: Azurite;
beforeAll(async () => { azurite = await startAzurite(); }, 60_000);
afterAll(async () => { await azurite?.stop(); }, 15_000);

/** Two "replicas": separate clients (no shared process state) on one container. */
async function twoReplicas(): Promise<[AzureBlobStorage, AzureBlobStorage]> {
  const name = uniqueContainerName('replicas');
  const a = await containerClientFor({ connectionString: azurite.connectionString, container: name });
  await a.createIfNotExists();
  const b = await containerClientFor({ connectionString: azurite.connectionString, container: name });
  return [new AzureBlobStorage(a), new AzureBlobStorage(b)];
}

describe('STORAGE=azure-blob configuration', () => {
  it('needs a connection string or an account URL, one of them, and a valid container name', () => {
    expect(configProblems({ STORAGE: 'azure-blob' })).toEqual([expect.stringMatching(/needs AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL/)]);
    expect(configProblems({ STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: 'AccountName=a;AccountKey=k', AZURE_STORAGE_ACCOUNT_URL: 'https://a.blob.core.windows.net' }))
      .toEqual([expect.stringMatching(/only one of/)]);
    expect(configProblems({ STORAGE: 'azure-blob', AZURE_STORAGE_ACCOUNT_URL: 'http://a.blob.core.windows.net', AZURE_STORAGE_CONTAINER: 'Bad_Name', LEADER_LEASE_SECONDS: '90' }))
      .toEqual(expect.arrayContaining([expect.stringMatching(/must be an https:\/\/ URL/), expect.stringMatching(/^AZURE_STORAGE_CONTAINER="Bad_Name"/), expect.stringMatching(/^LEADER_LEASE_SECONDS="90" must be a whole number from 15 to 60/)]));
  });

  it('defaults the container and the lease, and never shows the key where it describes the storage', () => {
    const secret = 'c2VjcmV0LWtleQ==';
    const config = loadConfig({ STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=arcbot;AccountKey=${secret}` });
    expect(config.storage.azureBlob?.container).toBe('arc-connectivity-bot');
    expect(config.storage.leaderLeaseMs).toBe(30_000);
    const described = JSON.stringify(describeConfig(config));
    expect(described).toContain('azure-blob (container arc-connectivity-bot in arcbot)');
    expect(described).not.toContain(secret);
  });
});

describe('AzureBlobStorage on Azurite', () => {
  it('creates the container at start and works as configured', async () => {
    const container = uniqueContainerName('start');
    const storage = await createStorage(loadConfig({ STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: container }).storage);
    await storage.write({ 'tell/outbox': { items: {} } });
    expect((await storage.read(['tell/outbox']))['tell/outbox']).toMatchObject({ items: {} });
    expect(storage.description).toBe(`azure-blob (container ${container} in devstoreaccount1)`);
  });

  it('a wrong key fails at start with one line naming the cause, without the key', async () => {
    const config = loadConfig({ STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: azurite.wrongKeyConnectionString, AZURE_STORAGE_CONTAINER: uniqueContainerName('badkey') });
    const failure = await createStorage(config.storage).then(() => undefined, (e: unknown) => e as Error);
    expect(failure).toBeInstanceOf(StorageStartError);
    expect(failure!.message).toMatch(/AuthenticationFailed|access denied/);
    expect(failure!.message.split('\n')).toHaveLength(1);
    expect(failure!.message).not.toContain(/AccountKey=([^;]+)/.exec(azurite.wrongKeyConnectionString)![1]);
  }, 30_000);

  it('a replica writing with a stale ETag loses with a conflict and the winner is kept', async () => {
    const [a, b] = await twoReplicas();
    await a.write({ doc: { v: 0 } });
    const seenByA = (await a.read(['doc'])).doc;
    const seenByB = (await b.read(['doc'])).doc;
    await b.write({ doc: { ...seenByB, v: 'b' } });
    const failure = await a.write({ doc: { ...seenByA, v: 'a' } }).then(() => undefined, (e: unknown) => e);
    expect(isETagConflict(failure)).toBe(true);
    expect((await a.read(['doc'])).doc.v).toBe('b');
  });

  it('two replicas creating the same document with an eTag: one wins, the other conflicts', async () => {
    const [a, b] = await twoReplicas();
    const results = await Promise.allSettled([a.write({ fresh: { by: 'a', eTag: '"0x1"' } }), b.write({ fresh: { by: 'b', eTag: '"0x1"' } })]);
    const stored = (await a.read(['fresh'])).fresh.by;
    // Created at most once conditionally: whichever write failed did so with a conflict.
    for (const r of results) if (r.status === 'rejected') expect(isETagConflict(r.reason)).toBe(true);
    expect(['a', 'b']).toContain(stored);
  });

  it('no update is lost when another replica writes between a read and a write (DocumentStore retries on fresh data)', async () => {
    const [a, b] = await twoReplicas();
    let interleaved = 0;
    // Replica A's storage lets replica B slip an update in before each of A's first three writes.
    const racingA = {
      read: (keys: string[]) => a.read(keys),
      delete: (keys: string[]) => a.delete(keys),
      write: async (changes: Record<string, any>) => {
        if (interleaved < 3) {
          interleaved++;
          const current = (await b.read(['counter'])).counter ?? { n: 0, by: [] };
          await b.write({ counter: { ...current, n: current.n + 1, by: [...current.by, `b${interleaved}`] } });
        }
        return a.write(changes);
      },
    };
    const onA = new DocumentStore<{ n: number; by: string[] }>(racingA, 'counter', () => ({ n: 0, by: [] }));
    await onA.update((d) => { d.n++; d.by.push('a'); });
    const final = (await b.read(['counter'])).counter;
    expect(final.n).toBe(4);
    expect(final.by.sort()).toEqual(['a', 'b1', 'b2', 'b3']);
  }, 30_000);
});
