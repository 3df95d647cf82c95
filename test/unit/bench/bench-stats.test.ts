import { formatTable, percentile, summarise } from '../../../bench/bench-stats';

describe('bench statistics', () => {
  test('nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([], 50)).toBeNaN();
  });

  test('summarise sorts, averages and turns wall time into requests per second', () => {
    const s = summarise([30, 10, 20, 40], 1, 2000);
    expect(s).toEqual({ count: 4, errors: 1, p50Ms: 20, p90Ms: 40, p99Ms: 40, meanMs: 25, maxMs: 40, requestsPerSecond: 2 });
  });

  test('the table has a header and one aligned row per bot', () => {
    const table = formatTable([['echo', summarise([1, 2], 0, 1000)], ['status bot', summarise([3, 4], 0, 1000)]]).split('\n');
    expect(table).toHaveLength(3);
    expect(table[0]).toMatch(/requests\s+errors\s+p50 ms/);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });
});
