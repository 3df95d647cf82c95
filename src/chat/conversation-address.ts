import type { ConversationType } from './command';

/**
 * Where a conversation lives, in the bot's own terms: what storage keeps for proactive alerts.
 * The channel edge (src/teams) builds it from an incoming activity and turns it back into the SDK's
 * conversation reference to send, so no stored record depends on botbuilder's types.
 */
export interface ConversationAddress {
  /** The Bot Framework channel, e.g. `msteams`. */
  channel: string;
  /** The connector endpoint of the conversation's region; it can change, so every activity refreshes it. */
  serviceUrl: string;
  /** The conversation id without a `;messageid=` suffix: a send to it starts a new post, not a reply. */
  conversationId: string;
  conversationType: ConversationType;
  tenantId?: string;
  /** Teams team and channel ids (channel conversations only). */
  teamId?: string;
  channelId?: string;
  bot: { id: string; name?: string };
}
