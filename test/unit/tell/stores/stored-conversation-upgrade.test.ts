import { upgradeStoredConversation } from '../../../../src/tell/stores/stored-conversation-upgrade';
import { LEGACY_CHANNEL, legacyChannelRecord } from './legacy-conversation';

const CHANNEL = LEGACY_CHANNEL;
const legacyChannel = legacyChannelRecord;

describe('upgradeStoredConversation', () => {
  it('turns a previous-release channel record into an address, keeping its state', () => {
    expect(upgradeStoredConversation(CHANNEL, legacyChannel())).toEqual({
      conversation: {
        id: CHANNEL,
        address: {
          channel: 'msteams',
          serviceUrl: 'https://smba.trafficmanager.net/emea/',
          conversationId: CHANNEL,
          conversationType: 'channel',
          tenantId: 'tenant-1',
          teamId: '19:team@thread.tacv2',
          channelId: CHANNEL,
          bot: { id: '28:bot', name: 'Arc' },
        },
        installedAt: '2026-10-01T08:00:00.000Z',
        lastSeen: '2026-11-20T09:30:00.000Z',
        status: 'active',
      },
    });
  });

  it('reads everything from the reference when the flat copies are missing', () => {
    const outcome = upgradeStoredConversation('a:1xyz', {
      reference: {
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/amer/',
        bot: { id: '28:bot', name: '' },
        conversation: { id: 'a:1xyz', tenantId: 'tenant-2', isGroup: false },
      },
      lastSeen: '2026-11-20T09:30:00.000Z',
      status: 'removed',
      statusReason: 'uninstalled',
    });
    expect(outcome).toEqual({
      conversation: {
        id: 'a:1xyz',
        address: {
          channel: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/amer/', conversationId: 'a:1xyz',
          conversationType: 'personal', tenantId: 'tenant-2', bot: { id: '28:bot' },
        },
        lastSeen: '2026-11-20T09:30:00.000Z',
        status: 'removed',
        statusReason: 'uninstalled',
      },
    });
  });

  it('tells a group chat from a 1:1 chat by isGroup when the type is missing', () => {
    const record = { ...legacyChannel(), conversationType: undefined, teamId: undefined, channelId: undefined };
    record.reference.conversation = { id: '19:group@thread.v2', isGroup: true, tenantId: 't', conversationType: undefined as unknown as string };
    const outcome = upgradeStoredConversation('19:group@thread.v2', record);
    expect('conversation' in outcome && outcome.conversation.address.conversationType).toBe('groupChat');
  });

  it('prefers the flat service URL, which the previous release refreshed on every activity', () => {
    const record = { ...legacyChannel(), serviceUrl: 'https://smba.trafficmanager.net/apac/' };
    const outcome = upgradeStoredConversation(CHANNEL, record);
    expect('conversation' in outcome && outcome.conversation.address.serviceUrl).toBe('https://smba.trafficmanager.net/apac/');
  });

  it('keeps a current record, without fields this version does not know', () => {
    const { conversation } = upgradeStoredConversation(CHANNEL, legacyChannel()) as { conversation: object };
    const withLeftovers = { ...conversation, reference: { stale: true }, botId: 'old' };
    expect(upgradeStoredConversation(CHANNEL, withLeftovers)).toEqual({ conversation });
  });

  it.each([
    ['no service URL anywhere', { ...legacyChannel(), serviceUrl: undefined, reference: { ...legacyChannel().reference, serviceUrl: undefined } }, /service URL/],
    ['a service URL that is not one', { ...legacyChannel(), serviceUrl: 'smba', reference: { ...legacyChannel().reference, serviceUrl: 'smba' } }, /service URL/],
    ['no bot id anywhere', { ...legacyChannel(), botId: undefined, reference: { ...legacyChannel().reference, bot: {} } }, /bot id/],
    ['an unknown status', { ...legacyChannel(), status: 'paused' }, /status/],
    ['a current record without a bot id', { id: CHANNEL, address: { serviceUrl: 'https://x/', conversationId: CHANNEL, bot: {} }, lastSeen: '', status: 'active' }, /bot id/],
    ['not an object', 'garbage', /object/],
  ])('cannot upgrade a record with %s', (_case, record, problem) => {
    const outcome = upgradeStoredConversation(CHANNEL, record);
    expect(outcome).toEqual({ problem: expect.stringMatching(problem) });
  });
});
