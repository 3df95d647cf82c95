import { MemoryStorage } from '../../../src/storage/memory-storage';
import { DocumentStore } from '../../../src/storage/document-store';
import type { KeyValueStorage } from '../../../src/storage/key-value-storage';
import { SubscriptionStore } from '../../../src/tell/stores/subscription-store';
import { sameFilter } from '../../../src/clusters/cluster-filter';

/** Another replica writes between our read and our write, `times` times. */
function racingStorage(inner: MemoryStorage, key: string, times: number): KeyValueStorage & { raced: number } {
  const wrapper = {
    raced: 0,
    read: (keys: string[]) => inner.read(keys),
    delete: (keys: string[]) => inner.delete(keys),
    async write(changes: Record<string, any>) {
      if (wrapper.raced < times && changes[key]) {
        wrapper.raced++;
        const current = (await inner.read([key]))[key] ?? { items: [] };
        await inner.write({ [key]: { ...current, items: [...(current.items ?? []), `other-${wrapper.raced}`], eTag: '*' } });
      }
      return inner.write(changes);
    },
  };
  return wrapper;
}

describe('DocumentStore', () => {
  it('retries on an eTag conflict and keeps both changes', async () => {
    const inner = new MemoryStorage();
    await inner.write({ doc: { items: [] } });
    const storage = racingStorage(inner, 'doc', 2);
    const store = new DocumentStore<{ items: string[] }>(storage, 'doc', () => ({ items: [] }));
    await store.update((d) => { d.items.push('mine'); });
    expect(storage.raced).toBe(2);
    expect((await store.get()).items.sort()).toEqual(['mine', 'other-1', 'other-2']);
  });

  it('gives up after the retry budget', async () => {
    const inner = new MemoryStorage();
    await inner.write({ doc: { items: [] } });
    const store = new DocumentStore<{ items: string[] }>(racingStorage(inner, 'doc', 100), 'doc', () => ({ items: [] }), { maxConflictRetries: 3 });
    await expect(store.update((d) => { d.items.push('x'); })).rejects.toThrow(/eTag conflict/);
  });

  it('two people subscribing one conversation at once both keep their subscription', async () => {
    const storage = new MemoryStorage();
    const a = new SubscriptionStore(storage);
    const b = new SubscriptionStore(storage);
    const now = '2026-11-25T12:00:00Z';
    await Promise.all([
      a.add('conv', { filter: { resourceGroup: 'edge-prod' }, kinds: [], createdAt: now }, sameFilter),
      b.add('conv', { filter: { namePattern: 'store-*' }, kinds: ['offline'], createdAt: now }, sameFilter),
    ]);
    const list = await a.list('conv');
    expect(list.items.map((s) => s.number).sort()).toEqual([1, 2]);
    expect(list.items.map((s) => s.filter).sort((x, y) => Object.keys(x)[0].localeCompare(Object.keys(y)[0]))).toEqual([{ namePattern: 'store-*' }, { resourceGroup: 'edge-prod' }]);
  });

  it('does not leak mutations into the stored value', async () => {
    const storage = new MemoryStorage();
    const store = new DocumentStore<{ items: string[] }>(storage, 'doc', () => ({ items: [] }));
    await store.update((d) => { d.items.push('a'); });
    const copy = await store.get();
    copy.items.push('not saved');
    expect((await store.get()).items).toEqual(['a']);
  });
});
