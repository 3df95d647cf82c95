import {
  certHorizonFor, eventsBetween, isUnhealthy, metadataDiffers, observeCluster, type ClusterState,
} from '../../../src/tell/cluster-observation';
import { aCluster, DAY, offline } from '../../support/clusters';

const now = new Date('2026-11-25T12:00:00Z');

/** A confirmed state: healthy and Connected unless overridden. */
function state(overrides: Partial<ClusterState> = {}): ClusterState {
  return { ...observeCluster(aCluster({ name: 'a' }, now), now, '1.36.1'), statusSince: now.toISOString(), seq: 1, ...overrides };
}

describe('certHorizonFor', () => {
  it.each([
    [45, undefined], [30, 30], [29, 30], [14, 14], [8, 14], [7, 7], [2, 7], [1, 1], [0, 1], [-1, undefined], [undefined, undefined],
  ])('%s days left -> horizon %s', (daysLeft, horizon) => {
    expect(certHorizonFor(daysLeft)).toBe(horizon);
  });
});

describe('observeCluster', () => {
  it('a Connected cluster close to expiry has no horizon (it renews by itself); the same cluster Offline has one', () => {
    const nearExpiry = aCluster({ name: 'a', certificateExpiresAt: new Date(now.getTime() + 5 * DAY) }, now);
    expect(observeCluster(nearExpiry, now, '1.36.1').certHorizon).toBeUndefined();
    expect(observeCluster(offline(nearExpiry, now), now, '1.36.1').certHorizon).toBe(7);
  });

  it('an agent more than two minors behind the fleet\'s latest is unsupported', () => {
    expect(observeCluster(aCluster({ name: 'a', agentVersion: '1.33.0' }, now), now, '1.36.1').agentSupported).toBe(false);
    expect(observeCluster(aCluster({ name: 'a', agentVersion: '1.34.0' }, now), now, '1.36.1').agentSupported).toBe(true);
  });
});

describe('eventsBetween', () => {
  const connected = state();
  const isOffline = state({ status: 'Offline' });
  const stale = state({ heartbeatStale: true });
  it.each<[string, ClusterState, ClusterState, string[]]>([
    ['no change', connected, connected, []],
    ['Connected -> Offline', connected, isOffline, ['offline']],
    ['Connected -> Expired', connected, state({ status: 'Expired' }), ['expired']],
    ['Offline -> Connected', isOffline, connected, ['recovered']],
    ['heartbeat stale -> fresh', stale, connected, ['recovered']],
    ['Connected -> heartbeat stale', connected, stale, ['stale']],
    ['Offline -> Offline with 30 days left', isOffline, state({ status: 'Offline', certHorizon: 30 }), ['expiring']],
    ['30 days left -> 14 days left', state({ status: 'Offline', certHorizon: 30 }), state({ status: 'Offline', certHorizon: 14 }), ['expiring']],
    ['14 days left -> 30 days left (never upward)', state({ status: 'Offline', certHorizon: 14 }), state({ status: 'Offline', certHorizon: 30 }), []],
    ['agent falls out of support', connected, state({ agentSupported: false }), ['agent']],
    ['agent back in support', state({ agentSupported: false }), connected, []],
  ])('%s', (_, before, after, kinds) => {
    expect(eventsBetween(before, after)).toEqual(kinds);
  });
});

describe('isUnhealthy', () => {
  it.each<[string, Partial<ClusterState>, boolean]>([
    ['Connected', {}, false],
    ['AgentNotInstalled', { status: 'AgentNotInstalled' }, false],
    ['Offline', { status: 'Offline' }, true],
    ['Connected, heartbeat stale', { heartbeatStale: true }, true],
    ['agent unsupported', { agentSupported: false }, true],
    ['certificate horizon reached', { certHorizon: 7 }, true],
  ])('%s -> %s', (_, overrides, unhealthy) => {
    expect(isUnhealthy(state(overrides))).toBe(unhealthy);
  });
});

describe('metadataDiffers', () => {
  it('sees renamed groups and changed tags, not a re-read of the same cluster', () => {
    const known = state();
    expect(metadataDiffers(known, observeCluster(aCluster({ name: 'a' }, now), now, '1.36.1'))).toBe(false);
    expect(metadataDiffers(known, observeCluster(aCluster({ name: 'a', tags: { env: 'dev' } }, now), now, '1.36.1'))).toBe(true);
    expect(metadataDiffers(known, { ...known, location: 'northeurope' })).toBe(true);
  });
});
