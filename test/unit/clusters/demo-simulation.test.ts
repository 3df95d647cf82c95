import type { ArcClusterRow } from '../../../src/clusters/arc-cluster-row';
import { DEMO_HEARTBEAT_INTERVAL_MS, SIMULATED_FLAPPERS, SIMULATION_CYCLE_MS, simulateDemoFleet } from '../../../src/clusters/demo-simulation';
import { MIN } from '../../support/clusters';

const ID = (name: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/${name}`;
function row(name: string, lastConnectivityTime: string | null, certificate: string | null, status = 'Connected'): ArcClusterRow {
  return {
    id: ID(name),
    name,
    properties: { connectivityStatus: status, lastConnectivityTime, managedIdentityCertificateExpirationTime: certificate, agentVersion: '1.36.1' },
  };
}

// Like the bundled file: newest heartbeat 11:59:30 on 2026-11-01.
const rows: ArcClusterRow[] = [
  row('store-0147', '2026-11-01T11:57:30.000Z', '2027-01-21T12:00:00.000Z'),
  row('factory-osaka-01', '2026-11-01T11:57:30.000Z', '2027-01-02T12:00:00.000Z'),
  row('store-0216', '2026-11-01T11:59:30.000Z', '2027-01-26T12:00:00.000Z'),
  row('store-0421', '2026-11-01T11:19:00.000Z', '2026-12-09T19:00:00.000Z', 'Offline'),
  row('factory-pune-01', null, null, 'Connecting'),
  { id: ID('bare'), name: 'bare' },
];
const startedAt = new Date('2026-12-24T08:00:00.000Z');
const at = (elapsedMs: number) => new Date(startedAt.getTime() + elapsedMs);
const find = (served: ArcClusterRow[], name: string) => served.find((r) => r.name === name)!;

describe('simulateDemoFleet: the bundled demo follows the clock', () => {
  test('the flappers are the two documented clusters and the cycle is 12 minutes', () => {
    expect(SIMULATED_FLAPPERS).toEqual(['store-0147', 'factory-osaka-01']);
    expect(SIMULATION_CYCLE_MS).toBe(12 * MIN);
  });

  test('every timestamp shifts by the same amount so the newest heartbeat is 1 minute old', () => {
    const now = at(0);
    const served = simulateDemoFleet(rows, startedAt, now);
    expect(find(served, 'store-0216').properties!.lastConnectivityTime).toBe('2026-12-24T07:59:00.000Z');
    // store-0421 was 40.5 min older than the newest heartbeat, and still is
    const offline = Date.parse(find(served, 'store-0421').properties!.lastConnectivityTime!);
    expect(now.getTime() - offline).toBe(41 * MIN + 0.5 * MIN);
    // certificate dates move with the heartbeats: the days-left stay as written
    const delta = now.getTime() - MIN - Date.parse('2026-11-01T11:59:30.000Z');
    expect(find(served, 'store-0421').properties!.managedIdentityCertificateExpirationTime).toBe(new Date(Date.parse('2026-12-09T19:00:00.000Z') + delta).toISOString());
    expect(find(served, 'store-0421').properties!.connectivityStatus).toBe('Offline');
  });

  test('time passes: an Offline heartbeat ages and the certificate comes closer, while a Connected cluster keeps heartbeating', () => {
    const served = (elapsed: number) => simulateDemoFleet(rows, startedAt, at(elapsed));
    const age = (elapsed: number, name: string) => at(elapsed).getTime() - Date.parse(find(served(elapsed), name).properties!.lastConnectivityTime!);
    expect(age(0, 'store-0421')).toBe(41.5 * MIN);
    expect(age(10 * MIN, 'store-0421')).toBe(51.5 * MIN);
    const expiry = (elapsed: number) => find(served(elapsed), 'store-0421').properties!.managedIdentityCertificateExpirationTime;
    expect(expiry(10 * MIN)).toBe(expiry(0));
    // store-0216 heartbeats every 5 minutes: its age goes up and comes back, never past 5 minutes.
    const ages = Array.from({ length: 30 }, (_, i) => age(i * MIN, 'store-0216'));
    expect(Math.max(...ages)).toBeLessThan(DEMO_HEARTBEAT_INTERVAL_MS);
    expect(new Set(ages).size).toBeGreaterThan(3);
    expect(age(3 * MIN, 'store-0216')).toBe(4 * MIN);
    expect(age(4 * MIN, 'store-0216')).toBe(0);
  });

  test('null timestamps and rows without properties pass through', () => {
    const served = simulateDemoFleet(rows, startedAt, at(5 * MIN));
    expect(find(served, 'factory-pune-01').properties).toMatchObject({ lastConnectivityTime: null, managedIdentityCertificateExpirationTime: null, connectivityStatus: 'Connecting' });
    expect(find(served, 'bare').name).toBe('bare');
  });

  test('the input rows are not modified', () => {
    const before = JSON.stringify(rows);
    simulateDemoFleet(rows, startedAt, at(4 * MIN));
    expect(JSON.stringify(rows)).toBe(before);
  });

  const statusAt = (elapsedMs: number, name = 'store-0147') => find(simulateDemoFleet(rows, startedAt, at(elapsedMs)), name).properties!.connectivityStatus;

  test.each([
    [0, 'Connected'],
    [3 * MIN - 1, 'Connected'],
    [3 * MIN, 'Offline'],
    [6 * MIN, 'Offline'],
    [9 * MIN - 1, 'Offline'],
    [9 * MIN, 'Connected'],
    [12 * MIN - 1, 'Connected'],
    [12 * MIN, 'Connected'],
    [15 * MIN, 'Offline'],
    [10 * 12 * MIN + 8 * MIN, 'Offline'],
    [10 * 12 * MIN + 10 * MIN, 'Connected'],
  ])('%s ms after start the flappers are %s', (elapsed, status) => {
    expect(statusAt(elapsed)).toBe(status);
    expect(statusAt(elapsed, 'factory-osaka-01')).toBe(status);
  });

  test('other clusters never change status', () => {
    for (let elapsed = 0; elapsed < 2 * SIMULATION_CYCLE_MS; elapsed += MIN) {
      expect(statusAt(elapsed, 'store-0216')).toBe('Connected');
      expect(statusAt(elapsed, 'store-0421')).toBe('Offline');
    }
  });

  test('while Offline, a flapper\'s last heartbeat is at least 15 minutes old, fixed for the whole window', () => {
    const heartbeat = (elapsed: number) => {
      const now = at(elapsed);
      return { now, last: Date.parse(find(simulateDemoFleet(rows, startedAt, now), 'store-0147').properties!.lastConnectivityTime!) };
    };
    const first = heartbeat(3 * MIN);
    expect(first.now.getTime() - first.last).toBe(15 * MIN);
    const later = heartbeat(8 * MIN);
    expect(later.last).toBe(first.last);
    expect(later.now.getTime() - later.last).toBe(20 * MIN);
  });

  test('after recovering, the flapper has a fresh heartbeat again', () => {
    const now = at(9 * MIN);
    const last = Date.parse(find(simulateDemoFleet(rows, startedAt, now), 'store-0147').properties!.lastConnectivityTime!);
    expect(now.getTime() - last).toBeLessThan(15 * MIN);
  });

  test('a clock before the start time counts as the start of a cycle (never Offline)', () => {
    expect(statusAt(-5 * MIN)).toBe('Connected');
  });
});
