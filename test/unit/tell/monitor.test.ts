import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { Cluster } from '../../../src/clusters/cluster';
import { DirectoryError, type ClusterDirectory, type FleetSnapshot } from '../../../src/clusters/cluster-directory';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { sameFilter } from '../../../src/clusters/cluster-filter';
import { AlertDelivery } from '../../../src/tell/delivery';
import { NotLeaderError } from '../../../src/tell/monitor-guard';
import { ConnectivityMonitor } from '../../../src/tell/monitor';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import type { KeyValueStorage } from '../../../src/storage/key-value-storage';
import { conversation, FakeSender } from './fake-sender';
import { aCluster, MIN, offline } from '../../support/clusters';
import { deliveryDefaults, monitorDefaults } from '../../support/config-defaults';

/** A directory whose fleet the test sets; `fail` makes the next polls throw. */
class ScriptedDirectory implements ClusterDirectory {
  readonly description = 'scripted';
  fleet: (now: Date) => Cluster[] = () => [];
  fail = 0;
  calls: { maxAgeMs?: number }[] = [];
  constructor(private readonly clock: ManualClock) {}
  async listClusters(options?: { maxAgeMs?: number }): Promise<FleetSnapshot> {
    this.calls.push(options ?? {});
    if (this.fail > 0) {
      this.fail--;
      throw new DirectoryError('throttled', 'Resource Graph is throttling requests.', 'corr-1');
    }
    return { clusters: this.fleet(this.clock.now()), fetchedAt: this.clock.now(), source: 'scripted' };
  }
  async getClustersByName(): Promise<Cluster[]> { return []; }
}

function setup(storage: KeyValueStorage = new MemoryStorage(), clock = new ManualClock('2026-11-25T12:00:00Z'), sender?: FakeSender) {
  const stores = createTellStores(storage);
  const directory = new ScriptedDirectory(clock);
  const fake = sender ?? new FakeSender(clock);
  const logger = createMemoryLogger();
  const delivery = new AlertDelivery(stores, fake, clock, logger, deliveryDefaults());
  const monitor = new ConnectivityMonitor(directory, stores, delivery, clock, logger, monitorDefaults());
  /** One poll, then deliver everything due (advancing the clock through rate limits). */
  const poll = async () => {
    const outcome = await monitor.tick();
    for (;;) {
      const round = await delivery.deliverDue();
      if (!round.nextAt) break;
      await clock.advance(Math.max(0, round.nextAt.getTime() - clock.now().getTime()));
    }
    await clock.advance(MIN);
    return outcome;
  };
  return { storage, clock, stores, directory, sender: fake, logger, delivery, monitor, poll };
}

async function subscribe(s: ReturnType<typeof setup>, id = 'conv-1') {
  await s.stores.conversations.upsert(conversation(id), true);
  await s.stores.subscriptions.add(id, { filter: {}, kinds: [], createdAt: s.clock.now().toISOString() }, sameFilter);
}

const healthy = (names: string[]) => (now: Date) => names.map((n) => aCluster({ name: n }, now));
const down = (names: string[], downNames: string[]) => (now: Date) =>
  names.map((n) => (downNames.includes(n) ? offline(aCluster({ name: n }, now), now) : aCluster({ name: n }, now)));

describe('ConnectivityMonitor.tick', () => {
  it('asks the directory for a fresh fleet, baselines, then alerts after two polls and updates on recovery', async () => {
    const s = setup();
    await subscribe(s);
    s.directory.fleet = healthy(['store-0421', 'store-0422']);
    expect((await s.poll()).kind).toBe('baseline');
    expect(s.directory.calls[0]).toEqual({ maxAgeMs: 0 });
    s.directory.fleet = down(['store-0421', 'store-0422'], ['store-0421']);
    await s.poll();
    expect(s.sender.sent).toEqual([]);
    await s.poll();
    expect(s.sender.sent.map((m) => m.text.split('.')[0])).toEqual(['🔴 store-0421 went Offline']);
    s.directory.fleet = healthy(['store-0421', 'store-0422']);
    await s.poll();
    await s.poll();
    expect(s.sender.sent.map((m) => `${m.action}:${m.activityId}:${m.text}`)).toEqual([
      expect.stringMatching(/^send:act-1:/),
      'update:act-1:✅ store-0421: recovered after 2 min',
      'send:act-2:🟢 store-0421 is Connected again (recovered after 2 min).',
    ]);
  });

  it('restart with the same storage: no replay, and a change made while down is alerted once', async () => {
    const storage = new MemoryStorage();
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const sender = new FakeSender(clock);
    const first = setup(storage, clock, sender);
    await subscribe(first);
    first.directory.fleet = healthy(['a', 'b']);
    await first.poll();
    await first.poll();
    // "process restarts" while 'b' is down
    await clock.advance(30 * MIN);
    const second = setup(storage, clock, sender);
    second.directory.fleet = down(['a', 'b'], ['b']);
    expect((await second.poll()).kind).toBe('observed');
    await second.poll();
    await second.poll();
    // Thirty minutes without a poll: the subscribers are told first that alerts may have been missed.
    expect(sender.sent.map((m) => m.text.split('.')[0].split(':')[0])).toEqual(['🔁 Monitoring resumed after 31 minutes without a poll', '🔴 b went Offline']);
  });

  it('a monitor whose leader fence closes mid-poll writes nothing: no outbox items, no memory, no heartbeat', async () => {
    const s = setup();
    await subscribe(s);
    s.directory.fleet = healthy(['a', 'b']);
    await s.poll();
    await s.poll();
    let fenceChecks = 0;
    // Open for the check at the start of the tick, closed by the time the decision would be written.
    const fenced = new ConnectivityMonitor(s.directory, s.stores, s.delivery, s.clock, s.logger, monitorDefaults(), { fence: () => ++fenceChecks === 1, replicaId: 'paused-leader' });
    s.directory.fleet = down(['a', 'b'], ['a', 'b']);
    const memoryBefore = JSON.stringify(await s.stores.monitor.get());
    const heartbeatBefore = await s.stores.heartbeat.get();
    await expect(fenced.tick()).rejects.toThrow(NotLeaderError);
    expect(await s.stores.outbox.all()).toEqual([]);
    expect(JSON.stringify(await s.stores.monitor.get())).toBe(memoryBefore);
    expect(await s.stores.heartbeat.get()).toEqual(heartbeatBefore);
  });

  it("a former leader cannot overwrite the fleet memory a newer leader wrote: its poll is dropped and it re-reads", async () => {
    const storage = new MemoryStorage();
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const sender = new FakeSender(clock);
    const former = setup(storage, clock, sender);
    await subscribe(former);
    former.directory.fleet = healthy(['a', 'b']);
    await former.poll();
    // Meanwhile another replica leads and polls: its memory knows 'c'.
    const newer = setup(storage, clock, sender);
    newer.directory.fleet = healthy(['a', 'b', 'c']);
    await newer.poll();
    const written = await former.stores.monitor.get();
    // The former leader wakes up (paused past its lease) with a poll based on what it read before.
    former.directory.fleet = healthy(['a']);
    await expect(former.monitor.tick()).rejects.toThrow(NotLeaderError);
    expect(await former.stores.monitor.get()).toEqual(written);
    // Next time it starts from the stored memory, as any leader would.
    former.directory.fleet = healthy(['a', 'b', 'c']);
    expect((await former.monitor.tick()).kind).toBe('observed');
    expect(Object.keys((await former.stores.monitor.get()).fleet.clusters)).toHaveLength(3);
  });

  it('a restart within three intervals of the last poll posts no resumed notice', async () => {
    const storage = new MemoryStorage();
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const sender = new FakeSender(clock);
    const first = setup(storage, clock, sender);
    await subscribe(first);
    first.directory.fleet = healthy(['a', 'b']);
    await first.poll();
    await clock.advance(2 * first.monitor.options.intervalMs);
    const second = setup(storage, clock, sender);
    second.directory.fleet = healthy(['a', 'b']);
    await second.poll();
    await second.poll();
    expect(sender.sent).toEqual([]);
  });

  it('a crash after the outbox write but before the memory write does not double-post', async () => {
    const inner = new MemoryStorage();
    let failMonitorWrites = false;
    const storage: KeyValueStorage = {
      read: (k) => inner.read(k),
      delete: (k) => inner.delete(k),
      write: (c) => (failMonitorWrites && c['tell/monitor'] ? Promise.reject(new Error('killed')) : inner.write(c)),
    };
    const s = setup(storage);
    await subscribe(s);
    s.directory.fleet = healthy(['a']);
    await s.poll();
    s.directory.fleet = down(['a'], ['a']);
    await s.poll();
    failMonitorWrites = true;
    await expect(s.monitor.tick()).rejects.toThrow('killed'); // decided + in outbox, memory not saved
    failMonitorWrites = false;
    const restarted = setup(storage, s.clock, s.sender);
    restarted.directory.fleet = down(['a'], ['a']);
    await restarted.poll(); // re-decides the same alert with the same key
    await restarted.poll();
    expect(s.sender.sent.map((m) => m.text.split('.')[0])).toEqual(['🔴 a went Offline']);
  });

  it('an outage -> one digest per conversation', async () => {
    const s = setup();
    await subscribe(s, 'c1');
    await subscribe(s, 'c2');
    const names = Array.from({ length: 37 }, (_, i) => `store-${String(i).padStart(4, '0')}`);
    s.directory.fleet = healthy(names);
    await s.poll();
    s.directory.fleet = down(names, names);
    await s.poll();
    await s.poll();
    expect(s.sender.sent.map((m) => `${m.conversationId}:${m.text}`)).toEqual([
      'c1:37 clusters went Offline in westeurope',
      'c2:37 clusters went Offline in westeurope',
    ]);
  });

  it('recovery after an outage digest plans no per-cluster card updates (none were sent), so nothing floods the outbox', async () => {
    const s = setup();
    const conversations = Array.from({ length: 20 }, (_, i) => `c${i}`);
    for (const id of conversations) await subscribe(s, id);
    const names = Array.from({ length: 37 }, (_, i) => `store-${String(i).padStart(4, '0')}`);
    s.directory.fleet = healthy(names);
    await s.poll();
    s.directory.fleet = down(names, names);
    await s.poll();
    await s.poll();
    s.directory.fleet = healthy(names);
    await s.poll();
    await s.poll();
    const items = await s.stores.outbox.all();
    expect(items.filter((i) => i.action === 'update')).toEqual([]);
    expect(items.filter((i) => i.state === 'dropped')).toEqual([]);
    expect(s.sender.sent.map((m) => m.text)).toEqual([
      ...conversations.map(() => '37 clusters went Offline in westeurope'),
      ...conversations.map(() => expect.stringMatching(/^37 clusters/)),
    ]);
    // A real alert right after the recovery goes out on the poll that confirms it.
    s.directory.fleet = down(names, ['store-0001']);
    await s.poll();
    const before = s.sender.sent.length;
    const confirmedAt = s.clock.now().getTime();
    await s.poll();
    const alerts = s.sender.sent.slice(before);
    expect(alerts.map((m) => m.text.split('.')[0])).toEqual(conversations.map(() => '🔴 store-0001 went Offline'));
    expect(alerts[0].at).toBe(confirmedAt);
  });

  it('after a digest, recovery updates in place only the cluster whose own card is open', async () => {
    const s = setup();
    await subscribe(s, 'c1');
    const names = Array.from({ length: 8 }, (_, i) => `store-${String(i).padStart(4, '0')}`);
    s.directory.fleet = healthy(names);
    await s.poll();
    s.directory.fleet = down(names, ['store-0000']);
    await s.poll();
    await s.poll();
    s.directory.fleet = down(names, names);
    await s.poll();
    await s.poll();
    s.directory.fleet = healthy(names);
    await s.poll();
    await s.poll();
    expect(s.sender.sent.map((m) => `${m.action}:${m.activityId}:${m.text.split('.')[0].split(':')[0]}`)).toEqual([
      'send:act-1:🔴 store-0000 went Offline',
      'send:act-2:7 clusters went Offline in westeurope',
      'update:act-1:✅ store-0000',
      expect.stringMatching(/^send:act-3:8 clusters/),
    ]);
    expect((await s.stores.outbox.all()).filter((i) => i.state !== 'sent')).toEqual([]);
  });

  it('a cluster deleted and re-created within the outbox retention still alerts each time', async () => {
    const s = setup();
    await subscribe(s);
    s.directory.fleet = healthy(['a', 'x']);
    await s.poll();
    for (let cycle = 0; cycle < 2; cycle++) {
      s.directory.fleet = healthy(['a']);
      await s.poll();
      await s.poll();
      s.directory.fleet = healthy(['a', 'x']);
      await s.poll();
      await s.poll();
      s.directory.fleet = down(['a', 'x'], ['x']);
      await s.poll();
      await s.poll();
      s.directory.fleet = healthy(['a', 'x']);
      await s.poll();
      await s.poll();
      await s.clock.advance(6 * 60 * MIN);
    }
    const offlineAlerts = s.sender.sent.filter((m) => m.action === 'send' && m.text.startsWith('🔴 x went Offline'));
    expect(offlineAlerts).toHaveLength(2);
    expect(s.sender.sent.filter((m) => m.action === 'update')).toHaveLength(2);
  });

  it('directory failures never alert; one degraded card after 3, one restored card after', async () => {
    const s = setup();
    await subscribe(s);
    s.directory.fleet = healthy(['a']);
    await s.poll();
    s.directory.fail = 5;
    for (let i = 0; i < 5; i++) await s.poll();
    expect(s.sender.sent.map((m) => m.text.split('.')[0])).toEqual(['⚠️ Monitoring degraded: cannot read the fleet']);
    await s.poll();
    await s.poll();
    expect(s.sender.sent.map((m) => m.text.split('.')[0])).toEqual([
      '⚠️ Monitoring degraded: cannot read the fleet',
      '✅ Monitoring restored after 3 min',
    ]);
  });

  it('mutes: events recorded not posted; when the mute ends and the cluster is still down, one card says so', async () => {
    const s = setup();
    await subscribe(s);
    s.directory.fleet = healthy(['store-0421', 'store-0422']);
    await s.poll();
    await s.stores.mutes.add('conv-1', { filter: { namePattern: 'store-0421' }, until: new Date(s.clock.now().getTime() + 10 * MIN).toISOString(), createdAt: s.clock.now().toISOString() }, sameFilter);
    s.directory.fleet = down(['store-0421', 'store-0422'], ['store-0421']);
    for (let i = 0; i < 12; i++) await s.poll();
    expect(s.sender.sent.map((m) => m.text)).toEqual(['🔔 Mute ended for cluster store-0421: 1 cluster is still unhealthy']);
    expect(await s.stores.mutes.list('conv-1')).toEqual([]);
  });

  it('the alert card\'s mute (by resource id) holds back only that cluster, not a same-named one elsewhere', async () => {
    const s = setup();
    await subscribe(s);
    const twins = (now: Date, isDown: boolean) => [aCluster({ name: 'store-0421' }, now), aCluster({ name: 'store-0421', resourceGroup: 'edge-other' }, now)]
      .map((c) => (isDown ? offline(c, now) : c));
    s.directory.fleet = (now) => twins(now, false);
    await s.poll();
    const mutedId = aCluster({ name: 'store-0421' }, s.clock.now()).id;
    await s.stores.mutes.add('conv-1', { filter: { clusterId: mutedId }, until: new Date(s.clock.now().getTime() + 60 * MIN).toISOString(), createdAt: s.clock.now().toISOString() }, sameFilter);
    s.directory.fleet = (now) => twins(now, true);
    await s.poll();
    await s.poll();
    expect(s.sender.sent).toHaveLength(1);
    expect(JSON.stringify((await s.stores.outbox.all())[0])).toContain('edge-other');
    expect((await s.stores.mutes.list('conv-1'))[0].suppressed).toBe(1);
  });

  it('a mute that ends on a healthy cluster posts nothing', async () => {
    const s = setup();
    await subscribe(s);
    s.directory.fleet = healthy(['a']);
    await s.poll();
    await s.stores.mutes.add('conv-1', { filter: {}, until: new Date(s.clock.now().getTime() + 2 * MIN).toISOString(), createdAt: s.clock.now().toISOString() }, sameFilter);
    for (let i = 0; i < 4; i++) await s.poll();
    expect(s.sender.sent).toEqual([]);
    expect(await s.stores.mutes.list('conv-1')).toEqual([]);
  });
});

describe('ConnectivityMonitor.start/stop', () => {
  it('polls every interval on the injected clock; whenIdle waits for the work a clock step started; stops cleanly', async () => {
    const s = setup();
    await subscribe(s);
    s.directory.fleet = healthy(['a']);
    s.monitor.start();
    await s.monitor.whenIdle();
    expect(s.directory.calls).toHaveLength(1); // the baseline poll finished before "idle"
    for (let i = 0; i < 2; i++) {
      await s.clock.advance(60_000);
      await s.monitor.whenIdle();
    }
    expect(s.directory.calls).toHaveLength(3);
    s.directory.fleet = down(['a'], ['a']);
    await s.clock.advance(60_000);
    await s.monitor.whenIdle();
    expect(s.sender.sent).toEqual([]); // seen once: flap damping holds it
    await s.clock.advance(60_000);
    await s.monitor.whenIdle();
    // confirmed by the second poll, and already delivered when the monitor reports idle
    expect(s.sender.sent.map((m) => m.text.split('.')[0])).toEqual(['🔴 a went Offline']);
    expect(s.directory.calls).toHaveLength(5);
    await s.monitor.stop();
    await expect(s.monitor.whenIdle()).resolves.toBeUndefined();
  });

  it('a notice decided on the baseline tick (monitoring restored after a failing start) is delivered on that tick', async () => {
    const s = setup();
    await subscribe(s);
    s.directory.fleet = healthy(['a']);
    s.directory.fail = 3;
    s.monitor.start();
    await s.monitor.whenIdle();
    for (let i = 0; i < 3; i++) {
      await s.clock.advance(60_000);
      await s.monitor.whenIdle();
    }
    expect(s.directory.calls).toHaveLength(4); // 3 failures, then the baseline
    expect(s.sender.sent.map((m) => `${(m.at - Date.parse('2026-11-25T12:00:00Z')) / 1000}s ${m.text.split('.')[0]}`)).toEqual([
      '120s ⚠️ Monitoring degraded: cannot read the fleet',
      '180s ✅ Monitoring restored after 1 min',
    ]);
    await s.monitor.stop();
  });
});

describe('ConnectivityMonitor.status (for /healthz)', () => {
  it('shows the last good poll, directory failures and the alert backlog with its age', async () => {
    const s = setup();
    await subscribe(s);
    s.directory.fleet = healthy(['a', 'b']);
    await s.monitor.tick();
    const firstPoll = s.clock.now().toISOString();
    expect(await s.monitor.status()).toMatchObject({ lastSuccessfulPollAt: firstPoll, consecutiveFailures: 0, degraded: false, pendingAlerts: 0 });

    s.directory.fleet = down(['a', 'b'], ['a']);
    await s.clock.advance(MIN);
    await s.monitor.tick();
    await s.clock.advance(MIN);
    await s.monitor.tick(); // confirmed: one alert decided, not yet delivered
    await s.clock.advance(90_000);
    s.directory.fail = 3;
    for (let i = 0; i < 3; i++) await s.monitor.tick();
    const status = await s.monitor.status();
    expect(status).toMatchObject({ consecutiveFailures: 3, degraded: true, pendingAlerts: 2 }); // the alert + the degraded notice
    expect(status.lastSuccessfulPollAt).toBe(new Date(Date.parse(firstPoll) + 2 * MIN).toISOString());
    expect(status.oldestPendingAlertAgeSeconds).toBe(90);
  });
});
