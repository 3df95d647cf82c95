import type { ConversationReference } from 'botbuilder';

/**
 * Hooks the bot calls so proactive messaging can keep durable conversation references
 * (teams-platform.md §3b: capture on install, refresh on every activity, drop on uninstall).
 * The "Tell" feature implements it; the default does nothing.
 */
export interface ConversationEvents {
  /** Every incoming activity (messages, card clicks, installs): refresh the stored reference. */
  seen(reference: Partial<ConversationReference>, info: { teamId?: string; channelId?: string }): Promise<void>;
  /** installationUpdate add / conversationUpdate with the bot in membersAdded. */
  installed(reference: Partial<ConversationReference>, info: { teamId?: string; channelId?: string }): Promise<void>;
  /** installationUpdate remove / conversationUpdate with the bot in membersRemoved. */
  uninstalled(reference: Partial<ConversationReference>): Promise<void>;
}

export const noConversationEvents: ConversationEvents = {
  async seen() {},
  async installed() {},
  async uninstalled() {},
};
