import { assessFleet, byAttention, needsAttention } from '../../../src/ask/fleet-view';
import { aCluster, DAY, HOUR, MIN } from '../../support/clusters';

const now = new Date('2026-11-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const ahead = (ms: number) => new Date(now.getTime() + ms);

describe('fleet view', () => {
  test('health is judged against the newest agent the fleet trusts (N-2 moves with the fleet)', () => {
    const { latestAgent, items } = assessFleet([aCluster({ name: 'a', agentVersion: '1.38.0' }, now), aCluster({ name: 'a2', agentVersion: '1.38.0' }, now), aCluster({ name: 'b', agentVersion: '1.36.1' }, now), aCluster({ name: 'c', agentVersion: '1.35.0' }, now)], now);
    expect(latestAgent).toBe('1.38.0');
    expect(items.map((i) => i.health.agent?.supported)).toEqual([true, true, true, false]);
  });

  test('attention order: Expired, then Offline longest first, then soonest certificate expiry, then warnings, then by name', () => {
    const fleet = [
      aCluster({ name: 'healthy' }, now),
      aCluster({ name: 'stale', lastConnectivityTime: ago(30 * MIN) }, now),
      aCluster({ name: 'offline-short', status: 'Offline', lastConnectivityTime: ago(20 * MIN) }, now),
      aCluster({ name: 'expired', status: 'Expired', certificateExpiresAt: ago(DAY) }, now),
      aCluster({ name: 'offline-long', status: 'Offline', lastConnectivityTime: ago(30 * DAY) }, now),
      aCluster({ name: 'connecting-expiring', status: 'Connecting', lastConnectivityTime: undefined, certificateExpiresAt: ahead(5 * DAY) }, now),
      aCluster({ name: 'agentless', status: 'AgentNotInstalled', lastConnectivityTime: undefined, certificateExpiresAt: undefined, agentVersion: undefined }, now),
      aCluster({ name: 'b-old-agent', agentVersion: '1.20.0', certificateExpiresAt: ahead(70 * DAY) }, now),
      aCluster({ name: 'a-old-agent', agentVersion: '1.20.0', certificateExpiresAt: ahead(70 * DAY) }, now),
    ];
    const { items } = assessFleet(fleet, now);
    const ordered = items.filter(needsAttention).sort(byAttention).map((i) => i.cluster.name);
    expect(ordered).toEqual(['expired', 'offline-long', 'offline-short', 'connecting-expiring', 'a-old-agent', 'b-old-agent', 'stale']);
  });

  test('healthy and informational clusters do not need attention', () => {
    const { items } = assessFleet(
      [aCluster({ name: 'ok' }, now), aCluster({ name: 'agentless', status: 'AgentNotInstalled', lastConnectivityTime: undefined, agentVersion: undefined }, now), aCluster({ name: 'off', status: 'Offline', lastConnectivityTime: ago(HOUR) }, now)],
      now,
    );
    expect(items.filter(needsAttention).map((i) => i.cluster.name)).toEqual(['off']);
  });
});
