import type { TurnContext } from 'botbuilder';

/**
 * Runs botbuilder-dialogs for the bot: one dialog stack per user per conversation, so two people
 * can diagnose different clusters in one channel. The "Fix" feature implements it.
 */
export interface DialogHost {
  /** Continues this user's active dialog with the turn; false when there is none (or it idled out). */
  continueActive(turn: TurnContext): Promise<boolean>;
  /** Starts a dialog for this user (ending any they had). */
  start(turn: TurnContext, dialogId: string, options: Record<string, unknown>): Promise<void>;
  /** Saves dialog state at the end of the turn. */
  saveChanges(turn: TurnContext): Promise<void>;
}
