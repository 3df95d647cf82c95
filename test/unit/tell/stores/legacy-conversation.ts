/** The channel every legacy-record test uses. */
export const LEGACY_CHANNEL = '19:chan@thread.tacv2';

/** A Teams channel conversation exactly as the previous release stored it: a raw Bot Framework reference plus flat fields. */
export const legacyChannelRecord = () => ({
  id: LEGACY_CHANNEL,
  reference: {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    bot: { id: '28:bot', name: 'Arc' },
    conversation: { id: LEGACY_CHANNEL, conversationType: 'channel', tenantId: 'tenant-1', isGroup: true },
  },
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  tenantId: 'tenant-1',
  conversationType: 'channel',
  teamId: '19:team@thread.tacv2',
  channelId: LEGACY_CHANNEL,
  botId: '28:bot',
  installedAt: '2026-10-01T08:00:00.000Z',
  lastSeen: '2026-11-20T09:30:00.000Z',
  status: 'active',
});
