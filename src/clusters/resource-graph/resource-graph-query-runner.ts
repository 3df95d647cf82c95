import type { QueryRequest, QueryResponse, ResourcesOptionalParams } from '@azure/arm-resourcegraph';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import { DirectoryError } from '../cluster-directory';
import { QuotaGate, readQuotaHeaders } from './quota-gate';
import { type ClassifiedFailure, type QueryScope, classifyFailure, toDirectoryError } from './resource-graph-errors';

/** The one SDK method the directory uses; `ResourceGraphClient` satisfies it, unit tests fake it. */
export interface ResourceGraphQueryClient {
  resources(query: QueryRequest, options?: ResourcesOptionalParams): Promise<QueryResponse>;
}

/** ARG returns at most 1,000 rows per response; `$top` caps at 1000 (https://github.com/Azure/azure-rest-api-specs/blob/main/specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/resourcegraph.json, https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results). */
const PAGE_SIZE = 1000;

export interface RetryPolicy {
  /** Tries per page, first one included. */
  maxAttempts: number;
  /** First backoff when the service gave no wait; doubles per try. */
  baseBackoffMs: number;
  /** Longest single wait a request accepts; a longer one fails fast as "throttled" (a chat reply cannot wait minutes). */
  maxWaitMs: number;
}

/** Safety stop for a runaway skipToken chain (10,000 pages of 1,000 = 10 M clusters). */
const MAX_PAGES = 10_000;

export interface QueryRunnerOptions {
  client: ResourceGraphQueryClient;
  scope: QueryScope;
  clock: Clock;
  logger: Logger;
  gate: QuotaGate;
  retry: RetryPolicy;
  /** Per-request network timeout (wall clock, enforced by the SDK's HTTP client). */
  requestTimeoutMs: number;
}

/** What one query cost, for logs and tests. */
export interface QueryCost {
  pages: number;
  requests: number;
  totalRecords?: number;
}

/** A whole query's rows plus its cost. */
export interface QueryOutcome extends QueryCost {
  rows: unknown[];
}

/**
 * Runs one KQL query to completion: pages with $skipToken, reads the quota headers of every
 * response, waits when the quota is spent, and retries 429 / 5xx / network failures with backoff on
 * the injected clock. The SDK's own retry policy is turned off (see createResourceGraphClient) so
 * every wait is visible here and in tests.
 */
export class ResourceGraphQueryRunner {
  private readonly retry: RetryPolicy;

  constructor(private readonly options: QueryRunnerOptions) {
    this.retry = options.retry;
  }

  /** Runs the query and collects every row (fine for small answers such as a lookup by name). */
  async run(query: string, correlationId: string): Promise<QueryOutcome> {
    const rows: unknown[] = [];
    const cost = await this.forEachPage(query, correlationId, (page) => {
      for (const row of page) rows.push(row);
    });
    return { rows, ...cost };
  }

  /**
   * Runs the query and hands each page's rows to `onPage` as soon as it arrives, keeping none of
   * them: the fleet query turns a page into Cluster objects right away, so at 10,000 clusters only
   * one page of raw rows (about 1.4 MB of JSON) is alive at a time instead of all ten.
   *
   * All or nothing: when the pages do not add up (a truncated or empty page before the last, a
   * skip token that repeats, a row count that disagrees with `totalRecords`, so a page went missing), `onRestart` is called
   * and the whole query runs once more; a second inconsistent answer is a DirectoryError, never a
   * partial fleet.
   */
  async forEachPage(query: string, correlationId: string, onPage: (rows: unknown[]) => void, onRestart?: () => void): Promise<QueryCost> {
    let requests = 0;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.pagesOnce(query, correlationId, onPage);
      requests += outcome.requests;
      if (!outcome.inconsistency) return { pages: outcome.pages, requests, totalRecords: outcome.totalRecords };
      this.options.logger.warn('resource graph pages do not add up', { correlationId, attempt, problem: outcome.inconsistency, pages: outcome.pages });
      if (attempt >= 2) {
        throw new DirectoryError('unavailable', 'Azure Resource Graph returned an incomplete fleet (its pages did not add up); the bot will try again.', correlationId);
      }
      onRestart?.();
    }
  }

  private async pagesOnce(query: string, correlationId: string, onPage: (rows: unknown[]) => void): Promise<QueryCost & { inconsistency?: string }> {
    const { scope, logger } = this.options;
    const tokens = new Set<string>();
    let skipToken: string | undefined;
    let pages = 0;
    let requests = 0;
    let rowsSeen = 0;
    let totalRecords: number | undefined;
    do {
      const request: QueryRequest = {
        query,
        ...(scope.subscriptions.length ? { subscriptions: [...scope.subscriptions] } : {}),
        ...(scope.managementGroups.length ? { managementGroups: [...scope.managementGroups] } : {}),
        // Same query and scopes on every page, only the token changes (https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results); always ask
        // for objectArray because the documented defaults disagree (https://github.com/Azure/azure-rest-api-specs/blob/main/specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/resourcegraph.json).
        options: { top: PAGE_SIZE, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
      };
      const { response, attempts } = await this.requestWithRetries(request, correlationId, pages + 1);
      requests += attempts;
      pages += 1;
      if (!Array.isArray(response.data)) {
        throw new DirectoryError('source-broken', 'Azure Resource Graph sent an answer the bot cannot read; this has been logged.', correlationId);
      }
      totalRecords ??= response.totalRecords;
      skipToken = response.skipToken || undefined;
      // Only `limit`/`take`/all-dynamic projections truncate (https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results); our queries avoid them.
      if (response.resultTruncated === 'true') return { pages, requests, totalRecords, inconsistency: `page ${pages} was truncated` };
      // A short page is caught by the totalRecords check below; an empty one that promises more is broken on its own.
      if (skipToken && response.data.length === 0) return { pages, requests, totalRecords, inconsistency: `page ${pages} is empty but not the last` };
      if (skipToken && tokens.has(skipToken)) return { pages, requests, totalRecords, inconsistency: `page ${pages} repeats a skip token` };
      if (skipToken) tokens.add(skipToken);
      rowsSeen += response.data.length;
      onPage(response.data);
      if (pages >= MAX_PAGES && skipToken) {
        logger.error('resource graph paging stopped at the page limit', { correlationId, pages });
        return { pages, requests, totalRecords, inconsistency: 'the page limit was reached' };
      }
    } while (skipToken);
    if (totalRecords !== undefined && totalRecords !== rowsSeen) {
      return { pages, requests, totalRecords, inconsistency: `${rowsSeen} rows arrived but totalRecords says ${totalRecords}` };
    }
    return { pages, requests, totalRecords };
  }

  private async requestWithRetries(request: QueryRequest, correlationId: string, page: number): Promise<{ response: QueryResponse; attempts: number }> {
    const { clock, gate, logger, scope } = this.options;
    for (let attempt = 1; ; attempt++) {
      const gateDelay = gate.delayMs();
      if (gateDelay > this.retry.maxWaitMs) {
        const failure: ClassifiedFailure = { kind: 'throttled', retryable: true, detail: 'quota spent, reset too far away' };
        throw this.fail(failure, correlationId, undefined, gateDelay);
      }
      if (gateDelay > 0) {
        logger.info('resource graph quota spent; waiting for the reset', { correlationId, waitMs: gateDelay, page });
        await clock.sleep(gateDelay);
      }
      try {
        const response = await this.send(request, correlationId);
        return { response, attempts: attempt };
      } catch (error) {
        const failure = classifyFailure(error, clock.now());
        const backoffMs = this.retry.baseBackoffMs * 2 ** (attempt - 1);
        // Honour Retry-After; else, for a 429, the quota reset the gate just recorded; else back off.
        const waitMs = failure.retryAfterMs ?? (failure.kind === 'throttled' && gate.delayMs() > 0 ? gate.delayMs() : backoffMs);
        const retrying = failure.retryable && attempt < this.retry.maxAttempts && waitMs <= this.retry.maxWaitMs;
        logger.warn('resource graph request failed', {
          correlationId, page, attempt, kind: failure.kind, status: failure.statusCode, code: failure.code,
          detail: failure.detail, retryInMs: retrying ? waitMs : undefined, scope,
        });
        if (failure.kind === 'throttled') gate.holdFor(waitMs);
        if (!retrying) throw this.fail(failure, correlationId, error, failure.kind === 'throttled' ? Math.max(waitMs, gate.delayMs()) : undefined);
        // A throttle wait is taken through the gate at the top of the loop (shared with other queries).
        if (failure.kind !== 'throttled') await clock.sleep(waitMs);
      }
    }
  }

  /** One HTTP request: reads the quota headers of any answer, carries our correlation id, and times out. */
  private async send(request: QueryRequest, correlationId: string): Promise<QueryResponse> {
    const { client, gate, logger, requestTimeoutMs } = this.options;
    // Network timeout through our own abort signal: the SDK's `timeout` option leaves its timer
    // running when the connection fails, which keeps the process (and test workers) alive.
    const abort = new AbortController();
    const timer = requestTimeoutMs ? setTimeout(() => abort.abort(), requestTimeoutMs) : undefined;
    timer?.unref();
    try {
      return await client.resources(request, {
        abortSignal: abort.signal,
        onResponse: (raw) => {
          gate.record(readQuotaHeaders(raw.headers));
          // More than 10,000 visible subscriptions: tenant/MG queries silently use the first 10,000 (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests).
          if (raw.headers.get('x-ms-tenant-subscription-limit-hit') === 'true') {
            logger.warn('resource graph used only the first 10,000 subscriptions; scope the bot with AZURE_SUBSCRIPTION_IDS', { correlationId });
          }
        },
        requestOptions: { headers: { 'x-ms-correlation-request-id': correlationId } },
      });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private fail(failure: ClassifiedFailure, correlationId: string, cause: unknown, waitMs?: number): DirectoryError {
    const error = toDirectoryError(failure, this.options.scope, correlationId, cause, waitMs);
    this.options.logger.error('resource graph query failed', {
      correlationId, kind: failure.kind, status: failure.statusCode, code: failure.code, detail: failure.detail, userMessage: error.userMessage,
    });
    return error;
  }
}
