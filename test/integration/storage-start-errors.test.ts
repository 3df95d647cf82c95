import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/core/project-root';
import { explainStorageFailure } from '../../src/storage/azure-blob-container';
import { freePort } from '../support/azurite';

/**
 * A storage the bot cannot use stops it at start with one line naming the cause (exit code 2, as for
 * any configuration error), never a stack trace at the first alert, and never the account key.
 */
const ROOT = projectRoot();
const KEY = Buffer.from('a secret account key that must never be printed').toString('base64');

test('an unreachable storage account: one line on stderr, exit code 2, no key', async () => {
  const port = await freePort(); // nothing listens there
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/support/ts-register.cjs'), path.join(ROOT, 'src/index.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH, PORT: '0', PLAYGROUND: 'off', LOG_LEVEL: 'error', STORAGE: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (c) => { stderr += c; });
  child.stdout.on('data', (c) => { stdout += c; });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(2);
  expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Azure Blob storage azure-blob \(container arc-connectivity-bot in devstoreaccount1\): the account cannot be reached \(ECONNREFUSED\)/)]);
  expect(stderr + stdout).not.toContain(KEY);
  expect(stderr).not.toMatch(/\n\s+at /);
}, 60_000);

describe('explainStorageFailure: one fixed phrase per known cause', () => {
  const where = 'azure-blob (container c in acct)';
  it.each([
    [{ statusCode: 403, code: 'AuthenticationFailed' }, /rejected the credentials \(AuthenticationFailed\): check the key/],
    [{ statusCode: 403, code: 'AuthorizationPermissionMismatch' }, /access denied \(AuthorizationPermissionMismatch\): give the bot's identity the "Storage Blob Data Contributor" role/],
    [{ name: 'CredentialUnavailableError', message: 'ManagedIdentityCredential: no endpoint' }, /no Azure credential could get a token/],
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND acct.blob.core.windows.net' }, /cannot be reached \(ENOTFOUND\)/],
    [{ statusCode: 500, code: 'InternalError', message: 'details with secrets?' }, /unusable \(500 InternalError\)/],
  ])('%j', (error, phrase) => {
    const line = explainStorageFailure(error, where);
    expect(line).toMatch(phrase);
    expect(line).toContain(where);
    expect(line).not.toContain('\n');
    expect(line).not.toContain('secrets');
  });
});
