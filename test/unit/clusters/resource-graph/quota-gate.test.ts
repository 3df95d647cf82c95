import { ManualClock } from '../../../../src/core/clock';
import { parseResetsAfter, QuotaGate, readQuotaHeaders } from '../../../../src/clusters/resource-graph/quota-gate';
import { parseRetryAfter } from '../../../../src/core/retry-after';

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] });

describe('parseResetsAfter (x-ms-user-quota-resets-after, hh:mm:ss)', () => {
  test.each([
    ['00:00:05', 5_000],
    ['00:01:00', 60_000],
    ['01:00:00', 3_600_000],
    ['00:00:04.5', 4_500],
    ['1.00:00:01', 86_401_000],
  ])('%s -> %d ms', (value, ms) => expect(parseResetsAfter(value)).toBe(ms));

  test.each([[undefined], [''], ['5'], ['soon'], ['00:05']])('%j is not a reset time', (value) => {
    expect(parseResetsAfter(value)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  test('delta seconds', () => expect(parseRetryAfter(headers({ 'retry-after': '12' }), now)).toBe(12_000));
  test('HTTP date', () => expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 25 Nov 2026 12:00:30 GMT' }), now)).toBe(30_000));
  test('retry-after-ms wins', () => expect(parseRetryAfter(headers({ 'retry-after-ms': '1500', 'retry-after': '12' }), now)).toBe(1_500));
  test('absent or garbage', () => {
    expect(parseRetryAfter(headers({}), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'later' }), now)).toBeUndefined();
  });
});

describe('readQuotaHeaders', () => {
  test('reads both headers', () => {
    expect(readQuotaHeaders(headers({ 'x-ms-user-quota-remaining': '3', 'x-ms-user-quota-resets-after': '00:00:04' }))).toEqual({ remaining: 3, resetsAfterMs: 4_000 });
  });
  test('missing headers are undefined, not zero', () => {
    expect(readQuotaHeaders(headers({}))).toEqual({ remaining: undefined, resetsAfterMs: undefined });
  });
});

describe('QuotaGate', () => {
  test('lets requests through while quota remains', () => {
    const gate = new QuotaGate(new ManualClock());
    gate.record({ remaining: 4, resetsAfterMs: 3_000 });
    expect(gate.delayMs()).toBe(0);
    expect(gate.remaining).toBe(4);
  });

  test('when the quota is spent, holds until the reset, counting down on the clock', async () => {
    const clock = new ManualClock();
    const gate = new QuotaGate(clock);
    gate.record({ remaining: 0, resetsAfterMs: 5_000 });
    expect(gate.delayMs()).toBe(5_000);
    await clock.advance(2_000);
    expect(gate.delayMs()).toBe(3_000);
    await clock.advance(3_000);
    expect(gate.delayMs()).toBe(0);
  });

  test('a spent quota without a reset time waits one typical 5 s window', () => {
    const gate = new QuotaGate(new ManualClock());
    gate.record({ remaining: 0 });
    expect(gate.delayMs()).toBe(5_000);
  });

  test('holdFor never shortens an existing hold', () => {
    const gate = new QuotaGate(new ManualClock());
    gate.holdFor(10_000);
    gate.holdFor(2_000);
    expect(gate.delayMs()).toBe(10_000);
  });
});
