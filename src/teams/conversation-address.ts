import type { Activity, ConversationReference } from 'botbuilder';
import type { ConversationType } from '../chat/command';
import type { ConversationAddress } from '../chat/conversation-address';
import { conversationKey } from './conversation-key';

interface TeamsChannelData {
  team?: { id?: string };
  channel?: { id?: string };
  tenant?: { id?: string };
}

/** Teams' conversationType, with group chats told apart from 1:1 chats when the field is missing. */
export function conversationTypeOf(activity: Partial<Activity>): ConversationType {
  const type = activity.conversation?.conversationType ?? (activity.conversation?.isGroup ? 'groupChat' : 'personal');
  return type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
}

/**
 * The tenant of an activity: `conversation.tenantId`, else `channelData.tenant.id`
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-basics).
 */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  return activity.conversation?.tenantId ?? data.tenant?.id;
}

/** The bot's own address of the conversation an activity came from; undefined without an id or service URL. */
export function addressOf(activity: Partial<Activity>): ConversationAddress | undefined {
  const id = activity.conversation?.id;
  if (typeof id !== 'string' || !id || typeof activity.serviceUrl !== 'string' || !activity.recipient?.id) return undefined;
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const address: ConversationAddress = {
    channel: activity.channelId ?? 'msteams',
    serviceUrl: activity.serviceUrl,
    conversationId: conversationKey(id),
    conversationType: conversationTypeOf(activity),
    bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
  };
  const tenantId = tenantOf(activity);
  if (tenantId) address.tenantId = tenantId;
  if (data.team?.id) address.teamId = data.team.id;
  if (data.channel?.id) address.channelId = data.channel.id;
  return address;
}

/**
 * The SDK reference that continues a conversation at its address. It carries no activity id, so a
 * send to a channel starts a new post instead of replying in the thread the address was seen in
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
 */
export function referenceTo(address: ConversationAddress): Partial<ConversationReference> {
  return {
    channelId: address.channel,
    serviceUrl: address.serviceUrl,
    bot: { id: address.bot.id, name: address.bot.name ?? '' },
    conversation: {
      id: address.conversationId,
      conversationType: address.conversationType,
      isGroup: address.conversationType !== 'personal',
      tenantId: address.tenantId,
      name: '',
    },
  };
}
