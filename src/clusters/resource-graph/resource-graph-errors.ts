import { type DirectoryErrorKind, DirectoryError } from '../cluster-directory';
import { type HeaderReader, parseRetryAfter } from '../../core/retry-after';
import { DEFAULT_QUOTA_WINDOW_MS } from './quota-gate';

/** What went wrong with one Resource Graph request, decided once and used for retry and wording. */
export interface ClassifiedFailure {
  kind: DirectoryErrorKind;
  /** Worth another try after a wait (429, 5xx, network trouble, timeout). */
  retryable: boolean;
  /** Wait the service asked for (Retry-After), if any. */
  retryAfterMs?: number;
  statusCode?: number;
  /** ARM error code from the body, e.g. `RateLimiting`, `AuthorizationFailed`. */
  code?: string;
  /** For the log only: never shown to users. */
  detail: string;
}

/** The subscriptions / management groups the directory queries, to name them in a 403 answer. */
export interface QueryScope {
  subscriptions: readonly string[];
  managementGroups: readonly string[];
}

/** Errors @azure/identity throws when no credential can produce a token. */
const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);
const NETWORK_CODES = new Set([
  'REQUEST_SEND_ERROR', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH',
  'ENETUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT']);

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  details?: { error?: { code?: string; message?: string } };
  response?: { headers?: HeaderReader };
}

/** Sorts an error from the SDK pipeline (RestError, identity errors, socket errors) into a failure kind. */
export function classifyFailure(error: unknown, now: Date): ClassifiedFailure {
  const e = (error ?? {}) as ErrorLike;
  const armCode = e.details?.error?.code;
  const detail = [e.name, e.statusCode, armCode ?? e.code, e.details?.error?.message ?? e.message].filter((x) => x !== undefined).join(' ');
  const retryAfterMs = e.response?.headers ? parseRetryAfter(e.response.headers, now) : undefined;
  const base = { statusCode: e.statusCode, code: armCode ?? e.code, detail, retryAfterMs };

  if (e.name && CREDENTIAL_ERRORS.has(e.name)) return { ...base, kind: 'unauthorized', retryable: false };
  const status = e.statusCode;
  if (status === 429 || armCode === 'RateLimiting') return { ...base, kind: 'throttled', retryable: true };
  if (status === 401) return { ...base, kind: 'unauthorized', retryable: false };
  if (status === 403) return { ...base, kind: 'forbidden', retryable: false };
  if (status === 400) return { ...base, kind: 'invalid-query', retryable: false };
  if (status === 408 || status === 504) return { ...base, kind: 'timeout', retryable: true };
  if (status !== undefined && status >= 500) return { ...base, kind: 'unavailable', retryable: true };
  if (status !== undefined) return { ...base, kind: 'unavailable', retryable: false };
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || (e.code && TIMEOUT_CODES.has(e.code))) {
    return { ...base, kind: 'timeout', retryable: true };
  }
  if (e.name === 'RestError' || (e.code && NETWORK_CODES.has(e.code))) return { ...base, kind: 'unavailable', retryable: true };
  return { ...base, kind: 'unavailable', retryable: false };
}

function listWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Names the scope a 403 is about: the configured subscriptions / management groups the error text
 * mentions, or all of them when it mentions none.
 */
export function describeForbiddenScope(scope: QueryScope, errorText: string): string {
  const text = errorText.toLowerCase();
  const mentionedSubs = scope.subscriptions.filter((s) => text.includes(s.toLowerCase()));
  const mentionedGroups = scope.managementGroups.filter((g) => text.includes(g.toLowerCase()));
  const anyMentioned = mentionedSubs.length + mentionedGroups.length > 0;
  const subs = anyMentioned ? mentionedSubs : scope.subscriptions;
  const groups = anyMentioned ? mentionedGroups : scope.managementGroups;
  const parts: string[] = [];
  if (subs.length) parts.push(`${subs.length === 1 ? 'subscription' : 'subscriptions'} ${listWords(subs)}`);
  if (groups.length) parts.push(`${groups.length === 1 ? 'management group' : 'management groups'} ${listWords(groups)}`);
  return parts.length ? parts.join(' or ') : 'the subscriptions in its tenant';
}

/** Whole seconds for a user sentence (never "0 s"). */
function secondsForUser(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** One clear sentence per failure kind, bad input included. */
export function userMessageFor(failure: ClassifiedFailure, scope: QueryScope, waitMs?: number): string {
  switch (failure.kind) {
    case 'throttled':
      return `Azure Resource Graph is throttling us; retrying in ${secondsForUser(waitMs ?? failure.retryAfterMs ?? DEFAULT_QUOTA_WINDOW_MS)} s.`;
    case 'forbidden':
      return `The bot's identity cannot read ${describeForbiddenScope(scope, failure.detail)}; give it the Reader role there.`;
    case 'unauthorized':
      return failure.statusCode === 401
        ? "Azure rejected the bot's credential; check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or the managed/workload identity) and restart the bot."
        : 'The bot could not get an Azure token; set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run it with a managed or workload identity.';
    case 'timeout':
      return 'Azure Resource Graph did not answer in time; please try again in a minute.';
    case 'invalid-query':
      return "Azure Resource Graph rejected the bot's query; this is a bug in the bot and has been logged.";
    case 'source-broken':
      return 'Azure Resource Graph sent an answer the bot cannot read; this has been logged.';
    case 'unavailable':
    default:
      return 'Azure Resource Graph is unavailable right now; please try again in a minute.';
  }
}

export function toDirectoryError(
  failure: ClassifiedFailure,
  scope: QueryScope,
  correlationId: string,
  cause: unknown,
  waitMs?: number,
): DirectoryError {
  const retryAfterMs = failure.kind === 'throttled' ? (waitMs ?? failure.retryAfterMs) : undefined;
  return new DirectoryError(failure.kind, userMessageFor(failure, scope, waitMs), correlationId, { cause, retryAfterMs });
}
