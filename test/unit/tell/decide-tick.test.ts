import type { Cluster } from '../../../src/clusters/cluster';
import { DirectoryError } from '../../../src/clusters/cluster-directory';
import { openCardKey } from '../../../src/tell/stores/alert-card-store';
import { tellCards } from '../../../src/tell/tell-cards';
import { decideTick, type TickInput } from '../../../src/tell/decide-tick';
import { emptyFleetMemory, observeFleet } from '../../../src/tell/fleet-diff';
import type { DirectoryHealth, MonitorDoc } from '../../../src/tell/stores/monitor-state-store';
import type { Mute } from '../../../src/tell/stores/mute-store';
import type { ConversationSubscriptions } from '../../../src/tell/stores/subscription-store';
import { aCluster, MIN, offline } from '../../support/clusters';

const t0 = new Date('2026-11-25T12:00:00Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * MIN);

const HEALTHY: DirectoryHealth = { consecutiveFailures: 0, degraded: false, episode: 0 };
const subscribedToAll: ConversationSubscriptions = { items: [{ number: 1, filter: {}, kinds: [], createdAt: t0.toISOString() }], nextNumber: 2 };

const up = (name: string, now = t0) => aCluster({ name }, now);
const down = (name: string, now = t0) => offline(aCluster({ name }, now), now);
const idOf = (name: string) => up(name).id;

/** The memory a previous tick would have persisted after seeing `clusters` (baseline taken). */
function remembered(clusters: Cluster[], directory: DirectoryHealth = HEALTHY): MonitorDoc {
  return { fleet: observeFleet(undefined, clusters, t0, { confirmations: 1 }).memory, directory };
}

function mute(overrides: Partial<Mute> = {}): Mute {
  return { number: 1, filter: {}, until: later(30).toISOString(), createdAt: t0.toISOString(), suppressed: 0, ...overrides };
}

/** One conversation subscribed to everything, a healthy memory of store-a, and a read that sees it unchanged a minute later. */
function tick(overrides: Partial<TickInput> = {}): TickInput {
  return {
    read: { ok: true, clusters: [up('store-a', later(1))] },
    memory: remembered([up('store-a')]),
    subscriptions: { c1: subscribedToAll },
    mutes: {},
    openAlertCards: new Set(),
    now: later(1),
    options: { confirmations: 1, digestThreshold: 5, degradedAfterFailures: 3, removalMinMs: 0, dropGuardPercent: 20 },
    ...overrides,
  };
}

const failedRead = { ok: false as const, error: new DirectoryError('throttled', 'Resource Graph is throttling requests.', 'corr-7') };

describe('decideTick: fleet read failed', () => {
  it.each<[string, DirectoryHealth, Partial<DirectoryHealth>, string[]]>([
    ['the first failure only counts', HEALTHY, { consecutiveFailures: 1, degraded: false, episode: 0 }, []],
    ['the third in a row opens a degraded episode with one notice per conversation', { ...HEALTHY, consecutiveFailures: 2 },
      { consecutiveFailures: 3, degraded: true, episode: 1, degradedSince: later(1).toISOString() }, ['c1|degraded|1']],
    ['failing on while degraded sends nothing more', { consecutiveFailures: 4, degraded: true, episode: 1, degradedSince: t0.toISOString() },
      { consecutiveFailures: 5, degraded: true, episode: 1, degradedSince: t0.toISOString() }, []],
    ['a later episode gets its own key', { consecutiveFailures: 2, degraded: false, episode: 4 }, { consecutiveFailures: 3, degraded: true, episode: 5 }, ['c1|degraded|5']],
  ])('%s', (_, before, after, keys) => {
    const input = tick({ read: failedRead, memory: remembered([up('store-a')], before) });
    const decision = decideTick(input);
    expect(decision.outbox.map((i) => i.key)).toEqual(keys);
    expect(decision.notices.map((n) => n.kind)).toEqual(keys.length ? ['degraded'] : []);
    expect(decision.memoryToSave?.directory).toMatchObject({ ...after, lastError: 'Resource Graph is throttling requests.' });
    // A failed read never alerts about clusters nor touches what the fleet looked like.
    expect(decision.memoryToSave?.fleet).toBe(input.memory.fleet);
    expect(decision.summary).toEqual({ kind: 'directory-failed', consecutiveFailures: after.consecutiveFailures, error: 'Resource Graph is throttling requests.', correlationId: 'corr-7' });
  });

  it('the degraded notice goes only to conversations that still take alerts', () => {
    const decision = decideTick(tick({
      read: failedRead,
      memory: remembered([up('store-a')], { ...HEALTHY, consecutiveFailures: 2 }),
      subscriptions: {
        c1: subscribedToAll,
        gone: { ...subscribedToAll, disabledReason: '403: bot removed' },
        empty: { items: [], nextNumber: 3 },
      },
    }));
    expect(decision.outbox.map((i) => i.conversationId)).toEqual(['c1']);
  });

  it('mutes are left alone while the fleet cannot be read (whether they ended needs the fleet)', () => {
    const decision = decideTick(tick({ read: failedRead, mutes: { c1: [mute({ until: t0.toISOString() })] } }));
    expect(decision.endedMutes).toEqual([]);
    expect(decision.suppressed).toEqual([]);
  });

  it('an error without a user message is described by its message', () => {
    const decision = decideTick(tick({ read: { ok: false, error: new Error('socket hang up') } }));
    expect(decision.summary).toEqual({ kind: 'directory-failed', consecutiveFailures: 1, error: 'socket hang up' });
  });
});

describe('decideTick: fleet read succeeded', () => {
  it.each<[string, Partial<TickInput>, string[], boolean, string]>([
    ['first read ever: a silent baseline, even with a cluster down', { memory: { fleet: emptyFleetMemory(), directory: HEALTHY }, read: { ok: true, clusters: [down('store-a')] } }, [], true, 'baseline'],
    ['nothing changed: nothing to send, nothing to write', {}, [], false, 'observed'],
    ['a cluster went Offline: one alert keyed by cluster, kind and change count', { read: { ok: true, clusters: [down('store-a', later(1))] } }, [`c1|${idOf('store-a')}|offline|1`], true, 'observed'],
    ['seen once with 2 confirmations: remembered as pending, not alerted', { read: { ok: true, clusters: [down('store-a', later(1))] }, options: { confirmations: 2, digestThreshold: 5, degradedAfterFailures: 3, removalMinMs: 0, dropGuardPercent: 20 } }, [], true, 'observed'],
    ['failures below the threshold end quietly: the counter resets', { memory: remembered([up('store-a')], { ...HEALTHY, consecutiveFailures: 2 }) }, [], true, 'observed'],
    ['the read after a degraded episode: one restored notice', { memory: remembered([up('store-a')], { consecutiveFailures: 6, degraded: true, episode: 2, degradedSince: t0.toISOString() }) }, ['c1|restored|2'], true, 'observed'],
  ])('%s', (_, overrides, keys, writes, kind) => {
    const decision = decideTick(tick(overrides));
    expect(decision.outbox.map((i) => i.key)).toEqual(keys);
    expect(decision.memoryToSave !== undefined).toBe(writes);
    if (writes) expect(decision.memoryToSave?.directory).toEqual({ consecutiveFailures: 0, degraded: false, episode: tick(overrides).memory.directory.episode });
    expect(decision.summary.kind).toBe(kind);
  });

  it('restored notice first, then the alerts, then mute-ended cards, in one tick', () => {
    const decision = decideTick(tick({
      memory: remembered([up('store-a'), down('store-b')], { consecutiveFailures: 3, degraded: true, episode: 1, degradedSince: t0.toISOString() }),
      read: { ok: true, clusters: [down('store-a', later(1)), down('store-b', later(1))] },
      mutes: { c1: [mute({ filter: { namePattern: 'store-b' }, until: later(1).toISOString() })] },
    }));
    expect(decision.outbox.map((i) => i.key)).toEqual([
      'c1|restored|1',
      `c1|${idOf('store-a')}|offline|1`,
      `c1|mute-ended|1|${later(1).toISOString()}`,
    ]);
    expect(decision.notices.map((n) => n.kind)).toEqual(['restored', 'mute-ended']);
  });

  it('re-deciding from the same memory gives the same outbox keys (the outbox ignores the repeat)', () => {
    const first = decideTick(tick({ read: { ok: true, clusters: [down('store-a', later(1))] } }));
    const again = decideTick(tick({ read: { ok: true, clusters: [down('store-a', later(2))] }, now: later(2) }));
    expect(again.outbox.map((i) => i.key)).toEqual(first.outbox.map((i) => i.key));
  });

  it('does not change the memory it was given', () => {
    const input = tick({ read: { ok: true, clusters: [down('store-a', later(1))] }, memory: remembered([up('store-a')], { ...HEALTHY, consecutiveFailures: 1 }) });
    const before = JSON.stringify(input.memory);
    decideTick(input);
    expect(JSON.stringify(input.memory)).toBe(before);
  });
});

describe('decideTick: mutes', () => {
  const aDown = { read: { ok: true as const, clusters: [down('store-a', later(1))] } };
  it.each<[string, Partial<TickInput>, Mute, string[], number, boolean]>([
    ['an active mute holds the alert back and counts it', aDown, mute(), [], 1, false],
    ['a mute on another cluster holds nothing back', aDown, mute({ filter: { namePattern: 'store-z' } }), [`c1|${idOf('store-a')}|offline|1`], 0, false],
    ['a mute that ended while its cluster is down: one card says so', { memory: remembered([down('store-a')]), read: { ok: true, clusters: [down('store-a', later(1))] } },
      mute({ until: later(1).toISOString() }), [`c1|mute-ended|1|${later(1).toISOString()}`], 0, true],
    ['a mute that ended on a healthy fleet: removed without a card', {}, mute({ until: later(1).toISOString() }), [], 0, true],
  ])('%s', (_, overrides, theMute, keys, suppressedEvents, ended) => {
    const decision = decideTick(tick({ ...overrides, mutes: { c1: [theMute] } }));
    expect(decision.outbox.map((i) => i.key)).toEqual(keys);
    expect(decision.summary).toMatchObject({ kind: 'observed', suppressedEvents });
    expect(decision.suppressed).toEqual(suppressedEvents ? [{ conversationId: 'c1', number: 1, events: suppressedEvents }] : []);
    expect(decision.endedMutes).toEqual(ended ? [{ conversationId: 'c1', mute: theMute }] : []);
  });

  it('a mute that ended in a conversation Teams disabled is removed, with no card', () => {
    const ended = mute({ until: later(1).toISOString() });
    const decision = decideTick(tick({
      memory: remembered([down('store-a')]),
      read: { ok: true, clusters: [down('store-a', later(1))] },
      subscriptions: { c1: { ...subscribedToAll, disabledReason: '404: conversation not found' } },
      mutes: { c1: [ended] },
    }));
    expect(decision.outbox).toEqual([]);
    expect(decision.endedMutes).toEqual([{ conversationId: 'c1', mute: ended }]);
  });

  it('the mute-ended notice counts the clusters still unhealthy', () => {
    const decision = decideTick(tick({
      memory: remembered([down('store-a'), down('store-b'), up('store-c')]),
      read: { ok: true, clusters: [down('store-a', later(1)), down('store-b', later(1)), up('store-c', later(1))] },
      mutes: { c1: [mute({ until: later(1).toISOString() })] },
    }));
    expect(decision.notices).toEqual([{ kind: 'mute-ended', conversationId: 'c1', muteNumber: 1, stillUnhealthy: 2 }]);
  });

  it('a still-Offline cluster on the mute-ended card says who acknowledged its alert', () => {
    const decision = decideTick(tick({
      memory: remembered([down('store-a'), down('store-b')]),
      read: { ok: true, clusters: [down('store-a', later(1)), down('store-b', later(1))] },
      mutes: { c1: [mute({ until: later(1).toISOString() })] },
      acknowledgements: new Map([[openCardKey('c1', idOf('store-a').toUpperCase()), { by: 'Ada', at: t0.toISOString() }]]),
    }));
    const [card] = decision.outbox;
    expect(card.message.view!.model).toMatchObject({ acknowledgedBy: { [idOf('store-a').toLowerCase()]: 'Ada' } });
    const rendered = JSON.stringify(tellCards.builders['mute-ended'](card.message.view!.model as never));
    expect(rendered).toContain('store-a: Offline · ✋ acknowledged by Ada');
    expect(rendered).not.toContain('store-b: Offline ·');
  });
});

describe('decideTick: recoveries and open alert cards', () => {
  const recovery = { memory: remembered([down('store-a')]), read: { ok: true as const, clusters: [up('store-a', later(1))] } };
  it.each<[string, ReadonlySet<string>, string[]]>([
    ['with an open alert card: the card is updated in place, and a short message says so', new Set([openCardKey('c1', idOf('store-a'))]), ['update', 'send']],
    ['without one (e.g. it went out in a digest): only the short message', new Set<string>(), ['send']],
  ])('%s', (_, openAlertCards, actions) => {
    const decision = decideTick(tick({ ...recovery, openAlertCards }));
    expect(decision.outbox.map((i) => i.action)).toEqual(actions);
    expect(decision.summary).toMatchObject({ kind: 'observed', events: [expect.objectContaining({ kind: 'recovered' })] });
  });
});
