import { MemoryStorage } from '../../../../src/storage/memory-storage';
import { matchesFilter, sameFilter } from '../../../../src/clusters/cluster-filter';
import { upgradeStoredFilter } from '../../../../src/clusters/legacy-cluster-filter';
import { createTellStores } from '../../../../src/tell/stores/tell-stores';
import { aCluster } from '../../../support/clusters';

const now = new Date('2026-11-25T12:00:00Z');
const store0421 = aCluster({ name: 'store-0421' }, now);
const lab = aCluster({ name: 'lab-01', resourceGroup: 'lab', location: 'eastus', tags: { env: 'dev' } }, now);

/** Documents as `subscribe` and `mute` wrote them before they shared the `clusters` grammar. */
async function storageWithLegacyDocuments(): Promise<MemoryStorage> {
  const storage = new MemoryStorage();
  await storage.write({
    'tell/subscriptions': {
      conversations: {
        'conv-1': {
          nextNumber: 4,
          items: [
            { number: 1, filter: { type: 'name', pattern: 'store-*' }, kinds: [], createdAt: now.toISOString() },
            { number: 2, filter: { type: 'tag', key: 'ENV', value: 'Dev' }, kinds: ['offline'], createdAt: now.toISOString() },
            { number: 3, filter: { type: 'all' }, kinds: ['added'], createdAt: now.toISOString() },
          ],
        },
      },
    },
    'tell/mutes': {
      conversations: {
        'conv-1': {
          nextNumber: 3,
          items: [
            { number: 1, filter: { type: 'id', value: store0421.id }, until: '2026-11-25T13:00:00.000Z', createdAt: now.toISOString(), suppressed: 2 },
            { number: 2, filter: { type: 'region', value: 'East US' }, until: '2026-11-25T13:00:00.000Z', createdAt: now.toISOString(), suppressed: 0 },
          ],
        },
      },
    },
  });
  return storage;
}

describe('subscriptions and mutes stored in the old one-criterion shape', () => {
  it('load in the current shape and match the same clusters as before', async () => {
    const stores = createTellStores(await storageWithLegacyDocuments());
    const subs = (await stores.subscriptions.list('conv-1')).items;
    expect(subs.map((s) => s.filter)).toEqual([{ namePattern: 'store-*' }, { tag: { key: 'ENV', value: 'Dev' } }, {}]);
    const matching = (i: number) => [store0421, lab].filter((c) => matchesFilter(subs[i].filter, c)).map((c) => c.name);
    expect(matching(0)).toEqual(['store-0421']);
    expect(matching(1)).toEqual(['lab-01']);
    expect(matching(2)).toEqual(['store-0421', 'lab-01']);

    const mutes = await stores.mutes.list('conv-1');
    expect(mutes.map((m) => m.filter)).toEqual([{ clusterId: store0421.id }, { region: 'eastus' }]);
    expect(matchesFilter(mutes[0].filter, store0421)).toBe(true);
    expect(matchesFilter(mutes[0].filter, aCluster({ name: 'store-0421', resourceGroup: 'elsewhere' }, now))).toBe(false);
    expect(matchesFilter(mutes[1].filter, lab)).toBe(true);
  });

  it('a new subscription with the same meaning updates the old one, and the document is then stored in the current shape', async () => {
    const storage = await storageWithLegacyDocuments();
    const stores = createTellStores(storage);
    const { subscription, replaced } = await stores.subscriptions.add('conv-1', { filter: { namePattern: 'STORE-*' }, kinds: ['expired'], createdAt: now.toISOString() }, sameFilter);
    expect({ number: subscription.number, replaced }).toEqual({ number: 1, replaced: true });
    const raw = (await storage.read(['tell/subscriptions']))['tell/subscriptions'] as { conversations: Record<string, { items: { filter: object }[] }> };
    expect(raw.conversations['conv-1'].items.map((s) => s.filter)).toEqual([{ namePattern: 'store-*' }, { tag: { key: 'ENV', value: 'Dev' } }, {}]);
  });

  it('every old filter type has a current equivalent', () => {
    expect(upgradeStoredFilter({ type: 'rg', value: 'lab' })).toEqual({ resourceGroup: 'lab' });
    expect(upgradeStoredFilter({ type: 'subscription', value: 'SUB-1' })).toEqual({ subscriptionId: 'sub-1' });
    expect(upgradeStoredFilter({ namePattern: 'x' })).toEqual({ namePattern: 'x' });
  });
});
