/** Time source injected everywhere so tests are deterministic (no wall-clock sleeps). */
export interface Clock {
  now(): Date;
  /** Resolves after `ms` of this clock's time. A manual clock resolves when advanced. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref?.()),
};

/** A clock for tests: time moves only when `advance` is called; pending sleeps resolve in order. */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: { until: number; resolve: () => void }[] = [];

  constructor(start: Date | string = '2026-11-25T12:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.sleepers.push({ until: this.current + ms, resolve }));
  }

  /** Moves time forward, resolving every sleep that ends on the way (awaiting each in turn). */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      this.sleepers.sort((a, b) => a.until - b.until);
      const next = this.sleepers[0];
      if (!next || next.until > target) break;
      this.sleepers.shift();
      this.current = next.until;
      next.resolve();
      // let the woken code run before the next sleeper is considered
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    this.current = target;
  }

  get pendingSleeps(): number {
    return this.sleepers.length;
  }
}
