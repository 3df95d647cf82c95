import type { CardView } from '../cards/card-catalogue';

/**
 * A message in the bot's own terms. `text` is always a readable plain-text version (channels
 * without cards, card fallback, notification summary); `view` names the card to show, which the
 * channel edge renders.
 */
export interface Message {
  text: string;
  view?: CardView;
  /** A line added under the card (and the text), e.g. that this alert may be a repeat. */
  note?: string;
}

/** What a command returns: a value, not a side effect. */
export interface MessageReply extends Message {
  kind: 'message';
}

/** Asks the channel edge to start a dialog for this user in this conversation. */
export interface StartDialogReply {
  kind: 'startDialog';
  dialogId: string;
  options: Record<string, unknown>;
}

export type Reply = MessageReply | StartDialogReply;

export function textReply(text: string): MessageReply {
  return { kind: 'message', text };
}

export function cardReply(view: CardView, text: string): MessageReply {
  return { kind: 'message', text, view };
}
