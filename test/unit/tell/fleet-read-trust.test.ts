import type { Cluster } from '../../../src/clusters/cluster';
import { decideTick, type FleetRead, type TickDecision, type TickInput } from '../../../src/tell/decide-tick';
import { judgeFleetRead } from '../../../src/tell/fleet-read-guard';
import { emptyFleetMemory } from '../../../src/tell/fleet-diff';
import type { MonitorDoc } from '../../../src/tell/stores/monitor-state-store';
import type { ConversationSubscriptions } from '../../../src/tell/stores/subscription-store';
import { aCluster, MIN, offline } from '../../support/clusters';

/**
 * The faults a real fleet source has (empty answers, missing pages, rows without ids or without a
 * status, a restart while the source is empty) never become cluster alerts; a real change that comes
 * after the fault still does. Each scenario runs ticks one poll apart, the memory carried forward as
 * the monitor persists it.
 */
const t0 = new Date('2026-11-25T12:00:00Z');
const POLL_MIN = 1;
const OPTIONS = { confirmations: 2, digestThreshold: 5, degradedAfterFailures: 3, removalMinMs: 10 * MIN, dropGuardPercent: 20 };
const subscribed: Record<string, ConversationSubscriptions> = {
  c1: { items: [{ number: 1, filter: {}, kinds: [], createdAt: t0.toISOString() }], nextNumber: 2 },
};

const FLEET: Cluster[] = Array.from({ length: 30 }, (_, i) => aCluster({ name: `store-${String(i).padStart(3, '0')}` }, t0));
const ok = (clusters: Cluster[], invalid?: { count: number; clusterIds: string[] }): FleetRead => ({ ok: true, clusters, ...(invalid ? { invalidRows: invalid } : {}) });

/** Runs `reads` one poll apart from a memory that already knows FLEET; returns every decision. */
function run(reads: FleetRead[], memory: MonitorDoc = baseline()): TickDecision[] {
  const decisions: TickDecision[] = [];
  let current = memory;
  reads.forEach((read, i) => {
    const now = new Date(t0.getTime() + (i + 1) * POLL_MIN * MIN);
    const input: TickInput = {
      read: heartbeatsAt(read, now), memory: current, subscriptions: subscribed, mutes: {}, openAlertCards: new Set(), now, options: OPTIONS,
    };
    const decision = decideTick(input);
    decisions.push(decision);
    current = decision.memoryToSave ?? current;
  });
  return decisions;
}

/** Connected clusters keep sending heartbeats: each read carries a fresh one (Offline ones keep theirs). */
function heartbeatsAt(read: FleetRead, now: Date): FleetRead {
  if (!read.ok || !('clusters' in read)) return read;
  return { ...read, clusters: read.clusters.map((c) => (c.status === 'Connected' ? { ...c, lastConnectivityTime: new Date(now.getTime() - MIN) } : c)) };
}

function baseline(): MonitorDoc {
  const first = decideTick({
    read: ok(FLEET), memory: { fleet: emptyFleetMemory(), directory: { consecutiveFailures: 0, degraded: false, episode: 0 } },
    subscriptions: subscribed, mutes: {}, openAlertCards: new Set(), now: t0, options: OPTIONS,
  });
  return first.memoryToSave!;
}

const texts = (decisions: TickDecision[]) => decisions.flatMap((d) => d.outbox.map((item) => item.message.text));
const clusterAlerts = (decisions: TickDecision[]) => texts(decisions).filter((t) => !/Monitoring (degraded|restored)/.test(t));
const repeat = <T>(value: T, n: number): T[] => Array.from({ length: n }, () => value);

describe('a fleet read is trusted before it is compared', () => {
  test.each([
    ['the source returns an empty list (Reader role removed, scope briefly empty)', ok([])],
    ['a page is missing: 18 of 30 clusters', ok(FLEET.slice(0, 18))],
    ['half the rows lack an id', ok(FLEET.slice(0, 15), { count: 15, clusterIds: [] })],
  ])('%s, for one or two polls: no cluster alerts, the memory kept, and the next good read changes nothing', (_what, fault) => {
    const decisions = run([fault, fault, ok(FLEET), ok(FLEET)]);
    expect(clusterAlerts(decisions)).toEqual([]);
    expect(decisions[0].summary).toMatchObject({ kind: 'read-distrusted' });
    expect(decisions[0].memoryToSave!.fleet).toEqual(baseline().fleet);
  });

  test('rows without properties or a connectivity status are unreadable clusters, never "went Offline" or "left the fleet"', () => {
    const unreadable = FLEET.slice(0, 3).map((c) => c.id);
    const read = ok(FLEET.slice(3), { count: 3, clusterIds: unreadable });
    const decisions = run(repeat(read, 20));
    expect(clusterAlerts(decisions)).toEqual([]);
    expect(decisions.every((d) => d.summary.kind === 'observed')).toBe(true);
  });

  test('a fault that lasts MONITOR_DEGRADED_AFTER polls gives one "degraded" card that says how much the read returned and why', () => {
    const decisions = run(repeat(ok([]), 6));
    expect(texts(decisions)).toEqual([
      expect.stringMatching(/^⚠️ Monitoring degraded: the fleet read returned 0 of 30 clusters\. .*Reader role/),
    ]);
    expect(decisions[2].outbox[0].message.view).toMatchObject({ card: 'monitoring-degraded', model: { partial: { read: 0, known: 30 } } });
  });

  test('the bot restarting while the source is empty takes no new baseline and posts nothing', () => {
    const restarted = baseline();
    const decisions = run([ok([]), ok([]), ok(FLEET)], restarted);
    expect(clusterAlerts(decisions)).toEqual([]);
    expect(decisions.map((d) => d.summary.kind)).toEqual(['read-distrusted', 'read-distrusted', 'observed']);
  });

  test('an empty first read is no baseline either', () => {
    const fresh: MonitorDoc = { fleet: emptyFleetMemory(), directory: { consecutiveFailures: 0, degraded: false, episode: 0 } };
    const [decision] = run([ok([])], fresh);
    expect(decision.summary).toMatchObject({ kind: 'read-distrusted', fault: 'empty' });
    expect(decision.memoryToSave!.fleet.baselineAt).toBeUndefined();
  });

  test('a real change after the fault is still alerted', () => {
    const gone = offline(aCluster({ name: 'store-004' }, t0), new Date(t0.getTime() + 3 * MIN));
    const withOffline = FLEET.map((c) => (c.id === gone.id ? gone : c));
    const decisions = run([ok([]), ok([]), withOffline, withOffline].map((r) => (Array.isArray(r) ? ok(r) : r)));
    expect(clusterAlerts(decisions)).toEqual([expect.stringMatching(/^🔴 store-004 went Offline/)]);
  });

  test('a mass removal that stays exactly the same for long enough is believed, and posted once as a digest that says it may be a permission change', () => {
    const decisions = run(repeat(ok(FLEET.slice(0, 10)), 15));
    const alerts = clusterAlerts(decisions);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/^20 clusters left the fleet .*may be a permission change/);
    expect(texts(decisions).filter((t) => /degraded/.test(t))).toHaveLength(1);
  });
});

describe('removal is confirmed like every other change, over reads and time', () => {
  test('one cluster missing for ALERT_CONFIRMATIONS polls is not "left the fleet" until FLEET_REMOVAL_CONFIRM_MINUTES passed', () => {
    const without = ok(FLEET.slice(1));
    const decisions = run(repeat(without, 12));
    const at = decisions.findIndex((d) => d.outbox.length > 0);
    expect(at + 1).toBe(11); // first missing at minute 1; confirmed once it has been missing 10 minutes
    expect(clusterAlerts(decisions)).toEqual([expect.stringMatching(/^➖ store-000 left the fleet/)]);
  });

  test('a one-poll gap never announces a removal', () => {
    const decisions = run([ok(FLEET.slice(1)), ok(FLEET), ...repeat(ok(FLEET), 12)]);
    expect(clusterAlerts(decisions)).toEqual([]);
  });
});

describe('judgeFleetRead', () => {
  const ids = (n: number) => new Set(FLEET.slice(0, n).map((c) => c.id));
  const known = FLEET.map((c) => c.id);
  test.each([
    [30, 20, true], [24, 20, true], [23, 20, false], [0, 100, false], [15, 50, true],
  ])('%i of 30 read with a %i%% guard -> trusted %s', (read, guard, trusted) => {
    expect(judgeFleetRead({ readIds: ids(read), unreadableIds: new Set(), knownIds: known, dropGuardPercent: guard }).trusted).toBe(trusted);
  });

  test('unreadable known clusters are not lost', () => {
    expect(judgeFleetRead({ readIds: ids(10), unreadableIds: new Set(FLEET.slice(10).map((c) => c.id)), knownIds: known, dropGuardPercent: 20 }).trusted).toBe(true);
  });
});
