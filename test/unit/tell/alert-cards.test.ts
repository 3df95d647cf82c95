import { cardSizeBytes, CARD_SIZE_LIMIT_BYTES, type AdaptiveCard } from '../../../src/cards/adaptive-card';
import {
  buildClusterAlertCard, buildDigestCard, buildMuteEndedCard, buildRecoveredAlertCard, digestHeadlines,
} from '../../../src/tell/alert-cards';
import { buildMonitoringDegradedCard, buildMonitoringRestoredCard } from '../../../src/tell/monitoring-cards';
import { ALERT_KINDS, PROBLEM_KINDS } from '../../../src/tell/alert-kinds';
import { observeCluster, type ClusterState } from '../../../src/tell/fleet-diff';
import { aCluster, DAY, MIN, offline } from '../../support/clusters';

const now = new Date('2026-11-25T12:00:00Z');

function stateOf(name: string, overrides: Partial<ClusterState> = {}): ClusterState {
  return { ...observeCluster(aCluster({ name: name }, now), now, '1.36.1'), statusSince: new Date(now.getTime() - 41 * MIN).toISOString(), seq: 1, ...overrides };
}

/** Every TextBlock wraps and the card is v1.5 under 28 KB. */
function expectTeamsSafe(card: AdaptiveCard) {
  expect(card.version).toBe('1.5');
  expect(cardSizeBytes(card)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
  const blocks: any[] = [];
  const walk = (n: any) => { if (n && typeof n === 'object') { if (n.type === 'TextBlock') blocks.push(n); Object.values(n).forEach(walk); } };
  walk(card.body);
  expect(blocks.length).toBeGreaterThan(0);
  for (const b of blocks) expect(b.wrap).toBe(true);
}

describe('alert cards', () => {
  it.each(ALERT_KINDS)('a "%s" card is Teams-safe and says what it likely means', (kind) => {
    const cluster = kind === 'offline' ? offline(aCluster({ name: 'store-0421' }, now), now) : aCluster({ name: 'store-0421', certificateExpiresAt: new Date(now.getTime() + 6.5 * DAY) }, now);
    const built = buildClusterAlertCard({ kinds: [kind], state: stateOf('store-0421', { status: cluster.status }), previousStatus: 'Connected', cluster: kind === 'removed' ? undefined : cluster, now });
    expectTeamsSafe(built.card);
    expect(built.text.length).toBeGreaterThan(20);
    if (kind === 'removed') expect(built.card.actions).toBeUndefined();
    // Problem alerts stay open until recovery, so someone can take them; news (added, recovered) cannot be acknowledged.
    else expect(built.card.actions!.map((a) => a.title)).toEqual(PROBLEM_KINDS.has(kind)
      ? ['Refresh', 'Diagnose', 'Mute 1h', 'Acknowledge', 'Open in portal']
      : ['Refresh', 'Diagnose', 'Mute 1h', 'Open in portal']);
  });

  it('an Offline card leads with the certificate expiry (absolute, relative, what then, what now), then status, since when, heartbeat and certificate with their times, and the first step', () => {
    const cluster = offline(aCluster({ name: 'store-0421', certificateExpiresAt: new Date(now.getTime() + 20.5 * DAY) }, now), now, 41);
    const { card, text } = buildClusterAlertCard({ kinds: ['offline', 'expiring'], state: stateOf('store-0421', { status: 'Offline' }), previousStatus: 'Connected', cluster, now });
    const json = JSON.stringify(card);
    expect(json).toContain('"title":"Status","value":"Connected → Offline"');
    expect(json).toContain('"title":"Since","value":"41 min ago (2026-11-25 11:19 UTC)"');
    expect(json).toContain('"title":"Last heartbeat","value":"41 min ago (2026-11-25 11:19 UTC)"');
    expect(json).toContain('"title":"Certificate","value":"20 days left (2026-12-16 00:00 UTC)"');
    const lead = card.body[1] as unknown as { style: string; items: { text: string }[] };
    expect(lead.style).toBe('attention');
    expect(lead.items.map((i) => i.text)).toEqual([
      '⏳ Certificate expires 2026-12-16 00:00 UTC (in 20 d 12 h)',
      expect.stringMatching(/^At expiry the cluster becomes Expired: then the only fix is to delete/),
      '**Do now: restore connectivity before 2026-12-16 00:00 UTC. The certificate renews by itself once the cluster connects.**',
    ]);
    expect(json).not.toContain('Also: certificate expiring');
    expect(json).toContain('As of 2026-11-25 12:00 UTC');
    expect(text).toMatch(/^🔴 store-0421 went Offline\. Certificate expires 2026-12-16 00:00 UTC \(in 20 d 12 h\)\. Do now: restore connectivity/);
    expect(text).toContain('kubectl get pods -n azure-arc');
  });

  it('the recovered version keeps Refresh and the portal link and says how long it was down', () => {
    const { card, text } = buildRecoveredAlertCard(stateOf('store-0421'), 134 * MIN, 'offline');
    expect(text).toBe('✅ store-0421: recovered after 2 h 14 min');
    expect(JSON.stringify(card)).toContain('Was: store-0421 went Offline.');
    expect(card.actions!.map((a) => a.title)).toEqual(['Refresh', 'Open in portal']);
    expectTeamsSafe(card);
    expect(JSON.stringify(buildRecoveredAlertCard(stateOf('store-0421'), 134 * MIN, 'offline', now).card)).toContain('As of 2026-11-25 12:00 UTC');
  });

  it('digest headlines group by kind and name the region when shared', () => {
    const entries = [
      ...Array.from({ length: 3 }, (_, i) => ({ kinds: ['offline' as const], state: stateOf(`s-${i}`) })),
      { kinds: ['recovered' as const], state: stateOf('r-1', { location: 'eastus' }) },
      { kinds: ['recovered' as const], state: stateOf('r-2', { location: 'westus2' }) },
    ];
    expect(digestHeadlines(entries)).toEqual(['3 clusters went Offline in westeurope', '2 clusters are Connected again in 2 regions']);
    expectTeamsSafe(buildDigestCard(entries, now).card);
  });

  it('mute-ended, degraded and restored cards', () => {
    const ended = buildMuteEndedCard('cluster store-0421', [stateOf('store-0421', { status: 'Offline' })], 3);
    expect(ended.text).toBe('🔔 Mute ended for cluster store-0421: 1 cluster is still unhealthy');
    expect(JSON.stringify(ended.card)).toContain('3 alerts were recorded, not posted, while muted.');
    expect(ended.card.actions!.map((a) => a.title)).toEqual(['Refresh', 'Diagnose', 'Mute 1h', 'Open in portal']);
    expectTeamsSafe(ended.card);
    const degraded = buildMonitoringDegradedCard(3, 'Resource Graph is throttling requests.');
    expect(degraded.text).toContain('Monitoring degraded');
    expectTeamsSafe(degraded.card);
    expect(buildMonitoringRestoredCard(134 * MIN).text).toBe('✅ Monitoring restored after 2 h 14 min');
  });

  it('a mute-ended card for thousands of clusters stays under 28 KB', () => {
    const many = Array.from({ length: 5000 }, (_, i) => stateOf(`cluster-with-a-long-name-${i}`, { status: 'Offline' }));
    const { card } = buildMuteEndedCard('all clusters', many, 0);
    expectTeamsSafe(card);
    expect(JSON.stringify(card)).toContain('…and 4990 more.');
  });
});
