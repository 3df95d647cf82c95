import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { ResourceManagerTarget } from './resource-manager-target';

/**
 * The real SDK client for one cloud/endpoint. `endpoint` and the token scope are set explicitly:
 * the SDK's `cloudSetting` alone changes the host but keeps the public-cloud scope.
 * The pipeline's retry policy is off (maxRetries 0): it retries 429 only when a Retry-After header
 * is present (https://www.npmjs.com/package/@azure/core-rest-pipeline) and sleeps on the wall clock, so ResourceGraphQueryRunner does all
 * waiting itself, from the x-ms-user-quota-* headers, on the injected clock.
 */
export function createResourceGraphClient(target: ResourceManagerTarget, credential: TokenCredential): ResourceGraphClient {
  return new ResourceGraphClient(credential, {
    endpoint: target.endpoint,
    cloudSetting: target.sdkCloud,
    credentials: { scopes: [target.scope] },
    retryOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: 'arc-connectivity-bot' },
  });
}

/**
 * `DefaultAzureCredential` for the cloud's authority: service principal (AZURE_TENANT_ID,
 * AZURE_CLIENT_ID, AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH), workload identity
 * (AZURE_FEDERATED_TOKEN_FILE), managed identity (IDENTITY_ENDPOINT/IDENTITY_HEADER or IMDS), then
 * developer tools (Azure CLI, azd, PowerShell).
 */
export function createDefaultCredential(target: ResourceManagerTarget): TokenCredential {
  return new DefaultAzureCredential({ authorityHost: target.authorityHost });
}
