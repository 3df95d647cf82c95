import { countOf } from '../../../src/core/plural';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { Cluster } from '../../../src/clusters/cluster';
import { DirectoryError, type ClusterDirectory } from '../../../src/clusters/cluster-directory';
import type { CommandContext } from '../../../src/chat/command';
import type { MessageReply, Reply } from '../../../src/chat/reply';
import { createSubscribeCommands } from '../../../src/tell/subscribe-commands';
import { ManualClock } from '../../../src/core/clock';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import { aCluster } from '../../support/clusters';
import { tellCommandDefaults } from '../../support/config-defaults';

const clock = new ManualClock('2026-11-25T12:00:00Z');
const fleet: Cluster[] = [
  aCluster({ name: 'store-0421', subscriptionId: 'sub-1' }, clock.now()),
  aCluster({ name: 'store-0422', location: 'eastus', subscriptionId: 'sub-1' }, clock.now()),
  aCluster({ name: 'lab-01', resourceGroup: 'lab', tags: { env: 'dev' }, subscriptionId: 'sub-1' }, clock.now()),
];

function setup(directory: ClusterDirectory = { description: 'x', listClusters: async () => ({ clusters: fleet, fetchedAt: clock.now(), source: 'x' }), getClustersByName: async () => [] }) {
  const stores = createTellStores(new MemoryStorage());
  const [subscribe, subscriptions, unsubscribe] = createSubscribeCommands({ stores, directory, clock, ...tellCommandDefaults() });
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
    expect((await stores.subscriptions.list('conv-1')).items[0]).toMatchObject({ number: 1, filter: {}, kinds: [], createdBy: 'Ada' });
  });

  it.each([
    ['store-*', { namePattern: 'store-*' }, 2],
    ['rg lab', { resourceGroup: 'lab' }, 1],
    ['region westeurope', { region: 'westeurope' }, 2],
    ['tag env=dev', { tag: { key: 'env', value: 'dev' } }, 1],
    ['subscription sub-1', { subscriptionId: 'sub-1' }, 3],
    ['tag env', { tag: { key: 'env' } }, 3],
    ['in eastus', { region: 'eastus' }, 1],
    ['resource-group lab', { resourceGroup: 'lab' }, 1],
    ['sub SUB-1', { subscriptionId: 'sub-1' }, 3],
    ['store-* in westeurope tag env=prod', { namePattern: 'store-*', region: 'westeurope', tag: { key: 'env', value: 'prod' } }, 1],
    ['/subscriptions/sub-1/resourceGroups/lab/providers/Microsoft.Kubernetes/connectedClusters/lab-01', { clusterId: '/subscriptions/sub-1/resourceGroups/lab/providers/Microsoft.Kubernetes/connectedClusters/lab-01' }, 1],
  ])('parses the filter "%s" as `clusters` does', async (args, filter, count) => {
    const { stores, subscribe } = setup();
    expect(textOf(await subscribe.handle(args, ctx()))).toContain(`${count} cluster${count === 1 ? '' : 's'} match now.`);
    expect((await stores.subscriptions.list('conv-1')).items[0].filter).toEqual(filter);
  });

  it('"subscribe all" is the whole fleet', async () => {
    const { stores, subscribe } = setup();
    await subscribe.handle('all offline', ctx());
    expect((await stores.subscriptions.list('conv-1')).items[0]).toMatchObject({ filter: {}, kinds: ['offline'] });
  });

  it('takes event kinds after the filter, or alone', async () => {
    const { stores, subscribe } = setup();
    await subscribe.handle('rg edge-prod offline Expired', ctx());
    await subscribe.handle('recovered', ctx('conv-2'));
    expect((await stores.subscriptions.list('conv-1')).items[0]).toMatchObject({ filter: { resourceGroup: 'edge-prod' }, kinds: ['offline', 'expired'] });
    expect((await stores.subscriptions.list('conv-2')).items[0]).toMatchObject({ filter: {}, kinds: ['recovered'] });
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

  it('`subscribe tag env=prod` and a tag key alone work, as in `clusters`', async () => {
    const { stores, subscribe } = setup();
    expect(textOf(await subscribe.handle('tag env=prod', ctx()))).toContain('Subscribed #1: clusters tagged env=prod, all events.\n2 clusters match now.');
    expect(textOf(await subscribe.handle('tag env offline', ctx()))).toContain('Subscribed #2: clusters tagged env, offline.');
    expect((await stores.subscriptions.list('conv-1')).items.map((s) => s.filter)).toEqual([{ tag: { key: 'env', value: 'prod' } }, { tag: { key: 'env' } }]);
  });

  it('rejects a keyword without a value, a tag without a key, and state words that are not event kinds', async () => {
    const { stores, subscribe } = setup();
    expect(textOf(await subscribe.handle('rg', ctx()))).toMatch(/"rg" needs a value/);
    expect(textOf(await subscribe.handle('tag =prod', ctx()))).toMatch(/needs a key/);
    expect(textOf(await subscribe.handle('connected store-*', ctx()))).toMatch(/"connected" is not a filter here/);
    expect((await stores.subscriptions.list('conv-1')).items).toEqual([]);
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
    expect(textOf(await subscriptions.handle('', ctx()))).toContain('1. all clusters: all events\n2. clusters in resource group lab: offline');
    expect(textOf(await unsubscribe.handle('2', ctx()))).toBe('Removed subscription #2.');
    expect(textOf(await unsubscribe.handle('2', ctx()))).toMatch(/no subscription #2/);
    expect(textOf(await unsubscribe.handle('', ctx()))).toMatch(/^Usage: unsubscribe <n\|all>/);
    expect(textOf(await unsubscribe.handle('all', ctx()))).toBe('Removed the only subscription: no more alerts here.');
    expect(textOf(await subscriptions.handle('', ctx()))).toMatch(/no alert subscriptions/);
    await subscribe.handle('', ctx());
    await subscribe.handle('rg lab offline', ctx());
    expect(textOf(await unsubscribe.handle('all', ctx()))).toBe('Removed all 2 subscriptions: no more alerts here.');
  });

  it('counts in words that agree with the number: one cluster, 2 clusters', async () => {
    expect(countOf(1, 'cluster')).toBe('1 cluster');
    expect(countOf(0, 'cluster')).toBe('0 clusters');
    expect(countOf(2, 'subscription')).toBe('2 subscriptions');
  });
});

describe('subscriptions after Teams refused an alert', () => {
  it('says alerts are paused, then that they were paused and resumed (alerts meanwhile not posted), until the next subscribe', async () => {
    const { stores, subscribe, subscriptions } = setup();
    await subscribe.handle('', ctx());
    await stores.subscriptions.disable('conv-1', '403: the bot was removed');
    expect(textOf(await subscriptions.handle('', ctx()))).toMatch(/^Alert subscriptions here:\n⚠️ Paused: Teams refused the last alert \(403: the bot was removed\)/);
    await stores.subscriptions.enable('conv-1');
    expect(textOf(await subscriptions.handle('', ctx()))).toMatch(/ℹ️ Alerts were paused because Teams refused one \(403: the bot was removed\) and resumed .*not posted/);
    await subscribe.handle('rg lab', ctx());
    expect(textOf(await subscriptions.handle('', ctx()))).not.toMatch(/paused/i);
  });
});
