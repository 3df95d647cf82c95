import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { LeaderLease } from '../storage/leader-lease';

export type Role = 'leader' | 'standby';

export interface LeadershipEvents {
  /** This process now holds the lease: start polling and sending. */
  onGained(): void | Promise<void>;
  /** The lease is lost or may have lapsed: stop polling and sending. */
  onLost(): void | Promise<void>;
}

/**
 * Keeps this process leader or standby through the leader lease. The lease is renewed every third of
 * its duration; this process counts itself leader only until one sixth of the duration before the
 * lease could end, counted from the moment the last successful renewal was *sent* (the service starts
 * its clock later, never earlier). `holds()` is the fence every send checks: a leader that is paused,
 * cut off from storage or slow to renew stops sending before another replica can take the lease.
 */
export class Leadership {
  private validUntilMs = 0;
  private role: Role = 'standby';
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private wake: () => void = () => {};
  private transition: Promise<void> = Promise.resolve();

  constructor(
    private readonly lease: LeaderLease,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly events: LeadershipEvents,
  ) {}

  get holderId(): string { return this.lease.holderId; }
  get durationMs(): number { return this.lease.durationMs; }
  private get renewEveryMs(): number { return this.lease.durationMs / 3; }
  private get safetyMarginMs(): number { return this.lease.durationMs / 6; }
  /** A standby tries this often, so it takes over within one lease (plus this) after the leader died. */
  private get standbyRetryMs(): number { return this.lease.durationMs / 6; }

  /** The fence: true only while the lease surely is this process's. */
  holds(): boolean {
    return this.clock.now().getTime() < this.validUntilMs;
  }

  currentRole(): Role {
    return this.holds() ? 'leader' : 'standby';
  }

  /** Who holds the lease according to storage (undefined when nobody or storage did not answer). */
  async currentHolder(): Promise<string | undefined> {
    return this.lease.currentHolder().catch(() => undefined);
  }

  /** One round: take or renew the lease, then start or stop the monitor if the role changed. */
  async step(): Promise<Role> {
    // Validity that ran out while waiting is acted on first, not after this round's call returns.
    await this.settleRole();
    const sentAt = this.clock.now().getTime();
    const call = this.lease.acquireOrRenew().then((held) => ({ held }), (error: unknown) => ({ error }));
    // A call that hangs past the validity must not delay stepping down: the monitor stops on time.
    if (this.holds()) {
      const lapsed = await Promise.race([call.then(() => false), this.clock.sleep(this.validUntilMs - sentAt).then(() => true)]);
      if (lapsed) await this.settleRole();
    }
    const outcome = await call;
    if ('held' in outcome) {
      this.validUntilMs = outcome.held ? sentAt + this.lease.durationMs - this.safetyMarginMs : 0;
    } else {
      // Storage did not answer: keep the validity of the last renewal; it lapses on its own.
      this.logger.warn('leader lease could not be taken or renewed', { role: this.role, error: outcome.error as Error });
    }
    await this.settleRole();
    return this.role;
  }

  /** Takes part in the election; resolves after the first round, when this process knows its role. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.step();
    this.loop = this.run();
  }

  /** Stops renewing; a leader releases the lease so another replica takes over at once. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    const wasLeader = this.holds();
    this.validUntilMs = 0;
    await this.settleRole('stopping');
    if (wasLeader) await this.lease.release().catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const now = this.clock.now().getTime();
      // A leader wakes to renew, and at the latest when its validity ends (to stop sending then).
      const waitMs = this.holds() ? Math.min(this.renewEveryMs, Math.max(1, this.validUntilMs - now)) : this.standbyRetryMs;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void this.clock.sleep(waitMs).then(resolve);
      });
      if (!this.running) break;
      await this.step();
    }
  }

  private async settleRole(why: 'stopping' | 'lease' = 'lease'): Promise<void> {
    const next = this.currentRole();
    if (next === this.role) return;
    this.role = next;
    if (next === 'leader') {
      this.logger.info('leader lease taken: this replica polls and sends alerts', { holderId: this.lease.holderId, leaseSeconds: this.lease.durationMs / 1000 });
      this.transition = this.transition.catch(() => undefined).then(() => this.events.onGained());
    } else {
      // A clean stop gives the lease up on purpose: nothing to warn about.
      if (why === 'stopping') this.logger.info('leader lease given up at stop', { holderId: this.lease.holderId });
      else this.logger.warn('leader lease lost or lapsing: this replica stops polling and sending', { holderId: this.lease.holderId });
      this.transition = this.transition.catch(() => undefined).then(() => this.events.onLost());
    }
    await this.transition.catch((error) => this.logger.error('leadership change failed', { error: error as Error }));
  }
}
