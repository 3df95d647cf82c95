import type { ConversationAddress } from './conversation-address';
import type { Message } from './reply';

/**
 * Posts into a conversation the bot is not currently answering (alerts). The channel edge
 * implements it (src/teams/proactive-sender.ts); tests use fakes. A failure throws a
 * `DeliveryError` carrying the connector's HTTP status and Retry-After.
 */
export interface ProactiveSender {
  /** Posts a new message; resolves with the activity id the channel assigned (needed to update it later). */
  send(address: ConversationAddress, message: Message): Promise<{ activityId?: string }>;
  /** Replaces an earlier message in place. */
  update(address: ConversationAddress, activityId: string, message: Message): Promise<void>;
}

/** A failed send/update as the sender saw it: HTTP status from the connector, and Retry-After when given. */
export class DeliveryError extends Error {
  constructor(message: string, readonly statusCode?: number, readonly retryAfterMs?: number, readonly code?: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}
