import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { sameFilter } from '../../../src/clusters/cluster-filter';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import { ConversationTracker } from '../../../src/tell/conversation-tracker';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { ConversationAddress } from '../../../src/chat/conversation-address';

const CHANNEL = '19:chan@thread.tacv2';
const address = (serviceUrl = 'https://smba.trafficmanager.net/emea/'): ConversationAddress => ({
  channel: 'msteams', serviceUrl, conversationId: CHANNEL, conversationType: 'channel', tenantId: 'tenant-1', teamId: '19:team', channelId: CHANNEL, bot: { id: '28:bot', name: 'Arc' },
});

function setup() {
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  const stores = createTellStores(new MemoryStorage());
  const tracker = new ConversationTracker(stores, clock, createMemoryLogger());
  return { clock, stores, tracker };
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
});
