import { DeliveryError } from '../chat/proactive-port';

export type DeliveryVerdict =
  | { kind: 'retry-after'; waitMs?: number }
  | { kind: 'backoff' }
  | { kind: 'conversation-gone' }
  | { kind: 'permanent' };

/**
 * What to do about a failed send, per the Bot Connector's status codes
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit): 429 honours
 * Retry-After; 412/502/503/504 back off and retry; 403/404 mean the bot is gone from that
 * conversation; other 4xx and 500 are not retried. No status (network error) is retried with backoff.
 */
export function classifyDeliveryFailure(error: unknown): DeliveryVerdict {
  const status = error instanceof DeliveryError ? error.statusCode : undefined;
  if (status === 429) return { kind: 'retry-after', waitMs: (error as DeliveryError).retryAfterMs };
  if (status === undefined || status === 412 || status === 502 || status === 503 || status === 504) return { kind: 'backoff' };
  if (status === 403 || status === 404) return { kind: 'conversation-gone' };
  return { kind: 'permanent' };
}
