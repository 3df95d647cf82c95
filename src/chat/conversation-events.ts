import type { ConversationAddress } from './conversation-address';

/**
 * What the channel edge reports about conversations so proactive alerts can reach them later:
 * capture on install, refresh on every activity (the service URL can change), drop on uninstall
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
 * The Tell feature implements it.
 */
export interface ConversationEvents {
  /** Every incoming activity (messages, card clicks, installs): refresh the stored address. */
  seen(address: ConversationAddress): Promise<void>;
  /** installationUpdate add / conversationUpdate with the bot in membersAdded. */
  installed(address: ConversationAddress): Promise<void>;
  /** installationUpdate remove / conversationUpdate with the bot in membersRemoved. */
  uninstalled(address: ConversationAddress): Promise<void>;
}
