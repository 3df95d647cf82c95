import { DeliveryError } from '../chat/proactive-port';

export type DeliveryVerdict =
  | { kind: 'retry-after'; waitMs?: number }
  | { kind: 'backoff' }
  | { kind: 'conversation-gone' }
  | { kind: 'permanent' };

/**
 * What to do about a failed send, per the Bot Connector's status codes
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit): 429 honours
 * Retry-After; 412 and 5xx back off and retry; 403/404 mean the bot is gone from that conversation;
 * other 4xx are not retried. No status (network error, timeout) is retried with backoff.
 *
 * Microsoft's table marks a plain 500 "do not retry"; it is retried here anyway, because a lost
 * alert costs more than a few extra requests and the retries stop at ALERT_DELIVERY_MAX_AGE_MINUTES.
 */
export function classifyDeliveryFailure(error: unknown): DeliveryVerdict {
  const status = error instanceof DeliveryError ? error.statusCode : undefined;
  if (status === 429) return { kind: 'retry-after', waitMs: (error as DeliveryError).retryAfterMs };
  if (status === undefined || status === 412 || status >= 500) return { kind: 'backoff' };
  if (status === 403 || status === 404) return { kind: 'conversation-gone' };
  return { kind: 'permanent' };
}
