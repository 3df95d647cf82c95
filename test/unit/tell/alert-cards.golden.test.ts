import {
  buildClusterAlertCard, buildDigestCard, buildMuteEndedCard, buildRecoveredAlertCard, type DigestEntry,
} from '../../../src/tell/alert-cards';
import { buildMonitoringDegradedCard, buildMonitoringRestoredCard, buildMonitoringResumedCard } from '../../../src/tell/monitoring-cards';
import { observeCluster, type ClusterState } from '../../../src/tell/fleet-diff';
import { aCluster, DAY, MIN, offline, TEST_NOW } from '../../support/clusters';
import { expectGoldenCard } from '../cards/card-checks';

const LATEST_AGENT = '1.36.1';

/** What the monitor remembers about a cluster, in its current status for the last 41 minutes. */
function stateOf(name: string, overrides: Partial<ClusterState> = {}): ClusterState {
  const observed = observeCluster(aCluster({ name }), TEST_NOW, LATEST_AGENT);
  return { ...observed, statusSince: new Date(TEST_NOW.getTime() - 41 * MIN).toISOString(), seq: 1, ...overrides };
}

/** Golden JSON of the Tell cards (UPDATE_GOLDEN=1 rewrites test/fixtures/golden/*.json). */
describe('alert cards, golden', () => {
  test('cluster alert: went Offline, certificate expiring too', () => {
    const cluster = offline(aCluster({ name: 'store-0421', certificateExpiresAt: new Date(TEST_NOW.getTime() + 20.5 * DAY) }), TEST_NOW, 41);
    const { card } = buildClusterAlertCard({
      kinds: ['offline', 'expiring'], state: stateOf('store-0421', { status: 'Offline' }), previousStatus: 'Connected', cluster, now: TEST_NOW,
    });
    expectGoldenCard('cluster-alert-card', card);
  });

  test('acknowledged: a certificate-countdown reminder for an Offline cluster says who has it, and has no Acknowledge button', () => {
    const cluster = offline(aCluster({ name: 'store-0421', certificateExpiresAt: new Date(TEST_NOW.getTime() + 6.5 * DAY) }), TEST_NOW, 3 * 24 * 60);
    const { card, text } = buildClusterAlertCard({
      kinds: ['expiring'], state: stateOf('store-0421', { status: 'Offline', certHorizon: 7 }), cluster, now: TEST_NOW,
      acknowledged: { by: 'Ada Lovelace', at: new Date(TEST_NOW.getTime() - 134 * MIN) },
    });
    expect(text).toContain('Acknowledged by Ada Lovelace at 09:46 UTC.');
    expect(card.actions!.map((a) => a.title)).toEqual(['Refresh', 'Diagnose', 'Mute 1h', 'Open in portal']);
    expectGoldenCard('cluster-alert-acknowledged-card', card);
  });

  test('recovered after an acknowledgement: "recovered after 2 h 14 min, acknowledged by Ada"', () => {
    const { card, text } = buildRecoveredAlertCard(stateOf('store-0421'), 134 * MIN, 'offline', TEST_NOW, undefined, 'Ada');
    expect(text).toBe('✅ store-0421: recovered after 2 h 14 min, acknowledged by Ada');
    expectGoldenCard('recovered-acknowledged-alert-card', card);
  });

  test('recovered: the alert card replaced in place', () => {
    expectGoldenCard('recovered-alert-card', buildRecoveredAlertCard(stateOf('store-0421'), 134 * MIN, 'offline').card);
  });

  test('digest: a mass change in one card, the top 10 listed and the rest counted', () => {
    const entries: DigestEntry[] = [
      ...Array.from({ length: 12 }, (_, i) => ({ kinds: ['offline' as const], state: stateOf(`store-${String(i + 1).padStart(4, '0')}`, { status: 'Offline' }) })),
      { kinds: ['recovered'], state: stateOf('factory-01', { location: 'eastus' }) },
    ];
    expectGoldenCard('digest-card', buildDigestCard(entries, TEST_NOW).card);
  });

  test('mute ended while two clusters are still unhealthy', () => {
    const stillUnhealthy = [
      stateOf('store-0421', { status: 'Offline', certHorizon: 14 }),
      stateOf('store-0610', { heartbeatStale: true }),
    ];
    expectGoldenCard('mute-ended-card', buildMuteEndedCard('clusters store-*', stillUnhealthy, 3, undefined, {}, TEST_NOW).card);
  });

  test('mute ended: a still-unhealthy cluster whose alert someone acknowledged says who', () => {
    const stillUnhealthy = [stateOf('store-0421', { status: 'Offline', certHorizon: 14 }), stateOf('store-0610', { heartbeatStale: true })];
    const card = buildMuteEndedCard('clusters store-*', stillUnhealthy, 3, undefined, { [stillUnhealthy[0].id.toLowerCase()]: 'Ada' }).card;
    const lines = JSON.stringify(card);
    expect(lines).toContain('store-0421: Offline (certificate ≤ 14 days) · ✋ acknowledged by Ada');
    expect(lines).not.toContain('store-0610: Connected (heartbeat stale) ·');
    expectGoldenCard('mute-ended-acknowledged-card', card);
  });

  test('monitoring degraded: the fleet cannot be read', () => {
    expectGoldenCard('monitoring-degraded-card', buildMonitoringDegradedCard(3, 'Resource Graph is throttling requests.', undefined, TEST_NOW).card);
  });

  test('monitoring restored', () => {
    expectGoldenCard('monitoring-restored-card', buildMonitoringRestoredCard(134 * MIN, TEST_NOW).card);
  });

  test('monitoring resumed after a gap without a poll', () => {
    expectGoldenCard('monitoring-resumed-card', buildMonitoringResumedCard(7 * MIN, TEST_NOW).card);
  });

  test('every notice says when its poll ran; one queued before that was recorded still renders without it', () => {
    const line = `As of ${TEST_NOW.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const cards = [
      buildMuteEndedCard('all clusters', [stateOf('store-0421', { status: 'Offline' })], 0, undefined, {}, TEST_NOW),
      buildMonitoringDegradedCard(3, 'x', undefined, TEST_NOW), buildMonitoringRestoredCard(MIN, TEST_NOW), buildMonitoringResumedCard(7 * MIN, TEST_NOW),
    ];
    for (const { card } of cards) expect(JSON.stringify(card.body)).toContain(line);
    for (const { card } of [buildMonitoringRestoredCard(MIN), buildMonitoringResumedCard(7 * MIN)]) expect(JSON.stringify(card.body)).not.toContain('As of');
  });
});
