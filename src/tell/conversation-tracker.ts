import type { ConversationReference } from 'botbuilder';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { conversationKey } from './conversation-key';
import type { StoredConversation, TellStores } from './stores/tell-stores';
import type { ConversationEvents } from '../chat/conversation-events';

/**
 * Keeps conversation references durable for proactive alerts (teams-platform.md §3b/§5.1): captured
 * on install, refreshed on every activity (the serviceUrl can change), marked removed on uninstall.
 * Seeing a conversation again re-enables subscriptions that a 403/404 had disabled.
 */
export class StoredConversationEvents implements ConversationEvents {
  constructor(private readonly stores: TellStores, private readonly clock: Clock, private readonly logger: Logger) {}

  async seen(reference: Partial<ConversationReference>, info: { teamId?: string; channelId?: string }): Promise<void> {
    const entry = this.toStored(reference, info);
    if (!entry) return;
    await this.stores.conversations.upsert(entry, false);
    await this.stores.subscriptions.enable(entry.id);
  }

  async installed(reference: Partial<ConversationReference>, info: { teamId?: string; channelId?: string }): Promise<void> {
    const entry = this.toStored(reference, info);
    if (!entry) return;
    await this.stores.conversations.upsert(entry, true);
    await this.stores.subscriptions.enable(entry.id);
    this.logger.info('bot installed in conversation', { conversationId: entry.id, conversationType: entry.conversationType });
  }

  async uninstalled(reference: Partial<ConversationReference>): Promise<void> {
    const id = reference.conversation?.id ? conversationKey(reference.conversation.id) : undefined;
    if (!id) return;
    await this.stores.conversations.setStatus(id, 'removed', 'uninstalled');
    await this.stores.subscriptions.disable(id, 'the bot was removed from this conversation');
    this.logger.info('bot removed from conversation: alerts stopped', { conversationId: id });
  }

  private toStored(reference: Partial<ConversationReference>, info: { teamId?: string; channelId?: string }): Omit<StoredConversation, 'status' | 'installedAt'> | undefined {
    const id = reference.conversation?.id ? conversationKey(reference.conversation.id) : undefined;
    if (!id) return undefined;
    const conversation = reference.conversation as { conversationType?: string; tenantId?: string } | undefined;
    // The activity id is per message; a stored reference must not carry it (it would make replies threaded).
    const { activityId: _drop, ...stable } = reference;
    const stored = JSON.parse(JSON.stringify(stable)) as Record<string, unknown> & { conversation?: { id?: string } };
    if (stored.conversation) stored.conversation.id = id;
    const entry: Omit<StoredConversation, 'status' | 'installedAt'> = {
      id,
      reference: stored,
      lastSeen: this.clock.now().toISOString(),
    };
    if (reference.serviceUrl) entry.serviceUrl = reference.serviceUrl;
    if (conversation?.tenantId) entry.tenantId = conversation.tenantId;
    if (conversation?.conversationType) entry.conversationType = conversation.conversationType;
    if (info.teamId) entry.teamId = info.teamId;
    if (info.channelId) entry.channelId = info.channelId;
    if (reference.bot?.id) entry.botId = reference.bot.id;
    return entry;
  }
}
