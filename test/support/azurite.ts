import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Azurite's well-known development account and key
 * (https://learn.microsoft.com/en-us/azure/storage/common/storage-use-azurite#http-connection-strings).
 */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const AZURITE_BLOB = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'azurite-blob');

export interface Azurite {
  port: number;
  connectionString: string;
  /** A connection string with a wrong key (AuthenticationFailed). */
  wrongKeyConnectionString: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`azurite-blob exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`azurite-blob did not listen on ${port} within ${deadlineMs} ms`);
}

/** Starts Azurite's Blob service on a free loopback port with a temp folder; stop() ends it and removes the folder. */
export async function startAzurite(): Promise<Azurite> {
  const location = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-bot-azurite-'));
  const port = await freePort();
  const child = spawn(AZURITE_BLOB, ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', location, '--silent', '--skipApiVersionCheck', '--loose'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await waitForPort(port, child, 45_000);
  const endpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  const connectionString = (key: string) => `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${key};BlobEndpoint=${endpoint};`;
  return {
    port,
    connectionString: connectionString(DEV_KEY),
    wrongKeyConnectionString: connectionString(Buffer.from('not the key of this account at all').toString('base64')),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(forced);
      }
      fs.rmSync(location, { recursive: true, force: true });
    },
  };
}

let containerCounter = 0;
/** A container name no other test in this run uses. */
export function uniqueContainerName(prefix = 'test'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++containerCounter}`;
}
