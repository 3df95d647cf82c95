import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';
import { createStorage } from '../../../src/storage/create-storage';
import { isETagConflict } from '../../../src/storage/key-value-storage';

const tmpDirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-bot-sqlite-'));
  tmpDirs.push(dir);
  return path.join(dir, 'nested', 'state.db');
}
const opened: SqliteStorage[] = [];
afterAll(() => {
  for (const s of opened) s.close();
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The Storage contract both implementations must honour (the monitor relies on it). */
describe.each<[string, () => Storage]>([
  ['MemoryStorage', () => new MemoryStorage()],
  ['SqliteStorage', () => { const s = new SqliteStorage(tempFile()); opened.push(s); return s; }],
])('%s contract', (_name, make) => {
  it('round-trips a document and hands back an eTag', async () => {
    const s = make();
    await s.write({ a: { n: 1, nested: { x: 'y' } } });
    const items = await s.read(['a', 'missing']);
    expect(items.a).toMatchObject({ n: 1, nested: { x: 'y' } });
    expect(typeof items.a.eTag).toBe('string');
    expect(items.missing).toBeUndefined();
  });

  it('rejects a write carrying a stale eTag and keeps the winner', async () => {
    const s = make();
    await s.write({ doc: { v: 'first' } });
    const { doc } = await s.read(['doc']);
    await s.write({ doc: { ...doc, v: 'winner' } });
    const failure = await s.write({ doc: { ...doc, v: 'loser' } }).then(() => undefined, (e: unknown) => e);
    expect(isETagConflict(failure)).toBe(true);
    expect((await s.read(['doc'])).doc.v).toBe('winner');
  });

  it("treats '*' and a missing eTag as last-write-wins", async () => {
    const s = make();
    await s.write({ doc: { v: 1 } });
    await s.write({ doc: { v: 2, eTag: '*' } });
    await s.write({ doc: { v: 3 } });
    expect((await s.read(['doc'])).doc.v).toBe(3);
  });

  it('deletes', async () => {
    const s = make();
    await s.write({ a: { v: 1 }, b: { v: 2 } });
    await s.delete(['a']);
    const items = await s.read(['a', 'b']);
    expect(items.a).toBeUndefined();
    expect(items.b.v).toBe(2);
  });
});

describe('SqliteStorage on disk', () => {
  it('creates the directory, uses WAL and keeps data across a reopen (restart)', async () => {
    const file = tempFile();
    const first = new SqliteStorage(file);
    expect(first.journalMode()).toBe('wal');
    await first.write({ subs: { list: ['x'] } });
    first.close();
    const second = new SqliteStorage(file);
    opened.push(second);
    expect((await second.read(['subs'])).subs.list).toEqual(['x']);
  });

  it('detects a conflict between two connections to the same file (two processes)', async () => {
    const file = tempFile();
    const a = new SqliteStorage(file);
    const b = new SqliteStorage(file);
    opened.push(a, b);
    await a.write({ doc: { v: 0 } });
    const seenByA = (await a.read(['doc'])).doc;
    const seenByB = (await b.read(['doc'])).doc;
    await b.write({ doc: { ...seenByB, v: 'b' } });
    await expect(a.write({ doc: { ...seenByA, v: 'a' } })).rejects.toThrow(/eTag conflict/);
    expect((await a.read(['doc'])).doc.v).toBe('b');
  });

  it('rolls back the whole batch when one item conflicts', async () => {
    const s = new SqliteStorage(tempFile());
    opened.push(s);
    await s.write({ x: { v: 1 } });
    const { x } = await s.read(['x']);
    await s.write({ x: { v: 2 } });
    await expect(s.write({ y: { v: 'new' }, x: { ...x, v: 3 } })).rejects.toThrow();
    expect((await s.read(['y'])).y).toBeUndefined();
  });
});

describe('createStorage', () => {
  it('makes a memory storage, or a sqlite one at the given path', () => {
    expect(createStorage({ kind: 'memory' }).description).toBe('memory');
    const file = tempFile();
    const s = createStorage({ kind: 'sqlite', sqlitePath: file });
    expect(s.description).toContain(file);
    s.close?.();
    expect(fs.existsSync(file)).toBe(true);
  });
});
