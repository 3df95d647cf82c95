/** Latency statistics for the benchmarks: nearest-rank percentiles, no dependencies. */
export interface LatencySummary {
  count: number;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  requestsPerSecond: number;
}

/** Nearest-rank percentile of already sorted values (p in 0..100). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarise(latenciesMs: number[], errors: number, wallMs: number): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    errors,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length ? sum / sorted.length : Number.NaN,
    maxMs: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    requestsPerSecond: wallMs > 0 ? (sorted.length / wallMs) * 1000 : 0,
  };
}

export function formatTable(rows: [string, LatencySummary][]): string {
  const header = ['', 'requests', 'errors', 'p50 ms', 'p90 ms', 'p99 ms', 'mean ms', 'max ms', 'req/s'];
  const lines = rows.map(([name, s]) => [
    name,
    String(s.count),
    String(s.errors),
    s.p50Ms.toFixed(2),
    s.p90Ms.toFixed(2),
    s.p99Ms.toFixed(2),
    s.meanMs.toFixed(2),
    s.maxMs.toFixed(2),
    s.requestsPerSecond.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}
