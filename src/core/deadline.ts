import type { Clock } from './clock';

/** A call that had no answer by its deadline (named like the DOM's timeout abort, with the usual socket code). */
export class DeadlineError extends Error {
  readonly code = 'ETIMEDOUT';
  /** The call that missed its deadline, as named by the caller of withDeadline. */
  constructor(readonly what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Runs `work` with a signal that aborts after `ms` (real time unless `clock` is given: it bounds a
 * network call), and rejects at that moment even if `work` ignores the signal, so no caller waits
 * past the deadline. `outer` (a caller's own signal) aborts it earlier.
 */
export async function withDeadline<T>(
  what: string, ms: number, work: (signal: AbortSignal) => Promise<T>, outer?: SignalLike | null, clock?: Pick<Clock, 'sleep'>,
): Promise<T> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort((outer as { reason?: unknown }).reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort);
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const expired = new Promise<never>((_, reject) => {
    const expire = () => {
      // A clock's sleep cannot be cancelled: once the work has settled, its end changes nothing.
      if (settled) return;
      const error = new DeadlineError(what, ms);
      controller.abort(error);
      reject(error);
    };
    if (clock) void clock.sleep(ms).then(expire);
    else timer = setTimeout(expire, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    settled = true;
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** The part of an AbortSignal a caller's signal must have (the Azure SDK's AbortSignalLike is one). */
export interface SignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
