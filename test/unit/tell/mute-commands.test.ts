import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { ClusterDirectory } from '../../../src/clusters/cluster-directory';
import type { CommandContext } from '../../../src/chat/command';
import { createMuteCommands, parseDuration } from '../../../src/tell/mute-commands';
import type { MessageReply, Reply } from '../../../src/chat/reply';
import { ManualClock } from '../../../src/core/clock';
import { buildClusterAlertCard } from '../../../src/tell/alert-cards';
import { clusterAlertMessage } from '../../../src/tell/alert-messages';
import { tellCards, type ClusterAlertModel } from '../../../src/tell/tell-cards';
import { matchesFilter } from '../../../src/clusters/cluster-filter';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import { aCluster } from '../../support/clusters';
import { tellCommandDefaults } from '../../support/config-defaults';

const clock = new ManualClock('2026-11-25T12:00:00Z');
const directory: ClusterDirectory = {
  description: 'x',
  listClusters: async () => ({ clusters: [aCluster({ name: 'store-0421' }, clock.now()), aCluster({ name: 'lab-1', resourceGroup: 'lab' }, clock.now())], fetchedAt: clock.now(), source: 'x' }),
  getClustersByName: async () => [],
};
const ctx: CommandContext = { conversation: { id: 'conv-1', type: 'channel' }, user: { id: 'u1', name: 'Ada' }, correlationId: 'c' };
const textOf = (r: Reply | Reply[]) => (r as MessageReply).text;

function setup() {
  const stores = createTellStores(new MemoryStorage());
  const [mute, unmute, mutes] = createMuteCommands({ stores, directory, clock, ...tellCommandDefaults() });
  return { stores, mute, unmute, mutes };
}

describe('parseDuration', () => {
  it('accepts 1 minute to 30 days', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1D')).toBe(86_400_000);
    expect(parseDuration('4w')).toBe(28 * 86_400_000);
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    for (const bad of ['999y', '31d', '0m', '2', 'h', 'soon', undefined]) expect(parseDuration(bad)).toBeUndefined();
  });
});

describe('mute', () => {
  it('mutes a cluster for a duration', async () => {
    const { stores, mute } = setup();
    const text = textOf(await mute.handle('store-0421 2h', ctx));
    expect(text).toContain('Muted cluster store-0421 for 2 h (until 2026-11-25 14:00 UTC), mute #1.');
    expect(await stores.mutes.list('conv-1')).toEqual([
      expect.objectContaining({ number: 1, filter: { namePattern: 'store-0421' }, until: '2026-11-25T14:00:00.000Z', suppressed: 0 }),
    ]);
  });

  it.each([
    ['rg lab', { resourceGroup: 'lab' }],
    ['tag env=prod', { tag: { key: 'env', value: 'prod' } }],
    ['tag env', { tag: { key: 'env' } }],
    ['store-* in westeurope', { namePattern: 'store-*', region: 'westeurope' }],
    ['sub SUB-1', { subscriptionId: 'sub-1' }],
  ])('mutes the filter "%s" as `clusters` reads it', async (args, filter) => {
    const { stores, mute } = setup();
    expect(textOf(await mute.handle(`${args} 1d`, ctx))).toContain('Muted ');
    expect((await stores.mutes.list('conv-1'))[0].filter).toEqual(filter);
  });

  it('refuses state words: a mute chooses clusters, not their current state', async () => {
    const { stores, mute } = setup();
    expect(textOf(await mute.handle('offline 1h', ctx))).toMatch(/"offline" is not a filter here/);
    expect(await stores.mutes.list('conv-1')).toEqual([]);
  });

  it.each(['store-0421', 'store-0421 999y', 'store-0421 forever', '', '2h', 'store-0421 31d'])('"mute %s" answers with usage', async (args) => {
    const { stores, mute } = setup();
    const text = textOf(await mute.handle(args, ctx));
    expect(text).toContain('Usage: mute <cluster');
    expect(await stores.mutes.list('conv-1')).toEqual([]);
  });

  it('warns when nothing matches', async () => {
    const { mute } = setup();
    expect(textOf(await mute.handle('rg nowhere 1h', ctx))).toContain('no cluster matches now');
  });
});

describe('mutes / unmute', () => {
  it('lists with time left, unmutes one by cluster name, then all', async () => {
    const { mute, mutes, unmute } = setup();
    expect(textOf(await mutes.handle('', ctx))).toBe('Nothing is muted here.');
    await mute.handle('store-* 2h', ctx);
    await mute.handle('rg lab 1d', ctx);
    await clock.advance(30 * 60_000);
    expect(textOf(await mutes.handle('', ctx))).toContain('1. clusters named store-*: 1 h 30 min left\n2. clusters in resource group lab: 23 h 30 min left');
    expect(textOf(await unmute.handle('store-0421', ctx))).toBe('🔔 Unmuted: #1 clusters named store-*.');
    expect(textOf(await unmute.handle('store-0421', ctx))).toMatch(/Nothing matching is muted/);
    expect(textOf(await unmute.handle('', ctx))).toBe('🔔 Unmuted: #2 clusters in resource group lab.');
  });

describe('the alert card\'s "Mute 1h" button', () => {
  const here = aCluster({ name: 'store-0421' }, clock.now());
  const elsewhere = aCluster({ name: 'store-0421', resourceGroup: 'edge-other' }, clock.now());
  const buttonCommand = () => {
    const state = { ...here, status: 'Offline', heartbeatStale: false, agentSupported: true, statusSince: clock.now().toISOString(), seq: 1 };
    const built = buildClusterAlertCard({ kinds: ['offline'], state, cluster: here, now: clock.now() });
    return (built.card.actions!.find((a) => a.title === 'Mute 1h')!.data as { command: string }).command;
  };
  const argsOf = (command: string) => command.replace(/^mute /, '');
  /** ISO time `minutes` from now (the shared clock has moved in earlier tests). */
  const inMinutes = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();

  it('mutes that cluster by resource id, not a same-named cluster in another resource group', async () => {
    const { stores, mute } = setup();
    expect(buttonCommand()).toBe(`mute ${here.id} 1h`);
    const text = textOf(await mute.handle(argsOf(buttonCommand()), ctx));
    expect(text).toContain('Muted cluster store-0421 (resource group rg-edge-prod) for 1 h');
    const [stored] = await stores.mutes.list('conv-1');
    expect(stored.filter).toEqual({ clusterId: here.id });
    expect(matchesFilter(stored.filter, here)).toBe(true);
    expect(matchesFilter(stored.filter, elsewhere)).toBe(false);
  });

  it('never shortens a longer mute of the same cluster', async () => {
    const { stores, mute } = setup();
    const day = inMinutes(24 * 60);
    await mute.handle(`${here.id} 1d`, ctx);
    const text = textOf(await mute.handle(argsOf(buttonCommand()), ctx));
    expect(text).toContain(`already muted longer, until ${day.slice(0, 16).replace('T', ' ')} UTC`);
    expect((await stores.mutes.list('conv-1')).map((m) => m.until)).toEqual([day]);
    // A typed name mute stays a separate mute: the button does not touch it either.
    await mute.handle('store-0421 2h', ctx);
    await mute.handle(argsOf(buttonCommand()), ctx);
    expect((await stores.mutes.list('conv-1')).map((m) => m.until)).toEqual([day, inMinutes(120)]);
  });

  it('pressed again after a shorter mute, it extends it to one hour from now', async () => {
    const { stores, mute } = setup();
    await mute.handle(`${here.id} 10m`, ctx);
    await mute.handle(argsOf(buttonCommand()), ctx);
    expect((await stores.mutes.list('conv-1')).map((m) => m.until)).toEqual([inMinutes(60)]);
  });

  it('clicked on the alert card, it answers with that alert card and "Muted until <time> UTC by <name>", to replace it for everyone', async () => {
    const { stores, mute } = setup();
    const state = { ...here, status: 'Offline', heartbeatStale: false, agentSupported: true, statusSince: clock.now().toISOString(), seq: 1 };
    const message = clusterAlertMessage({ kinds: ['offline'], state, cluster: here, now: clock.now() });
    await stores.outbox.enqueue([{ key: 'alert-1', conversationId: 'conv-1', action: 'send', message, trackAlertFor: { clusterId: here.id, kind: 'offline' } }], clock.now());
    await stores.alertCards.set('conv-1', here.id, { activityId: 'card-1', kind: 'offline', sentAt: clock.now().toISOString(), outboxKey: 'alert-1' });
    const clicked = { ...ctx, cardAction: { replacesCard: true } };
    const reply = (await mute.handle(argsOf(buttonCommand()), clicked)) as MessageReply;
    expect(reply.view?.card).toBe('cluster-alert');
    const card = tellCards.builders['cluster-alert'](reply.view!.model as ClusterAlertModel);
    const lines = JSON.stringify(card);
    expect(lines).toContain(`🔕 Muted until ${inMinutes(60).slice(11, 16)} UTC by Ada`);
    expect(lines).toContain('store-0421 went Offline');
    // Typed, the same command answers in text; without a stored alert card, the click does too.
    expect(textOf(await mute.handle(argsOf(buttonCommand()), ctx))).toContain('Muted cluster store-0421');
    await stores.alertCards.delete('conv-1', here.id);
    expect(textOf(await mute.handle(argsOf(buttonCommand()), clicked))).toContain('store-0421');
  });

  it('`unmute <name>` ends it', async () => {
    const { stores, mute, unmute } = setup();
    await mute.handle(argsOf(buttonCommand()), ctx);
    expect(textOf(await unmute.handle('store-0421', ctx))).toBe('🔔 Unmuted: #1 cluster store-0421 (resource group rg-edge-prod).');
    expect(await stores.mutes.list('conv-1')).toEqual([]);
  });
});
});
