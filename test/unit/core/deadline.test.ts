import { DeadlineError, withDeadline } from '../../../src/core/deadline';

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
