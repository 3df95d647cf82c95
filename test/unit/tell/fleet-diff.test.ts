import { observeFleet, type FleetMemory } from '../../../src/tell/fleet-diff';
import type { Cluster } from '../../../src/clusters/cluster';
import { aCluster, DAY, MIN, offline } from '../../support/clusters';

const t0 = new Date('2026-11-25T12:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);

/** Runs polls in sequence, each a minute apart, returning the events of each. */
function run(fleets: ((now: Date) => Cluster[])[], confirmations = 2, start?: FleetMemory) {
  let memory = start;
  return fleets.map((fleet, i) => {
    const now = at(i);
    const r = observeFleet(memory, fleet(now), now, { confirmations });
    memory = r.memory;
    return { ...r, kinds: r.events.map((e) => `${e.state.name}:${e.kind}`) };
  });
}

describe('observeFleet', () => {
  it('first poll is a silent baseline, even with clusters already Offline', () => {
    const [first] = run([(now) => [aCluster({ name: 'a' }, now), offline(aCluster({ name: 'b' }, now), now)]]);
    expect(first.baseline).toBe(true);
    expect(first.events).toEqual([]);
    expect(Object.keys(first.memory.clusters)).toHaveLength(2);
  });

  it('alerts Offline only after ALERT_CONFIRMATIONS consecutive polls, once', () => {
    const results = run([
      (now) => [aCluster({ name: 'a' }, now)],
      (now) => [offline(aCluster({ name: 'a' }, now), now)],
      (now) => [offline(aCluster({ name: 'a' }, now), now)],
      (now) => [offline(aCluster({ name: 'a' }, now), now)],
    ]);
    expect(results.map((r) => r.kinds)).toEqual([[], [], ['a:offline'], []]);
    const event = results[2].events[0];
    expect(event.previous?.status).toBe('Connected');
    expect(event.state.statusSince).toBe(at(1).toISOString()); // since it was first seen, not confirmed
    expect(event.key).toBe(`${event.clusterId}|offline|1`);
  });

  it('a flip back inside the damping window posts nothing and leaves nothing pending', () => {
    const results = run([
      (now) => [aCluster({ name: 'a' }, now)],
      (now) => [offline(aCluster({ name: 'a' }, now), now)],
      (now) => [aCluster({ name: 'a' }, now)],
      (now) => [aCluster({ name: 'a' }, now)],
    ]);
    expect(results.flatMap((r) => r.kinds)).toEqual([]);
    expect(results[2].memory.pending).toEqual({});
    expect(results[3].changed).toBe(false);
  });

  it('confirmations = 1 alerts on the first poll that sees the change', () => {
    const results = run([(now) => [aCluster({ name: 'a' }, now)], (now) => [offline(aCluster({ name: 'a' }, now), now)]], 1);
    expect(results[1].kinds).toEqual(['a:offline']);
  });

  it('recovery after Offline is one "recovered" event with the outage start remembered', () => {
    const results = run([
      (now) => [aCluster({ name: 'a' }, now)],
      (now) => [offline(aCluster({ name: 'a' }, now), now)],
      (now) => [offline(aCluster({ name: 'a' }, now), now)],
      (now) => [aCluster({ name: 'a' }, now)],
      (now) => [aCluster({ name: 'a' }, now)],
    ]);
    expect(results.flatMap((r) => r.kinds)).toEqual(['a:offline', 'a:recovered']);
    const rec = results[4].events[0];
    expect(rec.previous?.problemSince).toBe(at(1).toISOString());
    expect(rec.firstSeenAt).toBe(at(3).toISOString());
  });

  it('heartbeat stale fires while Resource Graph still says Connected, before the flip', () => {
    const stale = (now: Date) => [aCluster({ name: 'a', lastConnectivityTime: new Date(now.getTime() - 16 * MIN) }, now)];
    const results = run([(now) => [aCluster({ name: 'a' }, now)], stale, stale, (now) => [offline(aCluster({ name: 'a' }, now), now)], (now) => [offline(aCluster({ name: 'a' }, now), now)]]);
    expect(results.flatMap((r) => r.kinds)).toEqual(['a:stale', 'a:offline']);
  });

  it('Expired is its own event', () => {
    const expired = (now: Date) => [aCluster({ name: 'a', status: 'Expired', certificateExpiresAt: new Date(now.getTime() - DAY) }, now)];
    const results = run([(now) => [aCluster({ name: 'a' }, now)], expired, expired]);
    expect(results.flatMap((r) => r.kinds)).toEqual(['a:expired']);
  });

  it('certificate horizons 30/14/7/1 alert once each while not Connected', () => {
    // One day per poll: Offline since long, certificate from 31 days down to 0.
    const start = new Date('2026-11-01T00:00:00Z');
    const expiresAt = new Date(start.getTime() + 31 * DAY + 12 * 60 * MIN);
    let memory: FleetMemory | undefined;
    const seen: string[] = [];
    for (let day = 0; day <= 31; day++) {
      const now = new Date(start.getTime() + day * DAY);
      const c = offline(aCluster({ name: 'a', certificateExpiresAt: expiresAt }, now), now, 60 * 24 * (day + 1));
      const r = observeFleet(memory, [c], now, { confirmations: 1 });
      memory = r.memory;
      for (const e of r.events) seen.push(`${day}:${e.kind}:${e.state.certHorizon}`);
    }
    expect(seen).toEqual(['1:expiring:30', '17:expiring:14', '24:expiring:7', '30:expiring:1']);
  });

  it('a Connected cluster close to expiry does not alert "expiring" (it renews by itself)', () => {
    const nearExpiry = (now: Date) => [aCluster({ name: 'a', certificateExpiresAt: new Date(now.getTime() + 5 * DAY) }, now)];
    const results = run([nearExpiry, nearExpiry, nearExpiry]);
    expect(results.flatMap((r) => r.kinds)).toEqual([]);
  });

  it('agent falling out of N-2 alerts once', () => {
    const old = (now: Date) => [aCluster({ name: 'a', agentVersion: '1.33.0' }, now)];
    const results = run([(now) => [aCluster({ name: 'a' }, now)], old, old, old]);
    expect(results.flatMap((r) => r.kinds)).toEqual(['a:agent']);
  });

  it('clusters added and removed are confirmed like any change', () => {
    const results = run([
      (now) => [aCluster({ name: 'a' }, now)],
      (now) => [aCluster({ name: 'a' }, now), aCluster({ name: 'b' }, now)],
      (now) => [aCluster({ name: 'a' }, now), aCluster({ name: 'b' }, now)],
      () => [],
      () => [],
    ]);
    expect(results.map((r) => r.kinds)).toEqual([[], [], ['b:added'], [], ['a:removed', 'b:removed']]);
    expect(results[4].memory.clusters).toEqual({});
  });

  it('restart: memory read back from storage JSON neither replays nor loses a change made while down', () => {
    const before = run([(now) => [aCluster({ name: 'a' }, now)], (now) => [aCluster({ name: 'a' }, now)]]);
    const persisted = JSON.parse(JSON.stringify(before[1].memory)) as FleetMemory;
    // The bot was down while 'a' went Offline; it comes back later.
    const after = run([(now) => [offline(aCluster({ name: 'a' }, now), now)], (now) => [offline(aCluster({ name: 'a' }, now), now)], (now) => [offline(aCluster({ name: 'a' }, now), now)]], 2, persisted);
    expect(after.flatMap((r) => r.kinds)).toEqual(['a:offline']);
    // And an unchanged fleet after restart posts nothing.
    const quiet = run([(now) => [aCluster({ name: 'a' }, now)], (now) => [aCluster({ name: 'a' }, now)]], 2, persisted);
    expect(quiet.flatMap((r) => r.kinds)).toEqual([]);
  });

  it('re-deciding from the same memory yields the same idempotency keys', () => {
    const base = run([(now) => [aCluster({ name: 'a' }, now)]])[0].memory;
    const a = observeFleet(base, [offline(aCluster({ name: 'a' }, at(1)), at(1))], at(1), { confirmations: 1 });
    const b = observeFleet(base, [offline(aCluster({ name: 'a' }, at(2)), at(2))], at(2), { confirmations: 1 });
    expect(a.events.map((e) => e.key)).toEqual(b.events.map((e) => e.key));
  });

  it('a cluster deleted and re-created gets event keys it never had before (outbox still remembers 48 h)', () => {
    const gone = () => [aCluster({ name: 'a' }, at(0))];
    const both = (now: Date) => [aCluster({ name: 'a' }, now), aCluster({ name: 'x' }, now)];
    const xDown = (now: Date) => [aCluster({ name: 'a' }, now), offline(aCluster({ name: 'x' }, now), now)];
    const lifecycle = [both, gone, gone, both, both, xDown, xDown, both, both, gone, gone, both, both, xDown, xDown, both, both];
    const results = run(lifecycle, 2);
    const keys = results.flatMap((r) => r.events.filter((e) => e.state.name === 'x').map((e) => e.key));
    expect(results.flatMap((r) => r.kinds).filter((k) => k.startsWith('x:'))).toEqual([
      'x:removed', 'x:added', 'x:offline', 'x:recovered', 'x:removed', 'x:added', 'x:offline', 'x:recovered',
    ]);
    expect(new Set(keys).size).toBe(keys.length);
    // The counter that guarantees it survives the storage round trip (packed or plain).
    const persisted = JSON.parse(JSON.stringify(results[12].memory)) as FleetMemory;
    expect(persisted.retiredSeq).toBeGreaterThan(0);
  });

  it('re-deciding a re-add tick from the same persisted memory yields the same keys', () => {
    const results = run([(now) => [aCluster({ name: 'a' }, now), aCluster({ name: 'x' }, now)], () => [aCluster({ name: 'a' }, at(0))], () => [aCluster({ name: 'a' }, at(0))]], 1);
    const persisted = JSON.parse(JSON.stringify(results[2].memory)) as FleetMemory;
    const a = observeFleet(persisted, [aCluster({ name: 'a' }, at(5)), aCluster({ name: 'x' }, at(5))], at(5), { confirmations: 1 });
    const b = observeFleet(persisted, [aCluster({ name: 'a' }, at(6)), aCluster({ name: 'x' }, at(6))], at(6), { confirmations: 1 });
    expect(a.events.map((e) => e.key)).toEqual(b.events.map((e) => e.key));
    expect(a.events.map((e) => e.kind)).toEqual(['added']);
  });

  it('a memory written before retiredSeq existed starts new clusters above its generation', () => {
    const legacy: FleetMemory = { version: 1, baselineAt: at(0).toISOString(), generation: 7, clusters: {}, pending: {} };
    const r = observeFleet(legacy, [aCluster({ name: 'x' }, at(1))], at(1), { confirmations: 1 });
    expect(r.events[0].key).toBe(`${r.events[0].clusterId}|added|8`);
  });
});
