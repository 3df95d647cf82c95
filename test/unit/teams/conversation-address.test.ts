import type { Activity } from 'botbuilder';
import { addressOf, referenceTo } from '../../../src/teams/conversation-address';

const channelMessage = (): Partial<Activity> => ({
  type: 'message',
  id: 'msg-1',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  recipient: { id: '28:bot', name: 'Arc' },
  from: { id: '29:user', name: 'Ada' },
  conversation: { id: '19:chan@thread.tacv2;messageid=1700000000000', conversationType: 'channel', isGroup: true, name: '' },
  channelData: { tenant: { id: 'tenant-1' }, team: { id: '19:team' }, channel: { id: '19:chan@thread.tacv2' } },
});

describe('conversation addresses at the channel edge', () => {
  it('keys a channel by the channel, not the thread the message was typed in, and reads the tenant from channelData', () => {
    expect(addressOf(channelMessage())).toEqual({
      channel: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversationId: '19:chan@thread.tacv2',
      conversationType: 'channel',
      tenantId: 'tenant-1',
      teamId: '19:team',
      channelId: '19:chan@thread.tacv2',
      bot: { id: '28:bot', name: 'Arc' },
    });
  });

  it('prefers conversation.tenantId and tells a group chat from a 1:1 chat', () => {
    const groupChat = { ...channelMessage(), conversation: { id: '19:group@thread.v2', isGroup: true, tenantId: 'tenant-2', name: '' }, channelData: {} } as Partial<Activity>;
    expect(addressOf(groupChat)).toMatchObject({ conversationType: 'groupChat', tenantId: 'tenant-2', conversationId: '19:group@thread.v2' });
    const personal = { ...groupChat, conversation: { id: 'a:1', name: '' } } as Partial<Activity>;
    expect(addressOf(personal)).toMatchObject({ conversationType: 'personal' });
    expect(addressOf(personal)!.tenantId).toBeUndefined();
  });

  it('has no address for an activity without a conversation id, service URL or recipient', () => {
    expect(addressOf({})).toBeUndefined();
    expect(addressOf({ ...channelMessage(), serviceUrl: undefined })).toBeUndefined();
    expect(addressOf({ ...channelMessage(), recipient: undefined })).toBeUndefined();
  });

  it('turns an address into a reference with no activity id, so a channel send starts a new post', () => {
    const reference = referenceTo(addressOf(channelMessage())!);
    expect(reference).toEqual({
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      bot: { id: '28:bot', name: 'Arc' },
      conversation: { id: '19:chan@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: 'tenant-1', name: '' },
    });
    expect('activityId' in reference).toBe(false);
  });
});
