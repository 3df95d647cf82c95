import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { Cluster } from '../../../src/clusters/cluster';
import { DirectoryError, type ClusterDirectory } from '../../../src/clusters/cluster-directory';
import type { CommandContext } from '../../../src/chat/command';
import type { MessageReply, Reply } from '../../../src/chat/reply';
import { createSubscribeCommands } from '../../../src/tell/subscribe-commands';
import { ManualClock } from '../../../src/core/clock';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import { aCluster } from '../../support/clusters';

const clock = new ManualClock('2026-11-25T12:00:00Z');
const fleet: Cluster[] = [
  aCluster({ name: 'store-0421', subscriptionId: 'sub-1' }, clock.now()),
  aCluster({ name: 'store-0422', location: 'eastus', subscriptionId: 'sub-1' }, clock.now()),
  aCluster({ name: 'lab-01', resourceGroup: 'lab', tags: { env: 'dev' }, subscriptionId: 'sub-1' }, clock.now()),
];

function setup(directory: ClusterDirectory = { description: 'x', listClusters: async () => ({ clusters: fleet, fetchedAt: clock.now(), source: 'x' }), getClustersByName: async () => [] }) {
  const stores = createTellStores(new MemoryStorage());
  const [subscribe, subscriptions, unsubscribe] = createSubscribeCommands({ stores, directory, clock, monitor: { intervalMs: 60_000, confirmations: 2 } });
  return { stores, subscribe, subscriptions, unsubscribe };
}

const ctx = (conversationId = 'conv-1'): CommandContext => ({ conversation: { id: conversationId, type: 'channel' }, user: { id: 'u1', name: 'Ada' }, correlationId: 'c' });
const textOf = (r: Reply | Reply[]) => (r as MessageReply).text;

describe('subscribe', () => {
  it('subscribes to the whole fleet with no arguments', async () => {
    const { stores, subscribe } = setup();
    const text = textOf(await subscribe.handle('', ctx()));
    expect(text).toContain('Subscribed #1: all clusters, all events.');
    expect(text).toContain('3 clusters match now.');
    expect((await stores.subscriptions.list('conv-1')).items[0]).toMatchObject({ number: 1, filter: { type: 'all' }, kinds: [], createdBy: 'Ada' });
  });

  it.each([
    ['store-*', { type: 'name', pattern: 'store-*' }, 2],
    ['rg lab', { type: 'rg', value: 'lab' }, 1],
    ['region westeurope', { type: 'region', value: 'westeurope' }, 2],
    ['tag env=dev', { type: 'tag', key: 'env', value: 'dev' }, 1],
    ['subscription sub-1', { type: 'subscription', value: 'sub-1' }, 3],
  ])('parses the filter "%s"', async (args, filter, count) => {
    const { stores, subscribe } = setup();
    expect(textOf(await subscribe.handle(args, ctx()))).toContain(`${count} cluster${count === 1 ? '' : 's'} match now.`);
    expect((await stores.subscriptions.list('conv-1')).items[0].filter).toEqual(filter);
  });

  it('"subscribe all" is the whole fleet', async () => {
    const { stores, subscribe } = setup();
    await subscribe.handle('all offline', ctx());
    expect((await stores.subscriptions.list('conv-1')).items[0]).toMatchObject({ filter: { type: 'all' }, kinds: ['offline'] });
  });

  it('takes event kinds after the filter, or alone', async () => {
    const { stores, subscribe } = setup();
    await subscribe.handle('rg edge-prod offline Expired', ctx());
    await subscribe.handle('recovered', ctx('conv-2'));
    expect((await stores.subscriptions.list('conv-1')).items[0]).toMatchObject({ filter: { type: 'rg', value: 'edge-prod' }, kinds: ['offline', 'expired'] });
    expect((await stores.subscriptions.list('conv-2')).items[0]).toMatchObject({ filter: { type: 'all' }, kinds: ['recovered'] });
  });

  it('an unknown event kind gets the list of valid ones and stores nothing', async () => {
    const { stores, subscribe } = setup();
    const text = textOf(await subscribe.handle('store-* ofline', ctx()));
    expect(text).toMatch(/Unknown event kind: ofline/);
    expect(text).toContain('offline (became Offline)');
    expect(text).toContain('expiring');
    expect((await stores.subscriptions.list('conv-1')).items).toEqual([]);
  });

  it('a filter that matches nothing is accepted with a warning', async () => {
    const { stores, subscribe } = setup();
    const text = textOf(await subscribe.handle('rg nowhere', ctx()));
    expect(text).toContain('Subscribed #1');
    expect(text).toContain('no cluster matches now');
    expect((await stores.subscriptions.list('conv-1')).items).toHaveLength(1);
  });

  it('still subscribes when the fleet cannot be read', async () => {
    const { subscribe } = setup({ description: 'x', listClusters: async () => { throw new DirectoryError('throttled', 'busy', 'c'); }, getClustersByName: async () => [] });
    expect(textOf(await subscribe.handle('', ctx()))).toContain('matches were not counted');
  });

  it('the same filter again updates its kinds instead of duplicating', async () => {
    const { stores, subscribe } = setup();
    await subscribe.handle('store-*', ctx());
    expect(textOf(await subscribe.handle('STORE-* offline', ctx()))).toContain('Updated #1');
    expect((await stores.subscriptions.list('conv-1')).items).toHaveLength(1);
  });

  it('rejects a keyword without a value and a malformed tag', async () => {
    const { subscribe } = setup();
    expect(textOf(await subscribe.handle('rg', ctx()))).toMatch(/"rg" needs a value/);
    expect(textOf(await subscribe.handle('tag prod', ctx()))).toMatch(/key=value/);
  });

  it('two people subscribing at once both keep their subscription', async () => {
    const { stores, subscribe } = setup();
    await Promise.all([subscribe.handle('rg lab', ctx()), subscribe.handle('store-*', ctx()), subscribe.handle('region eastus', ctx())]);
    expect((await stores.subscriptions.list('conv-1')).items.map((s) => s.number).sort()).toEqual([1, 2, 3]);
  });
});

describe('subscriptions / unsubscribe', () => {
  it('lists, removes one, removes all', async () => {
    const { subscribe, subscriptions, unsubscribe } = setup();
    expect(textOf(await subscriptions.handle('', ctx()))).toMatch(/no alert subscriptions/);
    await subscribe.handle('', ctx());
    await subscribe.handle('rg lab offline', ctx());
    expect(textOf(await subscriptions.handle('', ctx()))).toContain('1. all clusters: all events\n2. resource group lab: offline');
    expect(textOf(await unsubscribe.handle('2', ctx()))).toBe('Removed subscription #2.');
    expect(textOf(await unsubscribe.handle('2', ctx()))).toMatch(/no subscription #2/);
    expect(textOf(await unsubscribe.handle('', ctx()))).toMatch(/^Usage: unsubscribe <n\|all>/);
    expect(textOf(await unsubscribe.handle('all', ctx()))).toMatch(/Removed all 1 subscription/);
    expect(textOf(await subscriptions.handle('', ctx()))).toMatch(/no alert subscriptions/);
  });
});
