import type { OutboundMessage, StoredConversation } from './stores/tell-stores';

/**
 * Sends into a stored conversation. The botbuilder implementation is src/teams/proactive-sender.ts;
 * tests use fakes. Failures throw a `DeliveryError` (or anything with `statusCode`/`retryAfterMs`).
 */
export interface ProactiveSender {
  /** Posts a new message; resolves with the activity id Teams assigned (needed to update it later). */
  send(conversation: StoredConversation, message: OutboundMessage): Promise<{ activityId?: string }>;
  /** Replaces an earlier message in place. */
  update(conversation: StoredConversation, activityId: string, message: OutboundMessage): Promise<void>;
}

/** A failed send/update as the sender saw it: HTTP status from the connector, and Retry-After when given. */
export class DeliveryError extends Error {
  constructor(message: string, readonly statusCode?: number, readonly retryAfterMs?: number, readonly code?: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export type DeliveryVerdict =
  | { kind: 'retry-after'; waitMs?: number }
  | { kind: 'backoff' }
  | { kind: 'conversation-gone' }
  | { kind: 'permanent' };

/**
 * What to do about a failure, per the Teams status-code table (teams-platform.md §3b): 429 honours
 * Retry-After; 412/502/503/504 back off and retry; 403/404 mean the bot is gone from that
 * conversation; other 4xx and 500 are not retried. No status (network error) is retried with backoff.
 */
export function classifyDeliveryFailure(error: unknown): DeliveryVerdict {
  const status = statusOf(error);
  if (status === 429) return { kind: 'retry-after', waitMs: retryAfterOf(error) };
  if (status === undefined || status === 412 || status === 502 || status === 503 || status === 504) return { kind: 'backoff' };
  if (status === 403 || status === 404) return { kind: 'conversation-gone' };
  return { kind: 'permanent' };
}

export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  for (const v of [e?.statusCode, e?.status, e?.response?.status]) if (typeof v === 'number') return v;
  return undefined;
}

/** Retry-After as milliseconds, from a DeliveryError or a RestError's response headers. */
export function retryAfterOf(error: unknown): number | undefined {
  const e = error as { retryAfterMs?: unknown; response?: { headers?: unknown } } | undefined;
  if (typeof e?.retryAfterMs === 'number') return e.retryAfterMs;
  const headers = e?.response?.headers as { get?: (n: string) => string | undefined } | Record<string, string> | undefined;
  const raw = typeof (headers as { get?: unknown })?.get === 'function'
    ? (headers as { get: (n: string) => string | undefined }).get('retry-after')
    : (headers as Record<string, string> | undefined)?.['retry-after'];
  return parseRetryAfter(raw);
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(raw: string | undefined, now: number = Date.now()): number | undefined {
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
