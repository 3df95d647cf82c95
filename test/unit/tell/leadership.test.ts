import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { Leadership } from '../../../src/tell/leadership';
import type { LeaderLease } from '../../../src/storage/leader-lease';

const LEASE_MS = 30_000;

/** A lease in "storage" shared by replicas, on the same manual clock; `partitioned` replicas cannot reach it. */
class SharedLeaseStandIn {
  holder: string | undefined;
  expiresAt = 0;
  readonly partitioned = new Set<string>();
  calls: string[] = [];
  constructor(private readonly clock: ManualClock) {}
  leaseFor(id: string): LeaderLease {
    return {
      holderId: id,
      durationMs: LEASE_MS,
      acquireOrRenew: async () => {
        this.calls.push(id);
        if (this.partitioned.has(id)) throw Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });
        const now = this.clock.now().getTime();
        if (this.holder && this.holder !== id && this.expiresAt > now) return false;
        this.holder = id;
        this.expiresAt = now + LEASE_MS;
        return true;
      },
      release: async () => { if (this.holder === id) { this.holder = undefined; this.expiresAt = 0; } },
      currentHolder: async () => (this.expiresAt > this.clock.now().getTime() ? this.holder : undefined),
    };
  }
}

function contender(id: string, shared: SharedLeaseStandIn, clock: ManualClock) {
  const events: string[] = [];
  const leadership = new Leadership(shared.leaseFor(id), clock, createMemoryLogger(), {
    onGained: () => { events.push('gained'); },
    onLost: () => { events.push('lost'); },
  });
  return { leadership, events };
}

/** Advances in small steps so every loop gets to run in between. */
async function elapse(clock: ManualClock, ms: number, step = 500) {
  for (let t = 0; t < ms; t += step) {
    await clock.advance(step);
    for (let i = 0; i < 20; i++) await Promise.resolve();
  }
}

describe('Leadership', () => {
  it('exactly one of three replicas leads; it renews well before expiry and keeps the lease', async () => {
    const clock = new ManualClock();
    const shared = new SharedLeaseStandIn(clock);
    const replicas = ['r1', 'r2', 'r3'].map((id) => contender(id, shared, clock));
    for (const r of replicas) await r.leadership.start();
    await elapse(clock, 5 * LEASE_MS);
    const leaders = replicas.filter((r) => r.leadership.holds());
    expect(leaders).toHaveLength(1);
    expect(leaders[0].events).toEqual(['gained']);
    expect(replicas.filter((r) => !r.leadership.holds()).every((r) => r.events.length === 0)).toBe(true);
    // Renewed every third of the lease: five leases long, at least 14 renewals by the leader.
    expect(shared.calls.filter((c) => c === leaders[0].leadership.holderId).length).toBeGreaterThanOrEqual(14);
    for (const r of replicas) await r.leadership.stop();
  });

  it('when the leader dies (no release), another takes over within one lease plus one standby retry', async () => {
    const clock = new ManualClock();
    const shared = new SharedLeaseStandIn(clock);
    const a = contender('a', shared, clock);
    const b = contender('b', shared, clock);
    await a.leadership.start();
    await b.leadership.start();
    expect(a.leadership.holds()).toBe(true);
    // "kill -9": the loop stops without releasing.
    (a.leadership as unknown as { running: boolean }).running = false;
    const diedAt = clock.now().getTime();
    let tookOverAt: number | undefined;
    for (let t = 0; t < 2 * LEASE_MS && tookOverAt === undefined; t += 500) {
      await elapse(clock, 500);
      if (b.leadership.holds()) tookOverAt = clock.now().getTime();
    }
    expect(tookOverAt).toBeDefined();
    expect(tookOverAt! - diedAt).toBeLessThanOrEqual(LEASE_MS + LEASE_MS / 6 + 500);
    expect(b.events).toEqual(['gained']);
  });

  it('a leader cut off from storage fences itself before its lease can expire, and another takes over only after', async () => {
    const clock = new ManualClock();
    const shared = new SharedLeaseStandIn(clock);
    const a = contender('a', shared, clock);
    const b = contender('b', shared, clock);
    await a.leadership.start();
    await b.leadership.start();
    await elapse(clock, 12_000);
    shared.partitioned.add('a');
    const leaseEndsAt = shared.expiresAt;
    let fencedAt: number | undefined;
    let takenAt: number | undefined;
    for (let t = 0; t < 3 * LEASE_MS; t += 250) {
      await elapse(clock, 250, 250);
      const now = clock.now().getTime();
      if (fencedAt === undefined && !a.leadership.holds()) fencedAt = now;
      if (takenAt === undefined && b.leadership.holds()) takenAt = now;
      // Never two leaders at once.
      expect(a.leadership.holds() && b.leadership.holds()).toBe(false);
    }
    expect(fencedAt).toBeDefined();
    expect(fencedAt!).toBeLessThan(leaseEndsAt);
    expect(takenAt!).toBeGreaterThanOrEqual(leaseEndsAt);
    expect(a.events).toEqual(['gained', 'lost']);
    expect(b.events).toEqual(['gained']);
  });

  it('a clean stop releases the lease so a standby takes over at its next retry, not a lease later', async () => {
    const clock = new ManualClock();
    const shared = new SharedLeaseStandIn(clock);
    const a = contender('a', shared, clock);
    const b = contender('b', shared, clock);
    await a.leadership.start();
    await b.leadership.start();
    await a.leadership.stop();
    expect(a.events).toEqual(['gained', 'lost']);
    await elapse(clock, LEASE_MS / 6 + 500);
    expect(b.leadership.holds()).toBe(true);
  });
});
