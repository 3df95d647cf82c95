import type { ConversationType } from '../../chat/command';
import type { ConversationAddress } from '../../chat/conversation-address';
import type { StoredConversation } from './conversation-store';

/**
 * A conversation record as the previous release wrote it: the raw Bot Framework conversation
 * reference plus flat copies of some of its fields. Note the two meanings of "channel id":
 * `reference.channelId` is the Bot Framework channel (`msteams`), the flat `channelId` is the Teams
 * channel of a team.
 */
export interface LegacyStoredConversation {
  id?: string;
  reference?: {
    channelId?: string;
    serviceUrl?: string;
    bot?: { id?: string; name?: string };
    conversation?: { id?: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  };
  serviceUrl?: string;
  tenantId?: string;
  conversationType?: string;
  teamId?: string;
  channelId?: string;
  botId?: string;
  installedAt?: string;
  lastSeen?: string;
  status?: string;
  statusReason?: string;
}

export type UpgradeOutcome = { conversation: StoredConversation } | { problem: string };

const STATUSES: readonly StoredConversation['status'][] = ['active', 'removed', 'blocked'];

/** Stands in for a lastSeen the record lacks: "long ago", so the next activity rewrites it. */
const UNKNOWN_LAST_SEEN = new Date(0).toISOString();

/**
 * Reads one stored conversation (the document's key is its id): a current record comes back with
 * only the fields this version knows; a previous-release record is upgraded to a ConversationAddress.
 * A record that names no service URL or bot, or has an unknown status, cannot be posted to safely:
 * it comes back as a problem for the caller to log and drop.
 */
export function upgradeStoredConversation(id: string, record: unknown): UpgradeOutcome {
  if (!record || typeof record !== 'object') return { problem: 'not an object' };
  const stored = record as LegacyStoredConversation & { address?: Partial<ConversationAddress> };
  const status = stored.status as StoredConversation['status'];
  if (!STATUSES.includes(status)) return { problem: `unknown status ${JSON.stringify(stored.status)}` };
  const address = stored.address ? checkedAddress(stored.address) : addressFromLegacy(id, stored);
  if (typeof address === 'string') return { problem: address };
  const conversation: StoredConversation = {
    id,
    address,
    lastSeen: typeof stored.lastSeen === 'string' ? stored.lastSeen : UNKNOWN_LAST_SEEN,
    status,
  };
  if (typeof stored.installedAt === 'string') conversation.installedAt = stored.installedAt;
  if (typeof stored.statusReason === 'string') conversation.statusReason = stored.statusReason;
  return { conversation };
}

/** The address of a record this version wrote, or what is missing from it. */
function checkedAddress(address: Partial<ConversationAddress>): ConversationAddress | string {
  if (!isHttpUrl(address.serviceUrl)) return 'address has no service URL';
  if (!nonEmpty(address.conversationId)) return 'address has no conversation id';
  if (!nonEmpty(address.bot?.id)) return 'address has no bot id';
  return address as ConversationAddress;
}

/** The address a previous-release record stands for, or what is missing from it. */
function addressFromLegacy(id: string, legacy: LegacyStoredConversation): ConversationAddress | string {
  const reference = legacy.reference ?? {};
  const serviceUrl = firstText(legacy.serviceUrl, reference.serviceUrl);
  if (!serviceUrl || !isHttpUrl(serviceUrl)) return 'previous-version record has no service URL';
  const botId = firstText(legacy.botId, reference.bot?.id);
  if (!botId) return 'previous-version record has no bot id';
  const address: ConversationAddress = {
    channel: firstText(reference.channelId) ?? 'msteams',
    serviceUrl,
    conversationId: id,
    conversationType: conversationTypeOf(firstText(legacy.conversationType, reference.conversation?.conversationType), reference.conversation?.isGroup),
    bot: { id: botId },
  };
  const botName = firstText(reference.bot?.name);
  if (botName) address.bot.name = botName;
  const tenantId = firstText(legacy.tenantId, reference.conversation?.tenantId);
  if (tenantId) address.tenantId = tenantId;
  const teamId = firstText(legacy.teamId);
  if (teamId) address.teamId = teamId;
  const channelId = firstText(legacy.channelId);
  if (channelId) address.channelId = channelId;
  return address;
}

/** Same reading as the channel edge: Teams' conversationType, else isGroup tells a group chat from a 1:1 chat. */
function conversationTypeOf(type: string | undefined, isGroup: boolean | undefined): ConversationType {
  const effective = type ?? (isGroup ? 'groupChat' : 'personal');
  return effective === 'channel' ? 'channel' : effective === 'groupChat' ? 'groupChat' : 'personal';
}

function firstText(...values: unknown[]): string | undefined {
  return values.find(nonEmpty) as string | undefined;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
