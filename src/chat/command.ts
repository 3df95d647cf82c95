import type { Reply } from './reply';

export type ConversationType = 'personal' | 'groupChat' | 'channel';

/** What a command knows about where it was asked; platform-neutral (no botbuilder types). */
export interface CommandContext {
  conversation: { id: string; type: ConversationType; tenantId?: string; teamId?: string; channelId?: string };
  /** `role`: the Teams role when the edge looked it up (guests are told apart by it). */
  user: { id: string; name?: string; aadObjectId?: string; role?: 'user' | 'guest' };
  /** Correlation id of this turn, for logs and user-visible error references. */
  correlationId: string;
  /**
   * Set when a button on a card asked for this. `replacesCard`: the first card replied replaces
   * the card the button is on (for everyone in the conversation) instead of being posted below it.
   */
  cardAction?: { replacesCard: boolean };
}

export interface CommandDefinition {
  /** The command word users type, e.g. "status". */
  name: string;
  aliases?: string[];
  /** One-line usage, e.g. "status <cluster>". */
  usage: string;
  description: string;
  examples: string[];
  /** Shown in the Teams manifest command list when true (max 10 per scope there). */
  inManifest?: boolean;
  /** Sent by card buttons, not typed: left out of help and of "closest commands". */
  hidden?: boolean;
  /** Changes alerting or shows the audit trail: only operators when OPERATOR_IDS is set. */
  requiresOperator?: boolean;
  handle(args: string, ctx: CommandContext): Promise<Reply | Reply[]>;
}

/**
 * Tried when nothing else understood a message (e.g. a bare cluster name, or a sentence naming
 * one): answers, or undefined to let the next one try.
 */
export interface FallbackHandler {
  name: string;
  handle(text: string, ctx: CommandContext): Promise<Reply | Reply[] | undefined>;
}

/** Recognises pasted text that is not a command (kubectl output, AZK8S errors, probe output). */
export interface FreeTextHandler {
  name: string;
  canHandle(text: string): boolean;
  handle(text: string, ctx: CommandContext): Promise<Reply | Reply[]>;
}
