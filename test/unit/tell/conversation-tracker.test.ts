import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { sameFilter } from '../../../src/clusters/cluster-filter';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import { ConversationTracker, SEEN_RECHECK_MS } from '../../../src/tell/conversation-tracker';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { ConversationAddress } from '../../../src/chat/conversation-address';

const CHANNEL = '19:chan@thread.tacv2';
const address = (serviceUrl = 'https://smba.trafficmanager.net/emea/'): ConversationAddress => ({
  channel: 'msteams', serviceUrl, conversationId: CHANNEL, conversationType: 'channel', tenantId: 'tenant-1', teamId: '19:team', channelId: CHANNEL, bot: { id: '28:bot', name: 'Arc' },
});

/** Memory storage that counts the calls made to it. */
class CountingStorage extends MemoryStorage {
  calls = 0;
  override read(keys: string[]) { this.calls++; return super.read(keys); }
  override write(changes: Record<string, any>) { this.calls++; return super.write(changes); }
}

function setup() {
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  const storage = new CountingStorage();
  const stores = createTellStores(storage);
  const tracker = new ConversationTracker(stores, clock, createMemoryLogger());
  return { clock, stores, tracker, storage };
}

/** Storage calls made by `work`. */
async function callsOf(storage: CountingStorage, work: () => Promise<unknown>): Promise<number> {
  const before = storage.calls;
  await work();
  return storage.calls - before;
}

describe('ConversationTracker', () => {
  it('stores the address on install, stamped with the install time', async () => {
    const { stores, tracker } = setup();
    await tracker.installed(address());
    expect(await stores.conversations.get(CHANNEL)).toEqual({
      id: CHANNEL, address: address(), installedAt: '2026-11-25T12:00:00.000Z', lastSeen: '2026-11-25T12:00:00.000Z', status: 'active',
    });
  });

  it('refreshes the service URL on every activity', async () => {
    const { stores, tracker, clock } = setup();
    await tracker.seen(address());
    await clock.advance(5000);
    await tracker.seen(address('https://smba.trafficmanager.net/amer/'));
    expect((await stores.conversations.get(CHANNEL))?.address.serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
  });

  it('uninstall marks it removed and pauses subscriptions; seeing it again resumes them', async () => {
    const { stores, tracker } = setup();
    await tracker.installed(address());
    await stores.subscriptions.add(CHANNEL, { filter: {}, kinds: [], createdAt: 'x' }, sameFilter);
    await tracker.uninstalled(address());
    expect((await stores.conversations.get(CHANNEL))?.status).toBe('removed');
    expect((await stores.subscriptions.list(CHANNEL)).disabledReason).toMatch(/removed/);
    await tracker.installed(address());
    expect((await stores.conversations.get(CHANNEL))?.status).toBe('active');
    expect((await stores.subscriptions.list(CHANNEL)).disabledReason).toBeUndefined();
  });

  describe('a conversation seen again with the same address within a minute', () => {
    it('costs no store call; a changed address or a minute since the last check does', async () => {
      const { stores, tracker, clock, storage } = setup();
      expect(await callsOf(storage, () => tracker.seen(address()))).toBeGreaterThan(0);
      await clock.advance(SEEN_RECHECK_MS - 1);
      expect(await callsOf(storage, () => tracker.seen(address()))).toBe(0);
      expect(await callsOf(storage, () => tracker.seen(address('https://smba.trafficmanager.net/amer/')))).toBeGreaterThan(0);
      expect((await stores.conversations.get(CHANNEL))?.address.serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
      await clock.advance(SEEN_RECHECK_MS - 1);
      expect(await callsOf(storage, () => tracker.seen(address('https://smba.trafficmanager.net/amer/')))).toBe(0);
      await clock.advance(1);
      expect(await callsOf(storage, () => tracker.seen(address('https://smba.trafficmanager.net/amer/')))).toBeGreaterThan(0);
      expect((await stores.conversations.get(CHANNEL))?.lastSeen).toBe(clock.now().toISOString());
    });

    it('re-enables subscriptions a 403/404 disabled in this process at the next message, even inside the minute', async () => {
      const { stores, tracker, clock } = setup();
      await stores.subscriptions.add(CHANNEL, { filter: {}, kinds: [], createdAt: 'x' }, sameFilter);
      await tracker.seen(address());
      // What delivery does on a 403/404 from Teams.
      await stores.conversations.setStatus(CHANNEL, 'blocked', 'Teams answered 403');
      await stores.subscriptions.disable(CHANNEL, 'Teams answered 403');
      await clock.advance(1000);
      await tracker.seen(address());
      expect((await stores.subscriptions.list(CHANNEL)).disabledReason).toBeUndefined();
      expect((await stores.conversations.get(CHANNEL))?.status).toBe('active');
    });

    it('re-enables subscriptions another process disabled at the first message a minute after the last check', async () => {
      const { tracker, clock, storage } = setup();
      const otherReplica = createTellStores(storage);
      await otherReplica.subscriptions.add(CHANNEL, { filter: {}, kinds: [], createdAt: 'x' }, sameFilter);
      await tracker.seen(address());
      await otherReplica.subscriptions.disable(CHANNEL, 'Teams answered 404');
      await clock.advance(30_000);
      await tracker.seen(address());
      expect((await otherReplica.subscriptions.list(CHANNEL)).disabledReason).toBe('Teams answered 404');
      await clock.advance(SEEN_RECHECK_MS - 30_000);
      await tracker.seen(address());
      expect((await otherReplica.subscriptions.list(CHANNEL)).disabledReason).toBeUndefined();
    });

    it('checks again after an uninstall and reinstall in this process', async () => {
      const { stores, tracker, storage } = setup();
      await tracker.seen(address());
      await tracker.uninstalled(address());
      expect(await callsOf(storage, () => tracker.seen(address()))).toBeGreaterThan(0);
      expect((await stores.conversations.get(CHANNEL))?.status).toBe('active');
    });
  });
});
