import type { ConversationAddress } from '../chat/conversation-address';
import type { ConversationEvents } from '../chat/conversation-events';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { TellStores } from './stores/tell-stores';

/**
 * How long a conversation seen with an unchanged address needs no store call: the conversation
 * store keeps `lastSeen` to the minute anyway (it skips writes that only move it by less), so
 * within a minute a message has nothing to record.
 */
export const SEEN_RECHECK_MS = 60_000;
/** Conversations remembered as checked at most; the oldest check is forgotten first (a forgotten one is just checked again). */
const MAX_REMEMBERED = 10_000;

/**
 * Keeps conversation addresses durable for proactive alerts: captured on install, refreshed on
 * every activity (the service URL can change), marked removed on uninstall. Seeing a conversation
 * again re-enables subscriptions that a 403/404 had disabled.
 *
 * A conversation checked less than SEEN_RECHECK_MS ago with the same address is not read or
 * written again. Disables and status changes made in this process (uninstall, a 403/404 from
 * delivery) end that short-cut at once. One made by another process (a second replica) is undone
 * by the first message after the minute since this process last checked the conversation.
 */
export class ConversationTracker implements ConversationEvents {
  private readonly checked = new Map<string, { address: string; at: number; epoch: number }>();

  constructor(private readonly stores: TellStores, private readonly clock: Clock, private readonly logger: Logger) {}

  async seen(address: ConversationAddress): Promise<void> {
    const now = this.clock.now().getTime();
    const key = JSON.stringify(address);
    const last = this.checked.get(address.conversationId);
    if (last && last.address === key && last.epoch === this.epoch() && now - last.at < SEEN_RECHECK_MS && now >= last.at) return;
    const epoch = this.epoch();
    await this.stores.conversations.upsert(this.entry(address), false);
    await this.stores.subscriptions.enable(address.conversationId);
    this.remember(address.conversationId, key, now, epoch);
  }

  async installed(address: ConversationAddress): Promise<void> {
    this.checked.delete(address.conversationId);
    await this.stores.conversations.upsert(this.entry(address), true);
    await this.stores.subscriptions.enable(address.conversationId);
    this.logger.info('bot installed in conversation', { conversationId: address.conversationId, conversationType: address.conversationType });
  }

  async uninstalled(address: ConversationAddress): Promise<void> {
    this.checked.delete(address.conversationId);
    await this.stores.conversations.setStatus(address.conversationId, 'removed', 'uninstalled');
    await this.stores.subscriptions.disable(address.conversationId, 'the bot was removed from this conversation');
    this.logger.info('bot removed from conversation: alerts stopped', { conversationId: address.conversationId });
  }

  private entry(address: ConversationAddress) {
    return { id: address.conversationId, address, lastSeen: this.clock.now().toISOString() };
  }

  /** Changes in this process that a "checked" entry must not outlive. */
  private epoch(): number {
    return this.stores.conversations.statusChanges + this.stores.subscriptions.disables;
  }

  private remember(conversationId: string, address: string, at: number, epoch: number): void {
    this.checked.delete(conversationId);
    if (this.checked.size >= MAX_REMEMBERED) this.checked.delete(this.checked.keys().next().value!);
    this.checked.set(conversationId, { address, at, epoch });
  }
}
