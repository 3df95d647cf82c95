import type { AdaptiveCard } from '../cards/adaptive-card';

/**
 * What a command returns: a value, not a side effect. `text` is always a readable plain-text
 * version (used where cards are not rendered, and in logs/tests); `card` is the rich form.
 */
export interface Message {
  text: string;
  card?: AdaptiveCard;
}

export interface MessageReply extends Message {
  kind: 'message';
}

/** Asks the bot to start a dialog (botbuilder-dialogs) for this user in this conversation. */
export interface StartDialogReply {
  kind: 'startDialog';
  dialogId: string;
  options: Record<string, unknown>;
}

export type Reply = MessageReply | StartDialogReply;

export function textReply(text: string): MessageReply {
  return { kind: 'message', text };
}

export function cardReply(card: AdaptiveCard, text: string): MessageReply {
  return { kind: 'message', text, card: { ...card, fallbackText: card.fallbackText ?? text } };
}
