import type { ClusterDirectory, FleetSnapshot } from '../clusters/cluster-directory';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { Acknowledgement } from './alert-acknowledgement';
import { openCardKey } from './stores/alert-card-store';
import type { MonitorDoc } from './stores/monitor-state-store';
import type { TellStores } from './stores/tell-stores';
import { clustersRead, decideTick, startFleetObserver, type FleetRead, type TickDecision } from './decide-tick';
import type { AlertDelivery } from './delivery';
import type { FleetObserver } from './fleet-observer';
import { announceResumeAfterGap } from './resumed-notice';
import { NotLeaderError, SOLE_MONITOR, type MonitorGuard } from './monitor-guard';

export type { MonitorOptions, MonitorStatus, TickOutcome } from './monitor-types';
import type { MonitorOptions, MonitorStatus, TickOutcome } from './monitor-types';

/**
 * The "Tell" loop: one fleet query per tick, handed with the persisted memory, subscriptions and mutes
 * to the pure decision (decide-tick.ts), whose outbox items and memory it then writes. Delivery of the
 * outbox runs as its own loop.
 */
export class ConnectivityMonitor {
  readonly options: MonitorOptions;
  private running = false;
  private stopSignal: Promise<void> = Promise.resolve();
  private signalStop: () => void = () => {};
  private wakeDelivery: () => void = () => {};
  private loops: Promise<void>[] = [];
  /** Which loops are parked waiting for their next turn; see whenIdle(). */
  private readonly parked = { poll: false, delivery: false };
  private idleWaiters: (() => void)[] = [];
  private lastSuccessfulPollAt: Date | undefined;
  private lastRead: MonitorStatus['lastRead'];
  /** The persisted memory, read once per leadership term: while leader this monitor is its only writer. */
  private memory: MonitorDoc | undefined;
  /** Set once the first tick of a term has checked for a gap since the last poll by any replica. */
  private gapChecked = false;
  /** The newest agent version the last read found: the next streamed read judges its pages against it. */
  private latestAgent: string | undefined;

  constructor(
    private readonly directory: ClusterDirectory,
    private readonly stores: TellStores,
    private readonly delivery: AlertDelivery,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: MonitorOptions,
    private readonly guard: MonitorGuard = SOLE_MONITOR,
  ) {
    this.options = { ...options };
  }

  /** One poll: read what the decision needs, let it decide, then write what it decided. */
  async tick(): Promise<TickOutcome> {
    if (!this.guard.fence()) throw new NotLeaderError();
    const now = this.clock.now();
    if (!this.gapChecked) {
      await announceResumeAfterGap(this.stores, now, this.options.intervalMs, this.logger);
      this.gapChecked = true;
    }
    const memory = (this.memory ??= await this.stores.monitor.get());
    const subscriptions = await this.stores.subscriptions.all();
    const read = await this.readFleet(memory, now);
    const decision = decideTick({
      read, memory, subscriptions, now, options: this.options,
      mutes: await this.stores.mutes.all(),
      ...(await this.openAlertCards()),
    });
    // A leader paused or cut off while polling must not write a stale decision over the new leader's.
    if (!this.guard.fence()) throw new NotLeaderError();
    const enqueued = await this.write(decision, now);
    const trusted = decision.summary.kind === 'baseline' || decision.summary.kind === 'observed';
    if (trusted) this.lastSuccessfulPollAt = now;
    if (read.ok) this.lastRead = { at: now.toISOString(), clusters: clustersRead(read), invalidRows: read.invalidRows?.count ?? 0, trusted };
    await this.stores.heartbeat.recordPoll(now, this.guard.replicaId);
    return this.report(decision, enqueued);
  }

  /**
   * A fresh fleet, never a snapshot cached for chat questions. Where the directory can stream it,
   * each page is diffed as it arrives. When the newest agent version moved during the read (a
   * release spreading, or the first read of a process), the pages were judged against the old
   * one, so the fleet the read resolved with is judged again, whole.
   */
  private async readFleet(memory: MonitorDoc, now: Date): Promise<FleetRead> {
    try {
      if (this.directory.streamClusters) {
        const start = () => startFleetObserver(memory.fleet, now, this.options, this.latestAgent ?? memory.fleet.latestAgent);
        let observer = start();
        const snapshot = await this.directory.streamClusters((clusters) => observer.add(clusters), () => { observer = start(); });
        this.latestAgent = observer.latestAgent();
        return this.fleetRead(snapshot, observer.latestAgentSettled() ? observer : undefined);
      }
      return this.fleetRead(await this.directory.listClusters({ maxAgeMs: 0 }));
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** The read as the decision takes it: the observer the pages went to, or else the whole fleet. */
  private fleetRead(snapshot: FleetSnapshot, observer?: FleetObserver): FleetRead {
    // The last good fleet served while the source is unreadable is not an observation.
    if (snapshot.staleBecause) return { ok: false, error: new Error(snapshot.staleBecause) };
    if (snapshot.invalidRows?.count) this.logger.warn('fleet read has invalid rows', { invalidRows: snapshot.invalidRows.count, clusters: snapshot.clusters.length });
    return observer ? { ok: true, observer, invalidRows: snapshot.invalidRows } : { ok: true, clusters: snapshot.clusters, invalidRows: snapshot.invalidRows };
  }

  /**
   * Outbox first, memory last: a crash in between re-decides the same items with the same keys, which
   * the outbox ignores. The cached memory moves on only once it is persisted, for the same reason.
   * Returns how many items were new to the outbox.
   */
  private async write(decision: TickDecision, now: Date): Promise<number> {
    const enqueued = await this.stores.outbox.enqueue(decision.outbox, now);
    await this.stores.mutes.countSuppressed(decision.suppressed);
    for (const { conversationId, mute } of decision.endedMutes) {
      await this.stores.mutes.remove(conversationId, (m) => m.number === mute.number && m.until === mute.until);
    }
    if (decision.memoryToSave) {
      const revision = await this.stores.monitor.saveIfUnchanged(decision.memoryToSave, this.memory?.revision);
      if (revision === undefined) {
        // Another replica polled and wrote since this one read: it leads now (or did). Re-read next time.
        this.memory = undefined;
        throw new NotLeaderError();
      }
      this.memory = { ...decision.memoryToSave, revision };
    }
    await this.stores.outbox.prune(now);
    return enqueued.length;
  }

  /** Logs what the tick did, wakes delivery when there is something new to send. */
  private report(decision: TickDecision, enqueued: number): TickOutcome {
    for (const notice of decision.notices) {
      if (notice.kind === 'restored') this.logger.info('monitoring restored', { episode: notice.episode });
    }
    if (enqueued) this.wakeDelivery();
    const summary = decision.summary;
    switch (summary.kind) {
      case 'directory-failed':
        this.logger.warn('fleet poll failed', { consecutiveFailures: summary.consecutiveFailures, correlationId: summary.correlationId, error: summary.error });
        return { kind: 'directory-failed', consecutiveFailures: summary.consecutiveFailures, degradedNotice: decision.notices.some((n) => n.kind === 'degraded') };
      case 'read-distrusted':
        this.logger.warn('fleet read not believed: no cluster alerts from it', { fault: summary.fault, read: summary.read, known: summary.known, consecutiveFailures: summary.consecutiveFailures });
        return { kind: 'read-distrusted', read: summary.read, known: summary.known, consecutiveFailures: summary.consecutiveFailures, degradedNotice: decision.notices.some((n) => n.kind === 'degraded') };
      case 'baseline':
        this.logger.info('monitor baseline taken: no alerts on first start', { clusters: summary.clusters });
        return { kind: 'baseline', clusters: summary.clusters };
      case 'observed':
        if (summary.events.length || enqueued) {
          this.logger.info('monitor tick', { events: summary.events.length, enqueued, suppressed: decision.suppressed.length });
        }
        return { kind: 'observed', events: summary.events, enqueued, suppressed: summary.suppressedEvents };
    }
  }

  /**
   * Alert cards a recovery can update in place (tracked ones, and pending sends that will track one),
   * and who acknowledged which: read from storage every poll, so a new leader knows them too.
   */
  private async openAlertCards(): Promise<{ openAlertCards: Set<string>; acknowledgements: Map<string, Acknowledgement> }> {
    const open = new Set<string>();
    const acknowledgements = new Map<string, Acknowledgement>();
    for (const card of await this.stores.alertCards.list()) {
      const key = openCardKey(card.conversationId, card.clusterId);
      open.add(key);
      if (card.acknowledged) acknowledgements.set(key, card.acknowledged);
    }
    for (const item of await this.stores.outbox.pending()) {
      if (item.trackAlertFor) open.add(openCardKey(item.conversationId, item.trackAlertFor.clusterId));
    }
    return { openAlertCards: open, acknowledgements };
  }

  /** Starts the poll loop and the delivery loop (a start/stop plugin for the composition root). */
  start(): void {
    if (this.running) return;
    this.running = true;
    // A new term: another replica may have polled and written the memory meanwhile.
    this.memory = undefined;
    this.gapChecked = false;
    this.stopSignal = new Promise((resolve) => { this.signalStop = resolve; });
    this.parked.poll = this.parked.delivery = false;
    this.loops = [this.pollLoop(), this.deliveryLoop()];
    this.logger.info('monitor started', { intervalMs: this.options.intervalMs, confirmations: this.options.confirmations });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.signalStop();
    this.wakeDelivery();
    await Promise.allSettled(this.loops);
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    this.logger.info('monitor stopped');
  }

  /** What /healthz shows: is the monitor polling successfully, and is delivery keeping up? */
  async status(): Promise<MonitorStatus> {
    const now = this.clock.now();
    const pending = await this.stores.outbox.pending();
    const oldest = pending.reduce<number | undefined>((min, i) => {
      const t = Date.parse(i.createdAt);
      return min === undefined || t < min ? t : min;
    }, undefined);
    const directory = this.memory?.directory;
    return {
      running: this.running,
      lastSuccessfulPollAt: this.lastSuccessfulPollAt?.toISOString(),
      consecutiveFailures: directory?.consecutiveFailures ?? 0,
      degraded: directory?.degraded ?? false,
      pendingAlerts: pending.length,
      oldestPendingAlertAgeSeconds: oldest === undefined ? undefined : Math.round((now.getTime() - oldest) / 1000),
      ...(this.lastRead ? { lastRead: this.lastRead } : {}),
    };
  }

  /**
   * Resolves once the poll loop and the delivery loop are both waiting for their next turn (or the
   * monitor is stopped): nothing is being fetched, compared or sent. Lets a caller that moves a
   * simulated clock wait for the work that the move started, instead of guessing with timers.
   */
  whenIdle(): Promise<void> {
    if (!this.running || (this.parked.poll && this.parked.delivery)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private setParked(loop: 'poll' | 'delivery', parked: boolean): void {
    this.parked[loop] = parked;
    if (this.parked.poll && this.parked.delivery) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async pause(loop: 'poll' | 'delivery', ms: number, wake?: Promise<void>): Promise<void> {
    this.setParked(loop, true);
    await Promise.race([this.clock.sleep(ms), this.stopSignal, ...(wake ? [wake] : [])]);
    this.setParked(loop, false);
  }

  private async pollLoop(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
      } catch (error) {
        if (error instanceof NotLeaderError) this.logger.info('poll skipped: this replica is not surely the leader');
        else this.logger.error('monitor tick failed', { error: error as Error });
      }
      if (!this.running) break;
      await this.pause('poll', this.options.intervalMs);
    }
  }

  private async deliveryLoop(): Promise<void> {
    while (this.running) {
      const woken = new Promise<void>((resolve) => {
        // Unpark synchronously: whoever wakes delivery must not see the monitor as idle in between.
        this.wakeDelivery = () => {
          this.parked.delivery = false;
          resolve();
        };
      });
      let waitMs = this.options.intervalMs;
      try {
        const round = await this.delivery.deliverDue();
        if (round.nextAt) waitMs = Math.max(10, round.nextAt.getTime() - this.clock.now().getTime());
      } catch (error) {
        this.logger.error('alert delivery round failed', { error: error as Error });
        waitMs = 1000;
      }
      if (!this.running) break;
      await this.pause('delivery', waitMs, woken);
    }
  }
}
