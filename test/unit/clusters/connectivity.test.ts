import {
  agentSupport,
  assessHealth,
  CERT_EXPIRY_RISK_DAYS,
  compareVersions,
  formatAge,
  formatDuration,
  HEARTBEAT_STALE_AFTER_MS,
  KNOWN_LATEST_AGENT_VERSION,
  latestAgentVersion,
  portalUrl,
  statusMeaning,
  UNKNOWN_STATUS_MEANING,
} from '../../../src/clusters/connectivity';
import { aCluster, DAY, HOUR, MIN } from '../../support/clusters';

const now = new Date('2026-11-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const ahead = (ms: number) => new Date(now.getTime() + ms);

describe('heartbeat staleness: Connected means a heartbeat within 15 minutes', () => {
  test('the threshold is 15 minutes', () => {
    expect(HEARTBEAT_STALE_AFTER_MS).toBe(15 * MIN);
  });

  test('a Connected cluster whose heartbeat is exactly 15 min old is not stale', () => {
    const health = assessHealth(aCluster({ name: 'a', lastConnectivityTime: ago(15 * MIN) }, now), now);
    expect(health.heartbeatAgeMs).toBe(15 * MIN);
    expect(health.heartbeatStale).toBe(false);
    expect(health.severity).toBe('ok');
    expect(health.flags).toEqual([]);
  });

  test('15 min + 1 ms is stale: a warning flagged "heartbeat stale"', () => {
    const health = assessHealth(aCluster({ name: 'a', lastConnectivityTime: ago(15 * MIN + 1) }, now), now);
    expect(health.heartbeatStale).toBe(true);
    expect(health.severity).toBe('warning');
    expect(health.flags).toContain('heartbeat stale');
  });

  test('only Connected clusters can be stale (Offline already says it)', () => {
    const health = assessHealth(aCluster({ name: 'a', status: 'Offline', lastConnectivityTime: ago(2 * HOUR) }, now), now);
    expect(health.heartbeatStale).toBe(false);
    expect(health.flags).not.toContain('heartbeat stale');
  });

  test('a heartbeat in the future (clock skew) counts as 0 ms old, not negative', () => {
    const health = assessHealth(aCluster({ name: 'a', lastConnectivityTime: ahead(5 * MIN) }, now), now);
    expect(health.heartbeatAgeMs).toBe(0);
    expect(health.heartbeatStale).toBe(false);
  });

  test('no heartbeat at all leaves the age undefined', () => {
    const health = assessHealth(aCluster({ name: 'a', status: 'Connecting', lastConnectivityTime: undefined }, now), now);
    expect(health.heartbeatAgeMs).toBeUndefined();
    expect(health.heartbeatStale).toBe(false);
    expect(health.connectingStuck).toBe(false);
  });
});

describe('certificate expiry: renewal only happens when the cluster connects (day 46-90)', () => {
  test('the risk horizon is 45 days', () => {
    expect(CERT_EXPIRY_RISK_DAYS).toBe(45);
  });

  test('an Offline cluster with 44 days left is at risk of Expired (severity high)', () => {
    const health = assessHealth(aCluster({ name: 'a', status: 'Offline', lastConnectivityTime: ago(HOUR), certificateExpiresAt: ahead(44 * DAY + HOUR) }, now), now);
    expect(health.certificateDaysLeft).toBe(44);
    expect(health.expiryRisk).toBe(true);
    expect(health.severity).toBe('high');
    expect(health.flags).toContain('at risk of Expired (certificate 44 days left)');
  });

  test('45 days left minus 1 ms counts as 44 whole days: at risk; 46 days left: not', () => {
    const almost = assessHealth(aCluster({ name: 'a', status: 'Offline', certificateExpiresAt: ahead(45 * DAY - 1) }, now), now);
    expect(almost.expiryRisk).toBe(true);
    const far = assessHealth(aCluster({ name: 'a', status: 'Offline', certificateExpiresAt: ahead(46 * DAY) }, now), now);
    expect(far.certificateDaysLeft).toBe(46);
    expect(far.expiryRisk).toBe(false);
  });

  test('a Connected cluster with 10 days left is NOT at risk (it renews while connected)', () => {
    const health = assessHealth(aCluster({ name: 'a', certificateExpiresAt: ahead(10 * DAY) }, now), now);
    expect(health.certificateDaysLeft).toBe(10);
    expect(health.expiryRisk).toBe(false);
    expect(health.severity).toBe('ok');
  });

  test('a Connecting cluster with 20 days left is at risk too (not Connected)', () => {
    const health = assessHealth(aCluster({ name: 'a', status: 'Connecting', certificateExpiresAt: ahead(20 * DAY) }, now), now);
    expect(health.expiryRisk).toBe(true);
    expect(health.severity).toBe('high');
  });

  test('an expired certificate on an Offline cluster is critical, "certificate expired", and not "at risk"', () => {
    const health = assessHealth(aCluster({ name: 'a', status: 'Offline', certificateExpiresAt: ago(3 * DAY) }, now), now);
    expect(health.certificateExpired).toBe(true);
    expect(health.expiryRisk).toBe(false);
    expect(health.certificateDaysLeft).toBe(-3);
    expect(health.severity).toBe('critical');
    expect(health.flags[0]).toBe('certificate expired');
  });

  test('a certificate that expires exactly now is expired', () => {
    const health = assessHealth(aCluster({ name: 'a', status: 'Offline', certificateExpiresAt: now }, now), now);
    expect(health.certificateExpired).toBe(true);
  });

  test('status Expired is critical even without a certificate date', () => {
    const health = assessHealth(aCluster({ name: 'a', status: 'Expired', certificateExpiresAt: undefined }, now), now);
    expect(health.severity).toBe('critical');
    expect(health.flags).toContain('certificate expired');
  });
});

describe('agent support: N-2 minor versions of the latest release', () => {
  test('the built-in latest is 1.36.1 (release notes, July 2026)', () => {
    expect(KNOWN_LATEST_AGENT_VERSION).toBe('1.36.1');
  });

  test.each([
    ['1.36.1', true, 0],
    ['1.35.3', true, 1],
    ['1.34.0', true, 2],
    ['1.34.2', true, 2],
    ['1.33.9', false, 3],
    ['1.29.0', false, 7],
  ])('agent %s against latest 1.36.1: supported=%s (%s minors behind)', (version, supported, behind) => {
    expect(agentSupport(version, '1.36.1')).toEqual({ supported, latest: '1.36.1', minorsBehind: behind });
  });

  test('a lower major is unsupported whatever the minor', () => {
    expect(agentSupport('0.99.0', '1.36.1')?.supported).toBe(false);
    expect(agentSupport('0.36.1', '1.36.1')?.supported).toBe(false);
  });

  test('a version newer than the known latest is supported', () => {
    expect(agentSupport('1.37.0', '1.36.1')?.supported).toBe(true);
    expect(agentSupport('2.0.0', '1.36.1')?.supported).toBe(true);
  });

  test('no version or an unreadable one gives no verdict', () => {
    expect(agentSupport(undefined, '1.36.1')).toBeUndefined();
    expect(agentSupport('latest', '1.36.1')).toBeUndefined();
  });

  test('an out-of-support agent is a warning with a flag naming the versions', () => {
    const health = assessHealth(aCluster({ name: 'a', agentVersion: '1.33.2' }, now), now, '1.36.1');
    expect(health.agent?.supported).toBe(false);
    expect(health.severity).toBe('warning');
    expect(health.flags).toContain('agent 1.33.2 out of support (latest 1.36.1)');
  });

  const on = (version: string | undefined, n: number, prefix = version ?? 'none') =>
    Array.from({ length: n }, (_, i) => aCluster({ name: `${prefix}-${i}`, agentVersion: version }, now));

  test('the latest agent is the newest of the release notes and a version the fleet trusts', () => {
    expect(latestAgentVersion([])).toBe('1.36.1');
    const fleet = [...on('1.35.3', 10), ...on('1.38.0', 3), ...on('garbage', 2)];
    expect(latestAgentVersion(fleet)).toBe('1.38.0');
    // 1.36.1 is then 2 minors behind (supported), 1.35.3 is 3 behind (not).
    expect(assessHealth(fleet[0], now, latestAgentVersion(fleet)).agent?.supported).toBe(false);
  });

  test.each([
    ['one row reports a far-future version', [...on('1.36.1', 29), ...on('1.99.0', 1)]],
    ['one row reports a plausible newer version', [...on('1.36.1', 29), ...on('1.38.0', 1)]],
    ['several rows report another major', [...on('1.36.1', 20), ...on('2.0.0', 10)]],
    ['several rows report a minor a year and more ahead', [...on('1.36.1', 20), ...on('1.49.0', 10)]],
    ['several rows report a malformed version', [...on('1.36.1', 20), ...on('1.38.0-rc1', 5, 'rc'), ...on('v1.38.0', 5, 'v')]],
  ])('untrusted fleet data never moves the latest version: %s', (_what, fleet) => {
    expect(latestAgentVersion(fleet)).toBe('1.36.1');
    // ...so no other cluster's support changes: 1.34.x stays supported against 1.36.1.
    expect(assessHealth(aCluster({ agentVersion: '1.34.2' }, now), now, latestAgentVersion(fleet)).agent?.supported).toBe(true);
  });

  test('a very small fleet trusts a version half of it runs', () => {
    expect(latestAgentVersion([...on('1.37.0', 1), ...on('1.36.1', 1)])).toBe('1.37.0');
    expect(latestAgentVersion([...on('1.37.0', 1), ...on('1.36.1', 2)])).toBe('1.36.1');
  });

  test('compareVersions orders numerically, not as text', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBeGreaterThan(0);
    expect(compareVersions('1.36.1', '1.36.1')).toBe(0);
    expect(compareVersions('v1.2', '1.2.0')).toBe(0);
    expect(compareVersions('1.2.3', '1.2.4')).toBeLessThan(0);
  });
});

describe('severity mapping (status -> severity and colour)', () => {
  test.each([
    ['Connected, fresh heartbeat, certificate 80 days away', 'ok', {}],
    ['Connected, stale heartbeat', 'warning', { lastConnectivityTime: ago(20 * MIN) }],
    ['Connecting', 'warning', { status: 'Connecting', lastConnectivityTime: undefined }],
    ['Offline', 'high', { status: 'Offline', lastConnectivityTime: ago(HOUR) }],
    ['not Connected and certificate within 45 days', 'high', { status: 'Offline', certificateExpiresAt: ahead(30 * DAY) }],
    ['Expired', 'critical', { status: 'Expired', certificateExpiresAt: ago(DAY) }],
    ['agent more than 2 minors behind', 'warning', { agentVersion: '1.31.4' }],
    ['AgentNotInstalled', 'info', { status: 'AgentNotInstalled', lastConnectivityTime: undefined, certificateExpiresAt: undefined, agentVersion: undefined }],
    ['a status this bot does not know', 'warning', { status: 'Degraded' }],
  ] as const)('%s -> %s', (_what, severity, overrides) => {
    expect(assessHealth(aCluster({ name: 'a', ...overrides }, now), now).severity).toBe(severity);
  });

  test('Connecting for more than 15 minutes since its last sign of life is "onboarding looks stuck"', () => {
    const health = assessHealth(aCluster({ name: 'a', status: 'Connecting', lastConnectivityTime: ago(16 * MIN) }, now), now);
    expect(health.connectingStuck).toBe(true);
    expect(health.flags).toContain('onboarding looks stuck');
  });

  test('AgentNotInstalled with an old certificate date is informational, not critical', () => {
    const health = assessHealth(aCluster({ name: 'a', status: 'AgentNotInstalled', certificateExpiresAt: ago(DAY), agentVersion: undefined }, now), now);
    expect(health.severity).toBe('info');
    expect(health.flags).not.toContain('certificate expired');
  });

  test('flags are ordered most important first', () => {
    const health = assessHealth(
      aCluster({ name: 'a', status: 'Offline', certificateExpiresAt: ahead(5 * DAY), agentVersion: '1.30.0' }, now),
      now,
    );
    expect(health.flags).toEqual(['at risk of Expired (certificate 5 days left)', 'agent 1.30.0 out of support (latest 1.36.1)']);
  });
});

describe('what each status means', () => {
  test.each(['Connected', 'Offline', 'Expired', 'Connecting', 'AgentNotInstalled'])('%s has a meaning and a first step', (status) => {
    const m = statusMeaning(status);
    expect(m).not.toBe(UNKNOWN_STATUS_MEANING);
    expect(m.meaning.length).toBeGreaterThan(10);
    expect(m.firstStep.length).toBeGreaterThan(5);
  });

  test('Expired tells the only fix: delete and reconnect', () => {
    expect(statusMeaning('Expired').firstStep).toMatch(/az connectedk8s delete.*az connectedk8s connect/);
    expect(statusMeaning('Expired').colour).toBe('attention');
    expect(statusMeaning('Connected').colour).toBe('good');
  });

  test('an unknown status gets the neutral meaning', () => {
    expect(statusMeaning('Weird')).toBe(UNKNOWN_STATUS_MEANING);
  });
});

describe('human durations', () => {
  test.each([
    [undefined, 'never'],
    [0, 'just now'],
    [59_999, 'just now'],
    [60_000, '1 min ago'],
    [41 * MIN, '41 min ago'],
    [41 * MIN + 59_000, '41 min ago'],
    [2 * HOUR + 14 * MIN, '2 h 14 min ago'],
    [3 * DAY + 2 * HOUR, '3 d 2 h ago'],
  ])('formatAge(%s) = %s', (ms, expected) => {
    expect(formatAge(ms)).toBe(expected);
  });

  test.each([
    [41 * MIN, '41 min'],
    [59 * MIN, '59 min'],
    [60 * MIN, '1 h'],
    [2 * HOUR + 14 * MIN, '2 h 14 min'],
    [47 * HOUR + 59 * MIN, '47 h 59 min'],
    [48 * HOUR, '2 d'],
    [3 * DAY + 2 * HOUR, '3 d 2 h'],
    [3 * DAY + 2 * HOUR + 30 * MIN, '3 d 2 h'],
    [40 * DAY, '40 d'],
  ])('formatDuration(%s) = %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('portal link', () => {
  test('links the cluster blade in its tenant, on the given cloud portal', () => {
    const c = aCluster({ name: 'store-0421' }, now);
    expect(portalUrl(c)).toBe(`https://portal.azure.com/#@aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resource${c.id}/overview`);
    expect(portalUrl({ ...c, tenantId: undefined }, 'https://portal.azure.us')).toBe(`https://portal.azure.us/#/resource${c.id}/overview`);
  });
});
