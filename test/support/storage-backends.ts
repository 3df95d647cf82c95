import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AzureBlobStorage } from '../../src/storage/azure-blob-storage';
import { containerClientFor } from '../../src/storage/azure-blob-container';
import type { KeyValueStorage } from '../../src/storage/key-value-storage';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { startAzurite, type Azurite, uniqueContainerName } from './azurite';

/**
 * Every storage production can use, for `describe.each`: memory, SQLite on a temporary file, and
 * Azure Blob Storage on a shared Azurite (each case its own container). Call it at the top of a test
 * file: it starts Azurite before the file's tests and cleans everything up after them.
 */
export function storageBackends(label: string): Array<[string, () => KeyValueStorage | Promise<KeyValueStorage>]> {
  const tmpDirs: string[] = [];
  const opened: SqliteStorage[] = [];
  let azurite: Azurite | undefined;
  beforeAll(async () => { azurite = await startAzurite(); }, 60_000);
  afterAll(async () => {
    await azurite?.stop();
    for (const s of opened) s.close();
    for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  }, 15_000);

  const sqliteOnDisk = (): SqliteStorage => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `arc-bot-${label}-`));
    tmpDirs.push(dir);
    const storage = new SqliteStorage(path.join(dir, 'state.db'));
    opened.push(storage);
    return storage;
  };
  const azureBlob = async (): Promise<AzureBlobStorage> => {
    const container = await containerClientFor({ connectionString: azurite!.connectionString, container: uniqueContainerName(label) });
    await container.createIfNotExists();
    return new AzureBlobStorage(container);
  };
  return [
    ['MemoryStorage', () => new MemoryStorage()],
    ['SqliteStorage', sqliteOnDisk],
    ['AzureBlobStorage (Azurite)', azureBlob],
  ];
}
