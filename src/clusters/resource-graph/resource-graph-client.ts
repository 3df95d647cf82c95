import type { QueryRequest, QueryResponse, ResourcesOptionalParams } from '@azure/arm-resourcegraph';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { ResourceGraphQueryClient } from './resource-graph-query-runner';
import { withDeadline } from '../../core/deadline';
import type { ResourceManagerTarget } from './resource-manager-target';
import { QueryResponseReader } from './query-response-reader';

/** The part of the SDK's client context (`createResourceGraph`, @azure-rest/core-client's Client) used here. */
interface ResourceGraphContext {
  pathUnchecked(path: string): {
    post(options: Record<string, unknown>): { asNodeStream(): Promise<{ status: string; headers: Record<string, string>; body?: NodeJS.ReadableStream }> };
  };
}
// The SDK exports its client context from the "./api" subpath, which this project's CommonJS
// module resolution cannot type; Node resolves it at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createResourceGraph } = require('@azure/arm-resourcegraph/api') as {
  createResourceGraph(credential: TokenCredential, subscriptionId: string, options: Record<string, unknown>): ResourceGraphContext;
};

/** The Resources operation and its API version (https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources). */
const RESOURCES_PATH = '/providers/Microsoft.ResourceGraph/resources';
const API_VERSION = '2024-04-01';

/**
 * The real SDK client context for one cloud/endpoint. `endpoint` and the token scope are set
 * explicitly: the SDK's `cloudSetting` alone changes the host but keeps the public-cloud scope.
 * The pipeline's retry policy is off (maxRetries 0): it retries 429 only when a Retry-After header
 * is present (https://www.npmjs.com/package/@azure/core-rest-pipeline) and sleeps on the wall clock, so ResourceGraphQueryRunner does all
 * waiting itself, from the x-ms-user-quota-* headers, on the injected clock. The credential's token
 * fetch has its own deadline (`tokenTimeoutMs`).
 *
 * `resources()` sends the SDK's request through the SDK's pipeline (credential, user agent, and
 * the rest) but reads the answer as a stream (`asNodeStream`,
 * https://www.npmjs.com/package/@azure-rest/core-client): each row is parsed as it arrives
 * (QueryResponseReader) instead of the whole page becoming one string first.
 */
export function createResourceGraphClient(target: ResourceManagerTarget, credential: TokenCredential, tokenTimeoutMs: number): ResourceGraphQueryClient {
  const options = {
    endpoint: target.endpoint,
    cloudSetting: target.sdkCloud,
    credentials: { scopes: [target.scope] },
    retryOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: 'arc-connectivity-bot' },
  };
  const context = createResourceGraph(withTokenDeadline(credential, tokenTimeoutMs), '', options);
  return {
    async resources(query: QueryRequest, requestOptions?: ResourcesOptionalParams): Promise<QueryResponse> {
      const response = await context.pathUnchecked(RESOURCES_PATH).post({
        queryParameters: { 'api-version': API_VERSION },
        contentType: 'application/json',
        headers: { accept: 'application/json', ...requestOptions?.requestOptions?.headers },
        body: serializeQuery(query),
        abortSignal: requestOptions?.abortSignal,
        onResponse: requestOptions?.onResponse,
      }).asNodeStream();
      const body = response.body;
      if (!body) throw restError(Number(response.status), undefined, response.headers);
      const stop = () => (body as NodeJS.ReadableStream & { destroy(error?: Error): void }).destroy(abortError());
      requestOptions?.abortSignal?.addEventListener('abort', stop, { once: true });
      try {
        if (response.status !== '200') throw restError(Number(response.status), await readText(body), response.headers);
        const rows: unknown[] = [];
        const reader = new QueryResponseReader((row) => rows.push(row));
        const envelope = await readRows(body, reader);
        return {
          totalRecords: envelope.totalRecords as number,
          count: envelope.count as number,
          resultTruncated: envelope.resultTruncated as QueryResponse['resultTruncated'],
          skipToken: envelope.$skipToken as string | undefined,
          // `data` in any other shape than rows (a table) reaches the caller as it came, to be refused there.
          data: Array.isArray(envelope.data) ? rows : envelope.data,
        };
      } finally {
        requestOptions?.abortSignal?.removeEventListener('abort', stop);
      }
    },
  };
}

/** The request body as the SDK's own serializer writes it (option names as the REST API spells them). */
function serializeQuery(query: QueryRequest): Record<string, unknown> {
  const o = query.options;
  return {
    subscriptions: query.subscriptions,
    managementGroups: query.managementGroups,
    query: query.query,
    options: o && {
      $skipToken: o.skipToken, $top: o.top, $skip: o.skip, resultFormat: o.resultFormat,
      allowPartialScopes: o.allowPartialScopes, authorizationScopeFilter: o.authorizationScopeFilter,
    },
    facets: query.facets,
  };
}

/** A body that is not JSON (or ends early) fails like the SDK's own parse error: a RestError, worth a retry. */
async function readRows(body: NodeJS.ReadableStream, reader: QueryResponseReader): Promise<Record<string, unknown>> {
  try {
    for await (const chunk of body) reader.write(chunk as Buffer);
    return reader.end();
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const parseError = new Error(`Resource Graph answer is not valid JSON: ${error.message}`) as Error & { code?: string };
    parseError.name = 'RestError';
    parseError.code = 'PARSE_ERROR';
    throw parseError;
  }
}

async function readText(body: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The same shape as the SDK's RestError for a non-200 answer: status, the ARM error body, the headers (Retry-After). */
function restError(statusCode: number, text: string | undefined, headers: Record<string, string>): Error {
  let details: unknown;
  try {
    details = text ? JSON.parse(text) : undefined;
  } catch {
    details = undefined;
  }
  const armError = (details as { error?: { code?: string; message?: string } } | undefined)?.error;
  const error = new Error(armError?.message ?? `Resource Graph answered ${statusCode}`) as Error & Record<string, unknown>;
  error.name = 'RestError';
  error.statusCode = statusCode;
  if (armError?.code) error.code = armError.code;
  error.details = details;
  error.response = { status: statusCode, headers: { get: (name: string) => headers[name.toLowerCase()] } };
  return error;
}

function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
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

/**
 * The credential with a deadline on each token fetch (`TOKEN_TIMEOUT_SECONDS`): the request's own
 * signal is passed on and joined by the deadline, and the fetch is given up at the deadline even
 * where a credential ignores signals, so a hanging token endpoint cannot hold a poll or a chat answer.
 */
export function withTokenDeadline(credential: TokenCredential, timeoutMs: number): TokenCredential {
  return {
    getToken: (scopes, options) =>
      withDeadline('Entra token for Resource Graph', timeoutMs, (abortSignal) => credential.getToken(scopes, { ...options, abortSignal }), options?.abortSignal),
  };
}
