import { assessFleet, byAttention, needsAttention } from '../../../src/ask/fleet-view';
import { DAY, HOUR, MIN, testCluster } from '../clusters/test-cluster';

const now = new Date('2026-11-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const ahead = (ms: number) => new Date(now.getTime() + ms);

describe('fleet view', () => {
  test('health is judged against the newest agent in the fleet (N-2 moves with the fleet)', () => {
    const { latestAgent, items } = assessFleet([testCluster('a', now, { agentVersion: '1.38.0' }), testCluster('b', now, { agentVersion: '1.36.1' }), testCluster('c', now, { agentVersion: '1.35.0' })], now);
    expect(latestAgent).toBe('1.38.0');
    expect(items.map((i) => i.health.agent?.supported)).toEqual([true, true, false]);
  });

  test('attention order: Expired, then Offline longest first, then soonest certificate expiry, then warnings, then by name', () => {
    const fleet = [
      testCluster('healthy', now),
      testCluster('stale', now, { lastConnectivityTime: ago(30 * MIN) }),
      testCluster('offline-short', now, { status: 'Offline', lastConnectivityTime: ago(20 * MIN) }),
      testCluster('expired', now, { status: 'Expired', certificateExpiresAt: ago(DAY) }),
      testCluster('offline-long', now, { status: 'Offline', lastConnectivityTime: ago(30 * DAY) }),
      testCluster('connecting-expiring', now, { status: 'Connecting', lastConnectivityTime: undefined, certificateExpiresAt: ahead(5 * DAY) }),
      testCluster('agentless', now, { status: 'AgentNotInstalled', lastConnectivityTime: undefined, certificateExpiresAt: undefined, agentVersion: undefined }),
      testCluster('b-old-agent', now, { agentVersion: '1.20.0', certificateExpiresAt: ahead(70 * DAY) }),
      testCluster('a-old-agent', now, { agentVersion: '1.20.0', certificateExpiresAt: ahead(70 * DAY) }),
    ];
    const { items } = assessFleet(fleet, now);
    const ordered = items.filter(needsAttention).sort(byAttention).map((i) => i.cluster.name);
    expect(ordered).toEqual(['expired', 'offline-long', 'offline-short', 'connecting-expiring', 'a-old-agent', 'b-old-agent', 'stale']);
  });

  test('healthy and informational clusters do not need attention', () => {
    const { items } = assessFleet(
      [testCluster('ok', now), testCluster('agentless', now, { status: 'AgentNotInstalled', lastConnectivityTime: undefined, agentVersion: undefined }), testCluster('off', now, { status: 'Offline', lastConnectivityTime: ago(HOUR) })],
      now,
    );
    expect(items.filter(needsAttention).map((i) => i.cluster.name)).toEqual(['off']);
  });
});
