import type { Clock } from '../../core/clock';

import type { HeaderReader } from '../../core/retry-after';

export interface QuotaReading {
  /** `x-ms-user-quota-remaining`: queries left in the current window (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests). */
  remaining?: number;
  /** `x-ms-user-quota-resets-after` (hh:mm:ss) in ms: time until the window resets (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests). */
  resetsAfterMs?: number;
}

/**
 * When the quota is spent but no reset time was sent, wait one typical window: the documented
 * example quota is 15 queries per 5-second window (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests) (not a contract).
 */
export const DEFAULT_QUOTA_WINDOW_MS = 5_000;

/** Parses `hh:mm:ss` (optionally `d.hh:mm:ss` and fractional seconds, as .NET TimeSpan prints it) to ms. */
export function parseResetsAfter(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const m = /^\s*(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$/.exec(value);
  if (!m) return undefined;
  const [, days, hours, minutes, seconds] = m;
  const ms = ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000;
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

export function readQuotaHeaders(headers: HeaderReader): QuotaReading {
  const rawRemaining = headers.get('x-ms-user-quota-remaining');
  const remaining = rawRemaining !== undefined && rawRemaining.trim() !== '' ? Number(rawRemaining) : undefined;
  return {
    remaining: remaining !== undefined && Number.isFinite(remaining) ? remaining : undefined,
    resetsAfterMs: parseResetsAfter(headers.get('x-ms-user-quota-resets-after')),
  };
}

/**
 * Remembers what Resource Graph said about our quota and when the next request may go out. Shared
 * by every query of one directory, so a burst of chat queries and a fleet refresh pace together.
 */
export class QuotaGate {
  private notBefore = 0;
  private lastRemaining: number | undefined;

  constructor(private readonly clock: Clock) {}

  /** Records the quota headers of any response (success or error). */
  record(reading: QuotaReading): void {
    if (reading.remaining === undefined) return;
    this.lastRemaining = reading.remaining;
    // "when remaining quota reaches 0 wait resets-after" (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests)
    if (reading.remaining <= 0) this.holdFor(reading.resetsAfterMs ?? DEFAULT_QUOTA_WINDOW_MS);
  }

  /** Blocks every request for `ms` (after a 429, or when the quota is spent). */
  holdFor(ms: number): void {
    this.notBefore = Math.max(this.notBefore, this.clock.now().getTime() + Math.max(0, ms));
  }

  /** How long the next request must wait, in ms (0 when it may go now). */
  delayMs(): number {
    return Math.max(0, this.notBefore - this.clock.now().getTime());
  }

  get remaining(): number | undefined {
    return this.lastRemaining;
  }
}
