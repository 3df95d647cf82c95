import { cardOf } from '../../support/cards';
import { planAlerts } from '../../../src/tell/alert-planner';
import { observeFleet, type ClusterEvent, type FleetMemory } from '../../../src/tell/fleet-diff';
import { openCardKey } from '../../../src/tell/stores/alert-card-store';
import type { Mute } from '../../../src/tell/stores/mute-store';
import type { ConversationSubscriptions } from '../../../src/tell/stores/subscription-store';
import type { Cluster } from '../../../src/clusters/cluster';
import { cardSizeBytes, CARD_SIZE_LIMIT_BYTES } from '../../../src/cards/adaptive-card';
import { aCluster, DAY, MIN, offline } from '../../support/clusters';

const t0 = new Date('2026-11-25T12:00:00Z');
const later = new Date(t0.getTime() + MIN);

/** Events for a fleet going from `before` to `after` (confirmations 1). */
function eventsFor(before: Cluster[], after: Cluster[]): { events: ClusterEvent[]; memory: FleetMemory } {
  const base = observeFleet(undefined, before, t0, { confirmations: 1 }).memory;
  return observeFleet(base, after, later, { confirmations: 1 });
}

const subs = (...items: Partial<ConversationSubscriptions['items'][number]>[]): ConversationSubscriptions => ({
  items: items.map((s, i) => ({ number: i + 1, filter: {}, kinds: [], createdAt: t0.toISOString(), ...s })),
  nextNumber: items.length + 1,
});

function stores(n: number, prefix = 'store-', region = 'westeurope'): Cluster[] {
  return Array.from({ length: n }, (_, i) => aCluster({ name: `${prefix}${String(i).padStart(4, '0')}`, location: region }, t0));
}

describe('planAlerts', () => {
  it('routes by filter and event kind; one card per cluster with its five buttons', () => {
    const fleet = [aCluster({ name: 'store-0001' }, t0), aCluster({ name: 'lab-01', resourceGroup: 'lab' }, t0)];
    const { events } = eventsFor(fleet, fleet.map((c) => offline(c, later)));
    const plan = planAlerts({
      events, now: later, generation: 1, digestThreshold: 5, mutes: {},
      subscriptions: {
        stores: subs({ filter: { namePattern: 'store-*' } }),
        lab: subs({ filter: { resourceGroup: 'LAB' } }),
        recoveredOnly: subs({ kinds: ['recovered'] }),
      },
    });
    expect(plan.items.map((i) => `${i.conversationId}:${i.key.split('|')[0]}`)).toEqual(['stores:stores', 'lab:lab']);
    const card = cardOf(plan.items[0].message)!;
    expect(plan.items[0].trackAlertFor).toEqual({ clusterId: events.find((e) => e.state.name === 'store-0001')!.clusterId, kind: 'offline' });
    expect(card.actions!.map((a) => a.title)).toEqual(['Refresh', 'Diagnose', 'Mute 1h', 'Acknowledge', 'Open in portal']);
    expect(card.actions!.slice(0, 4).map((a) => (a.data as { command: string }).command)).toEqual(['refresh-alert', 'diagnose', 'mute', 'acknowledge'].map((verb) => `${verb} ${events.find((e) => e.state.name === 'store-0001')!.clusterId}${verb === 'mute' ? ' 1h' : ''}`));
    expect(JSON.stringify(card)).toContain('Connected → Offline');
    expect(cardSizeBytes(card)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
  });

  it('many changes in one poll -> ONE digest per conversation, top 10 listed, rest counted', () => {
    const fleet = stores(37);
    const { events, memory } = eventsFor(fleet, fleet.map((c) => offline(c, later)));
    const plan = planAlerts({ events, now: later, generation: memory.generation, digestThreshold: 5, mutes: {}, subscriptions: { a: subs({}), b: subs({ filter: { region: 'westeurope' } }) } });
    expect(plan.items).toHaveLength(2);
    const digest = plan.items[0];
    expect(digest.key).toBe('a|digest|1');
    expect(digest.message.text).toBe('37 clusters went Offline in westeurope');
    const json = JSON.stringify(cardOf(digest.message));
    expect(json).toContain('store-0009');
    expect(json).not.toContain('store-0010');
    expect(json).toContain('…and 27 more.');
    expect(cardSizeBytes(cardOf(digest.message)!)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
  });

  it('a digest of 10,000 clusters stays under 28 KB', () => {
    const fleet = stores(10_000, 'a-very-long-cluster-name-for-size-');
    const { events } = eventsFor(fleet, fleet.map((c) => offline(c, later)));
    const plan = planAlerts({ events, now: later, generation: 1, digestThreshold: 5, mutes: {}, subscriptions: { a: subs({}) } });
    expect(plan.items).toHaveLength(1);
    expect(cardSizeBytes(cardOf(plan.items[0].message)!)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
  });

  it('muted events are counted, not posted; other clusters still alert', () => {
    const fleet = [aCluster({ name: 'store-0421' }, t0), aCluster({ name: 'store-0422' }, t0)];
    const { events } = eventsFor(fleet, fleet.map((c) => offline(c, later)));
    const mutes: Record<string, Mute[]> = {
      a: [{ number: 3, filter: { namePattern: 'store-0421' }, until: new Date(later.getTime() + 60 * MIN).toISOString(), createdAt: t0.toISOString(), suppressed: 0 }],
    };
    const plan = planAlerts({ events, now: later, generation: 1, digestThreshold: 5, mutes, subscriptions: { a: subs({}) } });
    expect(plan.items.map((i) => i.message.text.split('.')[0])).toEqual(['🔴 store-0422 went Offline']);
    expect(plan.suppressed).toEqual([{ conversationId: 'a', number: 3, events: 1 }]);
  });

  it('an ended mute no longer suppresses', () => {
    const fleet = [aCluster({ name: 'store-0421' }, t0)];
    const { events } = eventsFor(fleet, fleet.map((c) => offline(c, later)));
    const mutes: Record<string, Mute[]> = { a: [{ number: 1, filter: {}, until: later.toISOString(), createdAt: t0.toISOString(), suppressed: 0 }] };
    expect(planAlerts({ events, now: later, generation: 1, digestThreshold: 5, mutes, subscriptions: { a: subs({}) } }).items).toHaveLength(1);
  });

  it('recovery -> in-place update of the alert card plus a short message', () => {
    const down = [offline(aCluster({ name: 'store-0421' }, t0), t0)];
    const base = observeFleet(undefined, down, t0, { confirmations: 1 }).memory;
    const recoveredAt = new Date(t0.getTime() + 134 * MIN);
    const { events } = observeFleet(base, [aCluster({ name: 'store-0421' }, recoveredAt)], recoveredAt, { confirmations: 1 });
    const plan = planAlerts({ events, now: recoveredAt, generation: 1, digestThreshold: 5, mutes: {}, subscriptions: { a: subs({}) } });
    expect(plan.items.map((i) => i.action)).toEqual(['update', 'send']);
    expect(plan.items[0].updateAlertFor).toEqual({ clusterId: events[0].clusterId });
    expect(plan.items[0].message.text).toBe('✅ store-0421: recovered after 2 h 14 min');
    expect(plan.items[1].message).toMatchObject({ text: '🟢 store-0421 is Connected again (recovered after 2 h 14 min).' });
  });

  it('plans the in-place update only where that cluster\'s alert card is open (not after a digest)', () => {
    const down = [offline(aCluster({ name: 'store-0421' }, t0), t0)];
    const base = observeFleet(undefined, down, t0, { confirmations: 1 }).memory;
    const recoveredAt = new Date(t0.getTime() + 134 * MIN);
    const { events } = observeFleet(base, [aCluster({ name: 'store-0421' }, recoveredAt)], recoveredAt, { confirmations: 1 });
    const openAlertCards = new Set([openCardKey('withCard', events[0].clusterId.toUpperCase())]);
    const plan = planAlerts({ events, now: recoveredAt, generation: 1, digestThreshold: 5, mutes: {}, subscriptions: { withCard: subs({}), digestOnly: subs({}) }, openAlertCards });
    expect(plan.items.map((i) => `${i.conversationId}:${i.action}`)).toEqual(['withCard:update', 'withCard:send', 'digestOnly:send']);
  });

  describe('an acknowledged alert', () => {
    const ada = { by: 'Ada', aadObjectId: 'aad-ada', at: '2026-11-25T11:30:00.000Z' };

    it('a certificate-countdown reminder while the cluster stays Offline says who has it (in that conversation only)', () => {
      const before = [offline(aCluster({ name: 'store-0421', certificateExpiresAt: new Date(t0.getTime() + 8 * DAY) }, t0), t0)];
      const after = [offline(aCluster({ name: 'store-0421', certificateExpiresAt: new Date(t0.getTime() + 6.5 * DAY) }, later), later)];
      const { events } = eventsFor(before, after);
      expect(events.map((e) => e.kind)).toEqual(['expiring']);
      const acknowledgements = new Map([[openCardKey('acked', events[0].clusterId), ada]]);
      const plan = planAlerts({ events, now: later, generation: 1, digestThreshold: 5, mutes: {}, subscriptions: { acked: subs({}), other: subs({}) }, acknowledgements });
      const byConversation = Object.fromEntries(plan.items.map((i) => [i.conversationId, i]));
      expect(byConversation.acked.message.text).toMatch(/^⏳ store-0421: certificate expiring\. Acknowledged by Ada at 11:30 UTC\./);
      expect(JSON.stringify(cardOf(byConversation.acked.message))).toContain('✋ Acknowledged by Ada at 11:30 UTC');
      expect(cardOf(byConversation.acked.message).actions!.map((a) => a.title)).not.toContain('Acknowledge');
      expect(byConversation.other.message.text).not.toContain('Acknowledged');
      expect(cardOf(byConversation.other.message).actions!.map((a) => a.title)).toContain('Acknowledge');
    });

    it('its recovery closes it: "recovered after 2 h 14 min, acknowledged by Ada" on the card and in the message', () => {
      const down = [offline(aCluster({ name: 'store-0421' }, t0), t0)];
      const base = observeFleet(undefined, down, t0, { confirmations: 1 }).memory;
      const recoveredAt = new Date(t0.getTime() + 134 * MIN);
      const { events } = observeFleet(base, [aCluster({ name: 'store-0421' }, recoveredAt)], recoveredAt, { confirmations: 1 });
      const acknowledgements = new Map([[openCardKey('a', events[0].clusterId), ada]]);
      const plan = planAlerts({ events, now: recoveredAt, generation: 1, digestThreshold: 5, mutes: {}, subscriptions: { a: subs({}) }, acknowledgements });
      expect(plan.items.map((i) => i.action)).toEqual(['update', 'send']);
      expect(plan.items[0].message.text).toBe('✅ store-0421: recovered after 2 h 14 min, acknowledged by Ada');
      expect(plan.items[0].message.view!.model).toMatchObject({ acknowledgedBy: 'Ada' });
      expect(plan.items[1].message).toMatchObject({ text: '🟢 store-0421 is Connected again (recovered after 2 h 14 min, acknowledged by Ada).' });
      // The name is a person's: data in the message's segments, never read as markup or a link.
      expect(plan.items[1].message.segments).toContainEqual({ kind: 'data', text: 'Ada' });
      expect(plan.items[1].message.view).toBeUndefined();
    });
  });

  it('skips conversations whose subscriptions are disabled (bot removed)', () => {
    const fleet = [aCluster({ name: 'a' }, t0)];
    const { events } = eventsFor(fleet, fleet.map((c) => offline(c, later)));
    const plan = planAlerts({ events, now: later, generation: 1, digestThreshold: 5, mutes: {}, subscriptions: { a: { ...subs({}), disabledReason: '403' } } });
    expect(plan.items).toEqual([]);
  });
});
