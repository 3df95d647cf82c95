import { MemoryStorage } from 'botbuilder';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { sameFilter } from '../../../src/tell/cluster-filter';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import { StoredConversationEvents } from '../../../src/tell/conversation-tracker';

const reference = (serviceUrl = 'https://smba.trafficmanager.net/emea/') => ({
  activityId: 'msg-1',
  channelId: 'msteams',
  serviceUrl,
  bot: { id: '28:bot', name: 'Arc' },
  user: { id: '29:user', name: 'Ada' },
  conversation: { id: '19:chan@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1', isGroup: true, name: '' },
});

function setup() {
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  const stores = createTellStores(new MemoryStorage());
  const events = new StoredConversationEvents(stores, clock, createMemoryLogger());
  return { clock, stores, events };
}

describe('StoredConversationEvents', () => {
  it('stores a schema-neutral reference on install (no per-message activity id)', async () => {
    const { stores, events } = setup();
    await events.installed(reference(), { teamId: '19:team', channelId: '19:chan@thread.tacv2' });
    const stored = await stores.conversations.get('19:chan@thread.tacv2');
    expect(stored).toMatchObject({
      serviceUrl: 'https://smba.trafficmanager.net/emea/', tenantId: 'tenant-1', conversationType: 'channel', teamId: '19:team', botId: '28:bot',
      installedAt: '2026-11-25T12:00:00.000Z', status: 'active',
    });
    expect(stored!.reference.activityId).toBeUndefined();
    expect(stored!.reference.conversation).toMatchObject({ id: '19:chan@thread.tacv2' });
  });

  it('refreshes the serviceUrl on every activity', async () => {
    const { stores, events, clock } = setup();
    await events.seen(reference(), {});
    await clock.advance(5000);
    await events.seen(reference('https://smba.trafficmanager.net/amer/'), {});
    expect((await stores.conversations.get('19:chan@thread.tacv2'))?.serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
  });

  it('uninstall marks it removed and pauses subscriptions; seeing it again resumes them', async () => {
    const { stores, events } = setup();
    await events.installed(reference(), {});
    await stores.subscriptions.add('19:chan@thread.tacv2', { filter: { type: 'all' }, kinds: [], createdAt: 'x' }, sameFilter);
    await events.uninstalled(reference());
    expect((await stores.conversations.get('19:chan@thread.tacv2'))?.status).toBe('removed');
    expect((await stores.subscriptions.list('19:chan@thread.tacv2')).disabledReason).toMatch(/removed/);
    await events.installed(reference(), {});
    expect((await stores.conversations.get('19:chan@thread.tacv2'))?.status).toBe('active');
    expect((await stores.subscriptions.list('19:chan@thread.tacv2')).disabledReason).toBeUndefined();
  });

  it('keys a channel by the channel, not the thread a message was typed in', async () => {
    const { stores, events } = setup();
    const inThread = { ...reference(), conversation: { ...reference().conversation, id: '19:chan@thread.tacv2;messageid=1700000000000' } };
    await events.seen(inThread, {});
    const stored = await stores.conversations.get('19:chan@thread.tacv2');
    expect((stored!.reference.conversation as { id: string }).id).toBe('19:chan@thread.tacv2');
  });

  it('ignores activities without a conversation', async () => {
    const { stores, events } = setup();
    await events.seen({}, {});
    expect(await stores.conversations.all()).toEqual([]);
  });
});
