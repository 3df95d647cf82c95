import { storageBackends } from '../../support/storage-backends';
import { ETagConflictError, isETagConflict, type KeyValueStorage } from '../../../src/storage/key-value-storage';

const BACKENDS = storageBackends('contract');

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(() => undefined, (error: unknown) => error);
}

/**
 * The KeyValueStorage contract: what the typed stores, DocumentStore's retry and botbuilder's
 * dialog state rely on. The fake the tests use must behave like the storage production uses.
 */
describe.each(BACKENDS)('%s contract', (_name, make) => {
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
