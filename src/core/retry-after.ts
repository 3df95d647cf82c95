/** Response headers as the Azure pipeline exposes them (`rawResponse.headers`, `RestError.response.headers`). */
export interface HeaderReader {
  get(name: string): string | undefined;
}

/** Reads headers from either a `get()`-style object or a plain record (botbuilder's errors carry both shapes). */
export function headerReader(headers: unknown): HeaderReader | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const withGet = headers as { get?: unknown };
  if (typeof withGet.get === 'function') return { get: (name) => (withGet.get as (n: string) => string | null | undefined).call(headers, name) ?? undefined };
  const record = headers as Record<string, unknown>;
  return { get: (name) => { const key = Object.keys(record).find((k) => k.toLowerCase() === name); const v = key ? record[key] : undefined; return typeof v === 'string' ? v : undefined; } };
}

/**
 * How long a server asked us to wait, in ms: `retry-after-ms` / `x-ms-retry-after-ms` first, then
 * `Retry-After` as delta seconds or an HTTP date measured against the injected `now`
 * (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after,
 * https://learn.microsoft.com/en-us/azure/governance/resource-graph/concepts/guidance-for-throttled-requests).
 */
export function parseRetryAfter(headers: HeaderReader, now: Date): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers.get(name)?.trim();
    if (value && /^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value));
  }
  const raw = headers.get('retry-after');
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
