import type { ConversationAddress } from '../chat/conversation-address';
import type { ConversationEvents } from '../chat/conversation-events';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { TellStores } from './stores/tell-stores';

/**
 * Keeps conversation addresses durable for proactive alerts: captured on install, refreshed on
 * every activity (the service URL can change), marked removed on uninstall. Seeing a conversation
 * again re-enables subscriptions that a 403/404 had disabled.
 */
export class ConversationTracker implements ConversationEvents {
  constructor(private readonly stores: TellStores, private readonly clock: Clock, private readonly logger: Logger) {}

  async seen(address: ConversationAddress): Promise<void> {
    await this.stores.conversations.upsert(this.entry(address), false);
    await this.stores.subscriptions.enable(address.conversationId);
  }

  async installed(address: ConversationAddress): Promise<void> {
    await this.stores.conversations.upsert(this.entry(address), true);
    await this.stores.subscriptions.enable(address.conversationId);
    this.logger.info('bot installed in conversation', { conversationId: address.conversationId, conversationType: address.conversationType });
  }

  async uninstalled(address: ConversationAddress): Promise<void> {
    await this.stores.conversations.setStatus(address.conversationId, 'removed', 'uninstalled');
    await this.stores.subscriptions.disable(address.conversationId, 'the bot was removed from this conversation');
    this.logger.info('bot removed from conversation: alerts stopped', { conversationId: address.conversationId });
  }

  private entry(address: ConversationAddress) {
    return { id: address.conversationId, address, lastSeen: this.clock.now().toISOString() };
  }
}
