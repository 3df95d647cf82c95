import { MemoryStorage } from '../../../src/storage/memory-storage';
import { healthReport, type HealthInputs } from '../../../src/http/health';

const NOW = new Date('2026-11-25T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

function inputs(overrides: Partial<HealthInputs>): HealthInputs {
  return {
    storage: new MemoryStorage(),
    monitor: async () => ({ consecutiveFailures: 0, degraded: false, pendingAlerts: 0 }),
    degradedAfterFailures: 3,
    maxPendingAlertAgeMs: 15 * 60_000,
    now: () => NOW,
    replica: () => ({ role: 'standby', replicaId: 'replica-b' }),
    maxPollGapMs: 3 * 60_000 + 30_000,
    ...overrides,
  };
}

describe('/healthz: replicas and the last poll by any of them', () => {
  it('shows the role, the lease holder and the last poll; healthy while someone polls', async () => {
    const report = await healthReport(inputs({ replication: async () => ({ leaseHolder: 'replica-a', lastPollAt: minutesAgo(1), lastPollBy: 'replica-a' }) }));
    expect(report).toMatchObject({ healthy: true, role: 'standby', replicaId: 'replica-b', leaseHolder: 'replica-a', lastPollBy: 'replica-a', minutesSinceLastPoll: 1 });
  });

  it('no poll by any replica for longer than three intervals plus a lease: 503 with a fixed phrase, on every replica', async () => {
    const report = await healthReport(inputs({ replication: async () => ({ lastPollAt: minutesAgo(12), lastPollBy: 'replica-a' }) }));
    expect(report.healthy).toBe(false);
    expect(report.problems).toEqual(['no replica has polled the fleet for 12 min']);
    expect(report).toMatchObject({ minutesSinceLastPoll: 12 });
  });

  it('a fresh install (nobody polled yet) is not a problem', async () => {
    const report = await healthReport(inputs({ replication: async () => ({}) }));
    expect(report.healthy).toBe(true);
  });

  it('the role is shown even when storage does not answer about the lease or the last poll', async () => {
    const report = await healthReport(inputs({ replica: () => ({ role: 'leader', replicaId: 'replica-a' }), replication: () => new Promise(() => {}) }));
    expect(report).toMatchObject({ role: 'leader', replicaId: 'replica-a' });
    expect(report).not.toHaveProperty('leaseHolder');
  });
});
