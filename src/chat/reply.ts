import type { CardView } from '../cards/card-catalogue';
import { plainTextOf, type TextSegment } from './text';

/**
 * A message in the bot's own terms. `text` is always a readable plain-text version (channels
 * without cards, card fallback, notification summary); `view` names the card to show, which the
 * channel edge renders.
 */
export interface Message {
  text: string;
  /**
   * The text as prose, code and data (src/chat/text.ts), for channels that format text; when absent,
   * `text` is the bot's own words with `backticked` code. `text` is always its plain version.
   */
  segments?: TextSegment[];
  view?: CardView;
  /** A line added under the card (and the text), e.g. that this alert may be a repeat. */
  note?: string;
}

/** What a command returns: a value, not a side effect. */
export interface MessageReply extends Message {
  kind: 'message';
  /**
   * A refusal: answering a button that updates cards in place (Action.Execute), it is shown to the
   * clicker alone instead of being posted for everyone.
   */
  onlyToClicker?: boolean;
}

/** Asks the channel edge to start a dialog for this user in this conversation. */
export interface StartDialogReply {
  kind: 'startDialog';
  dialogId: string;
  options: Record<string, unknown>;
}

export type Reply = MessageReply | StartDialogReply;

/** A text reply: a plain string of the bot's own words, or segments built with says`` when it shows data. */
export function textReply(text: string | TextSegment[]): MessageReply {
  return typeof text === 'string' ? { kind: 'message', text } : { kind: 'message', text: plainTextOf(text), segments: text };
}

export function cardReply(view: CardView, text: string): MessageReply {
  return { kind: 'message', text, view };
}
