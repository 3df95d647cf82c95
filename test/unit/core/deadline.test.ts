import { DeadlineError, withDeadline } from '../../../src/core/deadline';
import { ManualClock } from '../../../src/core/clock';

describe('withDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('work that ignores its signal is given up at the deadline: a TimeoutError with code ETIMEDOUT, and the signal aborted', async () => {
    let seen: AbortSignal | undefined;
    const pending = withDeadline('the token', 1000, (signal) => {
      seen = signal;
      return new Promise<string>(() => {});
    }).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(999);
    expect(seen!.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT', message: 'the token: no answer within 1000 ms' });
    expect(seen!.aborted).toBe(true);
  });

  test('an answer in time is passed through and leaves no timer behind; a caller\'s own abort reaches the work', async () => {
    await expect(withDeadline('x', 1000, async () => 'token')).resolves.toBe('token');
    expect(jest.getTimerCount()).toBe(0);
    const outer = new AbortController();
    let seen: AbortSignal | undefined;
    void withDeadline('x', 1000, (signal) => {
      seen = signal;
      return new Promise(() => {});
    }, outer.signal).catch(() => undefined);
    outer.abort();
    expect(seen!.aborted).toBe(true);
  });
});

describe('withDeadline on an injected clock', () => {
  it('gives up when the clock reaches the deadline, aborting the work, and not before', async () => {
    const clock = new ManualClock('2026-12-02T10:00:00Z');
    let aborted: unknown;
    const outcome = withDeadline('the hanging call', 3000, (signal) => new Promise<never>(() => signal.addEventListener('abort', () => (aborted = signal.reason))), undefined, clock)
      .then(() => 'answered', (error: unknown) => error);
    await clock.advance(2999);
    expect(aborted).toBeUndefined();
    await clock.advance(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as DeadlineError).what).toBe('the hanging call');
    expect(aborted).toBe(error);
  });

  it('work that answers in time is not aborted when the clock later passes the deadline', async () => {
    const clock = new ManualClock('2026-12-02T10:00:00Z');
    let signal: AbortSignal | undefined;
    await expect(withDeadline('the quick call', 3000, async (s) => { signal = s; return 'answer'; }, undefined, clock)).resolves.toBe('answer');
    await clock.advance(5000);
    expect(signal!.aborted).toBe(false);
  });
});
