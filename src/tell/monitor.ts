import type { ClusterDirectory } from '../clusters/cluster-directory';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { monitoringDegradedMessage, monitoringRestoredMessage, muteEndedMessage } from './alert-messages';
import { openCardKey } from './stores/alert-card-store';
import type { MonitorDoc } from './stores/monitor-state-store';
import type { NewOutboxItem } from './stores/outbox-store';
import type { TellStores } from './stores/tell-stores';
import { planAlerts } from './alert-planner';
import { describeFilter, matchesFilter } from '../clusters/cluster-filter';
import type { AlertDelivery } from './delivery';
import { isUnhealthy, observeFleet, type ClusterEvent } from './fleet-diff';

/** The monitor's settings; the values (and their defaults) come from the configuration (`AppConfig.monitor`). */
export interface MonitorOptions {
  /** `MONITOR_INTERVAL_SECONDS` (1-2 s work with the demo source). */
  intervalMs: number;
  /** `ALERT_CONFIRMATIONS`: consecutive polls a change must be seen in. */
  confirmations: number;
  /** `ALERT_DIGEST_THRESHOLD`: more clusters changing at once -> one digest per conversation. */
  digestThreshold: number;
  /** `MONITOR_DEGRADED_AFTER`: consecutive failed polls before the one "degraded" card. */
  degradedAfterFailures: number;
}

export interface MonitorStatus {
  running: boolean;
  lastSuccessfulPollAt?: string;
  consecutiveFailures: number;
  degraded: boolean;
  pendingAlerts: number;
  oldestPendingAlertAgeSeconds?: number;
}

export type TickOutcome =
  | { kind: 'baseline'; clusters: number }
  | { kind: 'observed'; events: ClusterEvent[]; enqueued: number; suppressed: number }
  | { kind: 'directory-failed'; consecutiveFailures: number; degradedNotice: boolean };

/**
 * The "Tell" loop: one fleet query per tick, diff against the persisted memory, plan alerts, put them
 * in the outbox, then persist the memory (in that order: a crash in between re-decides the same
 * alerts with the same keys, which the outbox ignores). Delivery runs as its own loop.
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
  /** The persisted memory, read once per process: this monitor is its only writer. */
  private doc: MonitorDoc | undefined;

  constructor(
    private readonly directory: ClusterDirectory,
    private readonly stores: TellStores,
    private readonly delivery: AlertDelivery,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: MonitorOptions,
  ) {
    this.options = { ...options };
  }

  async tick(): Promise<TickOutcome> {
    const now = this.clock.now();
    const doc = (this.doc ??= await this.stores.monitor.get());
    const subscriptions = await this.stores.subscriptions.all();
    const reachable = Object.entries(subscriptions).filter(([, s]) => !s.disabledReason && s.items.length).map(([id]) => id);

    let snapshot;
    try {
      snapshot = await this.directory.listClusters({ maxAgeMs: 0 });
    } catch (error) {
      // Directory failures never turn into cluster alerts; only the one "degraded" notice.
      const health = doc.directory;
      health.consecutiveFailures++;
      health.lastError = (error as { userMessage?: string })?.userMessage ?? (error as Error)?.message ?? String(error);
      let degradedNotice = false;
      if (!health.degraded && health.consecutiveFailures >= this.options.degradedAfterFailures) {
        health.degraded = true;
        health.episode++;
        health.degradedSince = now.toISOString();
        const message = monitoringDegradedMessage(health.consecutiveFailures, health.lastError);
        await this.stores.outbox.enqueue(reachable.map((conversationId) => ({
          key: `${conversationId}|degraded|${health.episode}`, conversationId, action: 'send' as const, message,
        })), now);
        degradedNotice = true;
      }
      await this.stores.monitor.save(doc);
      this.logger.warn('fleet poll failed', {
        consecutiveFailures: health.consecutiveFailures, correlationId: (error as { correlationId?: string })?.correlationId, error: health.lastError,
      });
      if (degradedNotice) this.wakeDelivery();
      return { kind: 'directory-failed', consecutiveFailures: health.consecutiveFailures, degradedNotice };
    }

    const items: NewOutboxItem[] = [];
    const health = doc.directory;
    if (health.degraded) {
      const message = monitoringRestoredMessage(now.getTime() - Date.parse(health.degradedSince ?? now.toISOString()));
      for (const conversationId of reachable) {
        items.push({ key: `${conversationId}|restored|${health.episode}`, conversationId, action: 'send', message });
      }
      this.logger.info('monitoring restored', { episode: health.episode });
    }
    const directoryChanged = health.consecutiveFailures > 0 || health.degraded;
    doc.directory = { consecutiveFailures: 0, degraded: false, episode: health.episode };
    this.lastSuccessfulPollAt = now;

    const result = observeFleet(doc.fleet, snapshot.clusters, now, { confirmations: this.options.confirmations });
    const mutes = await this.stores.mutes.all();
    const openAlertCards = result.events.some((e) => e.kind === 'recovered') ? await this.openAlertCards() : new Set<string>();
    const plan = planAlerts({
      events: result.events, subscriptions, mutes, now, generation: result.memory.generation, digestThreshold: this.options.digestThreshold, openAlertCards,
    });
    items.push(...plan.items);

    // Mutes that ended: one card when what they covered is still unhealthy.
    const ended = Object.entries(mutes).flatMap(([conversationId, list]) =>
      list.filter((m) => Date.parse(m.until) <= now.getTime()).map((mute) => ({ conversationId, mute })));
    for (const { conversationId, mute } of ended) {
      if (!reachable.includes(conversationId)) continue;
      const unhealthy = Object.values(result.memory.clusters).filter((s) => matchesFilter(mute.filter, s) && isUnhealthy(s))
        .sort((a, b) => a.name.localeCompare(b.name));
      if (!unhealthy.length) continue;
      const message = muteEndedMessage(describeFilter(mute.filter), unhealthy, mute.suppressed);
      items.push({ key: `${conversationId}|mute-ended|${mute.number}|${mute.until}`, conversationId, action: 'send', message });
    }

    const enqueued = await this.stores.outbox.enqueue(items, now);
    await this.stores.mutes.countSuppressed(plan.suppressed);
    for (const { conversationId, mute } of ended) {
      await this.stores.mutes.remove(conversationId, (m) => m.number === mute.number && m.until === mute.until);
    }
    if (result.changed || directoryChanged) {
      doc.fleet = result.memory;
      await this.stores.monitor.save(doc);
    }
    await this.stores.outbox.prune(now);

    if (result.baseline) {
      this.logger.info('monitor baseline taken: no alerts on first start', { clusters: snapshot.clusters.length });
      return { kind: 'baseline', clusters: snapshot.clusters.length };
    }
    if (result.events.length || enqueued.length) {
      this.logger.info('monitor tick', { events: result.events.length, enqueued: enqueued.length, suppressed: plan.suppressed.length });
    }
    if (enqueued.length) this.wakeDelivery();
    return { kind: 'observed', events: result.events, enqueued: enqueued.length, suppressed: plan.suppressed.reduce((n, s) => n + s.events, 0) };
  }

  /** Alert cards a recovery can update in place: tracked ones, and pending sends that will track one. */
  private async openAlertCards(): Promise<Set<string>> {
    const open = new Set<string>();
    for (const card of await this.stores.alertCards.list()) open.add(openCardKey(card.conversationId, card.clusterId));
    for (const item of await this.stores.outbox.pending()) {
      if (item.trackAlertFor) open.add(openCardKey(item.conversationId, item.trackAlertFor.clusterId));
    }
    return open;
  }

  /** Starts the poll loop and the delivery loop (a start/stop plugin for the composition root). */
  start(): void {
    if (this.running) return;
    this.running = true;
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
    const directory = this.doc?.directory;
    return {
      running: this.running,
      lastSuccessfulPollAt: this.lastSuccessfulPollAt?.toISOString(),
      consecutiveFailures: directory?.consecutiveFailures ?? 0,
      degraded: directory?.degraded ?? false,
      pendingAlerts: pending.length,
      oldestPendingAlertAgeSeconds: oldest === undefined ? undefined : Math.round((now.getTime() - oldest) / 1000),
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
        this.logger.error('monitor tick failed', { error: error as Error });
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
