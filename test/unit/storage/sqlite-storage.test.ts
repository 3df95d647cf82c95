import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';

/** What only the SQLite file adds to the KeyValueStorage contract (storage-contract.test.ts). */
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
});
