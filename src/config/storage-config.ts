import type { StorageConfig } from './config';

/** Where Azure Blob state lives; exactly one of connectionString / accountUrl is set. */
export interface AzureBlobConfig {
  /** `AZURE_STORAGE_CONNECTION_STRING` (account key or Azurite): a secret, never logged. */
  connectionString?: string;
  /** `AZURE_STORAGE_ACCOUNT_URL`, used with DefaultAzureCredential (managed identity). */
  accountUrl?: string;
  /** `AZURE_STORAGE_CONTAINER`, created at start if missing. */
  container: string;
}

export const DEFAULT_BLOB_CONTAINER = 'arc-connectivity-bot';
/**
 * Container names: 3-63 lowercase letters, digits and single hyphens, starting and ending with a
 * letter or digit (https://learn.microsoft.com/en-us/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata).
 */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** Reads the STORAGE=azure-blob settings; problems join the list every setting reports to. */
export function readAzureBlob(get: (name: string) => string | undefined, problems: string[]): AzureBlobConfig {
  const connectionString = get('AZURE_STORAGE_CONNECTION_STRING');
  const accountUrl = get('AZURE_STORAGE_ACCOUNT_URL');
  const container = get('AZURE_STORAGE_CONTAINER') ?? DEFAULT_BLOB_CONTAINER;
  if (!connectionString && !accountUrl) problems.push('STORAGE=azure-blob needs AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL.');
  if (connectionString && accountUrl) problems.push('Set only one of AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_ACCOUNT_URL.');
  // Never echo the connection string: it holds the account key.
  if (connectionString && !/(AccountKey|SharedAccessSignature|UseDevelopmentStorage)=/i.test(connectionString)) {
    problems.push('AZURE_STORAGE_CONNECTION_STRING is not a storage connection string (no AccountKey, SharedAccessSignature or UseDevelopmentStorage).');
  }
  if (accountUrl && !/^https:\/\/[^\s/]+/i.test(accountUrl)) problems.push(`AZURE_STORAGE_ACCOUNT_URL="${accountUrl}" must be an https:// URL (https://<account>.blob.core.windows.net).`);
  if (!CONTAINER_NAME.test(container)) problems.push(`AZURE_STORAGE_CONTAINER="${container}" must be 3-63 lowercase letters, digits and single hyphens.`);
  return { ...(connectionString ? { connectionString } : {}), ...(accountUrl ? { accountUrl: accountUrl.replace(/\/+$/, '') } : {}), container };
}

/** Where the storage is, for logs and /healthz: never the connection string (it holds the key). */
export function describeStorage(s: StorageConfig): string {
  if (s.kind === 'sqlite') return `sqlite (${s.sqlitePath})`;
  if (s.kind === 'memory') return 'memory';
  const account = s.azureBlob?.accountUrl ?? /AccountName=([^;]+)/i.exec(s.azureBlob?.connectionString ?? '')?.[1] ?? 'development storage';
  return `azure-blob (container ${s.azureBlob?.container} in ${account})`;
}
