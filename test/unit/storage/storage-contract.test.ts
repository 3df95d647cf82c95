import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ETagConflictError, isETagConflict, type KeyValueStorage } from '../../../src/storage/key-value-storage';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';
import { AzureBlobStorage } from '../../../src/storage/azure-blob-storage';
import { containerClientFor } from '../../../src/storage/azure-blob-container';
import { startAzurite, uniqueContainerName, type Azurite } from '../../support/azurite';

const tmpDirs: string[] = [];
const opened: SqliteStorage[] = [];
let azurite: Azurite;
beforeAll(async () => { azurite = await startAzurite(); }, 60_000);
afterAll(async () => {
  await azurite?.stop();
  for (const s of opened) s.close();
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
}, 15_000);

function sqliteOnDisk(): SqliteStorage {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-bot-contract-'));
  tmpDirs.push(dir);
  const storage = new SqliteStorage(path.join(dir, 'state.db'));
  opened.push(storage);
  return storage;
}

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(() => undefined, (error: unknown) => error);
}

/** Each Azure Blob case gets its own container in the shared Azurite. */
async function azureBlob(): Promise<AzureBlobStorage> {
  const container = await containerClientFor({ connectionString: azurite.connectionString, container: uniqueContainerName('contract') });
  await container.createIfNotExists();
  return new AzureBlobStorage(container);
}

/**
 * The KeyValueStorage contract: what the typed stores, DocumentStore's retry and botbuilder's
 * dialog state rely on. The fake the tests use must behave like the storage production uses.
 */
describe.each<[string, () => KeyValueStorage | Promise<KeyValueStorage>]>([
  ['MemoryStorage', () => new MemoryStorage()],
  ['SqliteStorage', sqliteOnDisk],
  ['AzureBlobStorage (Azurite)', azureBlob],
])('%s contract', (_name, make) => {
  it('round-trips a document and hands back an eTag; missing keys are absent', async () => {
    const s = await make();
    await s.write({ a: { n: 1, nested: { x: 'y' } } });
    const items = await s.read(['a', 'missing']);
    expect(items.a).toMatchObject({ n: 1, nested: { x: 'y' } });
    expect(typeof items.a.eTag).toBe('string');
    expect('missing' in items).toBe(false);
    expect(await s.read([])).toEqual({});
  });

  it('gives a new eTag on every write', async () => {
    const s = await make();
    await s.write({ doc: { v: 1 } });
    const first = (await s.read(['doc'])).doc.eTag;
    await s.write({ doc: { v: 2 } });
    const second = (await s.read(['doc'])).doc.eTag;
    expect(second).not.toBe(first);
  });

  it('accepts a write carrying the current eTag', async () => {
    const s = await make();
    await s.write({ doc: { v: 1 } });
    const { doc } = await s.read(['doc']);
    await s.write({ doc: { ...doc, v: 2 } });
    expect((await s.read(['doc'])).doc.v).toBe(2);
  });

  it('rejects a write carrying a stale eTag with ETagConflictError and keeps the winner', async () => {
    const s = await make();
    await s.write({ doc: { v: 'first' } });
    const { doc } = await s.read(['doc']);
    await s.write({ doc: { ...doc, v: 'winner' } });
    const failure = await failureOf(s.write({ doc: { ...doc, v: 'loser' } }));
    expect(failure).toBeInstanceOf(ETagConflictError);
    expect(isETagConflict(failure)).toBe(true);
    expect((await s.read(['doc'])).doc.v).toBe('winner');
  });

  it('writes nothing of a batch in which one item conflicts', async () => {
    const s = await make();
    await s.write({ x: { v: 1 } });
    const { x } = await s.read(['x']);
    await s.write({ x: { v: 2 } });
    await expect(s.write({ y: { v: 'new' }, x: { ...x, v: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await s.read(['y'])).y).toBeUndefined();
    expect((await s.read(['x'])).x.v).toBe(2);
  });

  it("treats '*' and a missing eTag as last-write-wins", async () => {
    const s = await make();
    await s.write({ doc: { v: 1 } });
    await s.write({ doc: { v: 2, eTag: '*' } });
    await s.write({ doc: { v: 3 } });
    expect((await s.read(['doc'])).doc.v).toBe(3);
  });

  it('creates an item that does not exist whatever eTag the write carries', async () => {
    const s = await make();
    await s.write({ fresh: { v: 1, eTag: '41' } });
    expect((await s.read(['fresh'])).fresh.v).toBe(1);
  });

  it('hands back a fresh copy on every read, so changing one changes nothing stored', async () => {
    const s = await make();
    const written = { list: ['a'] };
    await s.write({ doc: written });
    written.list.push('changed after the write');
    const read = (await s.read(['doc'])).doc;
    read.list.push('changed after the read');
    expect((await s.read(['doc'])).doc.list).toEqual(['a']);
  });

  it('deletes, and deleting a missing key is not an error', async () => {
    const s = await make();
    await s.write({ a: { v: 1 }, b: { v: 2 } });
    await s.delete(['a', 'never-written']);
    const items = await s.read(['a', 'b']);
    expect(items.a).toBeUndefined();
    expect(items.b.v).toBe(2);
  });
});
