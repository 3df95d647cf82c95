import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SQLITE_PATH, loadConfig } from '../../../src/config/config';
import { createStorage } from '../../../src/storage/create-storage';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';
import { configProblems } from '../../support/config-defaults';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-bot-create-storage-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('storage configuration', () => {
  it('defaults to SQLite at ./data/arc-bot.db under the working directory', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'sqlite', sqlitePath: path.resolve(DEFAULT_SQLITE_PATH), leaderLeaseMs: 30_000 });
    expect(DEFAULT_SQLITE_PATH).toBe('./data/arc-bot.db');
  });

  it('reads STORAGE case-insensitively and resolves SQLITE_PATH', () => {
    expect(loadConfig({ STORAGE: 'Memory' }).storage.kind).toBe('memory');
    expect(loadConfig({ SQLITE_PATH: ' state/bot.db ' }).storage.sqlitePath).toBe(path.resolve('state/bot.db'));
  });

  it('.env.example shows the defaults the code uses', () => {
    const example = fs.readFileSync(path.resolve(__dirname, '../../../.env.example'), 'utf8');
    const setting = (name: string) => example.match(new RegExp(`^${name}=(.*)$`, 'm'))?.[1];
    expect(setting('STORAGE')).toBe(loadConfig({}).storage.kind);
    expect(setting('SQLITE_PATH')).toBe(DEFAULT_SQLITE_PATH);
  });

  it('names a wrong STORAGE together with every other problem', () => {
    const problems = configProblems({ STORAGE: 'redis', PORT: 'eighty' });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^STORAGE="redis" must be one of: sqlite, memory/), expect.stringMatching(/^PORT=/)]));
  });
});

describe('createStorage', () => {
  it('builds the in-memory storage for STORAGE=memory', async () => {
    const storage = await createStorage(loadConfig({ STORAGE: 'memory' }).storage);
    expect(storage).toBeInstanceOf(MemoryStorage);
    expect(storage.description).toBe('memory');
  });

  it('opens the configured SQLite file, creating its folder', async () => {
    const file = path.join(dir, 'nested', 'state.db');
    const storage = await createStorage(loadConfig({ SQLITE_PATH: file }).storage);
    try {
      expect(storage).toBeInstanceOf(SqliteStorage);
      expect(storage.description).toBe(`sqlite (${file})`);
      await storage.write({ probe: { v: 1 } });
    } finally {
      storage.close?.();
    }
    expect(fs.existsSync(file)).toBe(true);
  });
});
