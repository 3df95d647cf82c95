import { PrivateConversationState, type StatePropertyAccessor, type Storage, type TurnContext } from 'botbuilder';
import type { Dialog, DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import type { ProactiveSender } from '../chat/proactive-port';
import type { Message } from '../chat/reply';
import type { Clock } from '../core/clock';
import { silentLogger, type Logger } from '../core/logger';
import { addressOf } from './conversation-address';
import { DialogDeadlines, LIVE_CARD_KEY, type DialogDeadline, type LiveCard } from './dialog-deadlines';
import type { DialogHost } from './dialog-host';

export interface StorageDialogHostOptions {
  /** The bot's Storage: dialog state lives there, so it survives restarts and is shared by replicas. */
  storage: Storage;
  /**
   * Builds the dialogs the first time one is needed (a `diagnose`, or a turn of a dialog stored
   * before a restart): botbuilder-dialogs and its recognizers stay unloaded until then (about
   * 36 MB and 200 ms of start-up that most conversations never use).
   */
  loadDialogs: () => Promise<Dialog[]>;
  clock: Clock;
  logger?: Logger;
  /** `DIALOG_IDLE_TIMEOUT_MINUTES`: a dialog nobody answered for this long ends. */
  idleTimeoutMs: number;
  /**
   * Turning a timed-out dialog's live card off (its buttons gone, one line and a way to start
   * again): by expireDue() when the deadline passes, or on the user's next turn, whichever is first.
   */
  timeouts?: {
    sender: Pick<ProactiveSender, 'update'>;
    /** What the card turns into; `at` is when the dialog timed out. */
    reply: (subject: string | undefined, at: Date) => Message;
  };
}

/** Tries to turn a timed-out card off when the connector could not be reached, before giving up. */
const MAX_TURN_OFF_ATTEMPTS = 5;

/**
 * DialogHost over botbuilder Storage. State is PrivateConversationState, keyed by channel +
 * conversation + user, so two people can run dialogs in one channel at once. A step that throws
 * clears that user's dialog and says so; it never traps the user. Steps are pure and fast (no
 * network), so replies to card clicks stay well inside Teams' 5-second window.
 */
export class StorageDialogHost implements DialogHost {
  private readonly state: PrivateConversationState;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly lastActiveAt: StatePropertyAccessor<string | undefined>;
  private dialogs: Promise<{ set: DialogSet; waiting: DialogTurnStatus; empty: DialogTurnStatus }> | undefined;
  private readonly idleTimeoutMs: number;
  private readonly logger: Logger;
  private readonly deadlines: DialogDeadlines;

  constructor(private readonly options: StorageDialogHostOptions) {
    this.deadlines = new DialogDeadlines(options.storage);
    this.state = new PrivateConversationState(options.storage);
    this.dialogState = this.state.createProperty<DialogState>('dialogState');
    this.lastActiveAt = this.state.createProperty<string | undefined>('dialogLastActiveAt');
    this.idleTimeoutMs = options.idleTimeoutMs;
    this.logger = options.logger ?? silentLogger;
  }

  async continueActive(turn: TurnContext): Promise<boolean> {
    const stack = (await this.dialogState.get(turn))?.dialogStack;
    if (!stack?.length) return false;
    const last = await this.lastActiveAt.get(turn);
    const now = this.options.clock.now().getTime();
    if (last && now - Date.parse(last) >= this.idleTimeoutMs) {
      // Idle: the caller treats this message as a new command; the dialog's card says it timed out.
      this.logger.info('dialog idle timeout', { dialogId: stack[0]?.id, idleMs: now - Date.parse(last) });
      await this.clear(turn);
      const entry = this.options.timeouts ? await this.deadlines.take(deadlineId(turn)) : undefined;
      if (entry) await this.turnOff(deadlineId(turn), entry);
      return false;
    }
    try {
      const { set, empty } = await this.loaded();
      const dc = await set.createContext(turn);
      const result = await dc.continueDialog();
      if (result.status === empty) return false;
      await this.afterStep(turn, result.status, stack[0]?.id);
      return true;
    } catch (error) {
      await this.fail(turn, error, stack[0]?.id);
      return true;
    }
  }

  async start(turn: TurnContext, dialogId: string, options: Record<string, unknown>): Promise<void> {
    try {
      const dc = await (await this.loaded()).set.createContext(turn);
      await dc.cancelAllDialogs();
      const result = await dc.beginDialog(dialogId, options);
      await this.afterStep(turn, result.status, dialogId);
    } catch (error) {
      await this.fail(turn, error, dialogId);
    }
  }

  async saveChanges(turn: TurnContext): Promise<void> {
    await this.state.saveChanges(turn);
  }

  /** botbuilder-dialogs and the dialogs, loaded once, on first use. */
  private loaded(): Promise<{ set: DialogSet; waiting: DialogTurnStatus; empty: DialogTurnStatus }> {
    if (!this.dialogs) {
      this.dialogs = (async () => {
        const { DialogSet, DialogTurnStatus } = await import('botbuilder-dialogs');
        const set = new DialogSet(this.dialogState);
        for (const d of await this.options.loadDialogs()) set.add(d);
        return { set, waiting: DialogTurnStatus.waiting, empty: DialogTurnStatus.empty };
      })();
      this.dialogs.catch(() => { this.dialogs = undefined; }); // a failed load is tried again next time
    }
    return this.dialogs;
  }

  /**
   * Turns off the live card of every dialog whose deadline has passed (the leader runs this
   * periodically, so it happens whether or not the user comes back, and after a restart).
   */
  async expireDue(): Promise<number> {
    if (!this.options.timeouts) return 0;
    let turnedOff = 0;
    for (const id of await this.deadlines.due(this.options.clock.now())) {
      const entry = await this.deadlines.take(id);
      if (entry && (await this.turnOff(id, entry))) turnedOff++;
    }
    return turnedOff;
  }

  private async afterStep(turn: TurnContext, status: DialogTurnStatus, dialogId?: string): Promise<void> {
    const now = this.options.clock.now();
    const waiting = status === (await this.loaded()).waiting;
    if (waiting) await this.lastActiveAt.set(turn, now.toISOString());
    else await this.lastActiveAt.delete(turn);
    // Save now as well as at the end of the turn, so a crash after the reply cannot lose the step.
    await this.state.saveChanges(turn);
    await this.recordDeadline(turn, waiting ? dialogId : undefined, now);
  }

  /** Keeps the waiting dialog's deadline (and its live card) where the sweep finds it; removes it when the dialog ended. */
  private async recordDeadline(turn: TurnContext, waitingDialogId: string | undefined, now: Date): Promise<void> {
    const address = addressOf(turn.activity);
    if (!this.options.timeouts || !address) return;
    if (!waitingDialogId) {
      await this.deadlines.take(deadlineId(turn));
      return;
    }
    const card = (await this.dialogState.get(turn))?.dialogStack?.[0]?.state?.[LIVE_CARD_KEY] as LiveCard | undefined;
    const deadline = new Date(now.getTime() + this.idleTimeoutMs).toISOString();
    await this.deadlines.set(deadlineId(turn), { address, dialogId: waitingDialogId, deadline, ...(card ? { card } : {}) });
  }

  /** Replaces a timed-out dialog's live card; a failure to reach the connector is tried again by a later sweep. */
  private async turnOff(id: string, entry: DialogDeadline): Promise<boolean> {
    const { timeouts } = this.options;
    if (!timeouts || !entry.card) return false;
    try {
      await timeouts.sender.update(entry.address, entry.card.activityId, timeouts.reply(entry.card.subject, new Date(entry.deadline)));
      this.logger.info('dialog timed out: card turned off', { dialogId: entry.dialogId, conversationId: entry.address.conversationId });
      return true;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      const retry = (status === undefined || status === 429 || status >= 500) && (entry.attempts ?? 0) + 1 < MAX_TURN_OFF_ATTEMPTS;
      this.logger.warn('could not turn a timed-out dialog card off', { dialogId: entry.dialogId, statusCode: status, retry, error: error instanceof Error ? error : new Error(String(error)) });
      if (retry) await this.deadlines.restore(id, { ...entry, attempts: (entry.attempts ?? 0) + 1 });
      return false;
    }
  }

  private async clear(turn: TurnContext): Promise<void> {
    await this.dialogState.delete(turn);
    await this.lastActiveAt.delete(turn);
    await this.state.saveChanges(turn, true);
  }

  private async fail(turn: TurnContext, error: unknown, dialogId?: string): Promise<void> {
    if (this.options.timeouts) await this.deadlines.take(deadlineId(turn)).catch(() => undefined);
    const ref = turn.activity.id ?? 'unknown';
    this.logger.error('dialog step failed', { dialogId, error: error instanceof Error ? error : new Error(String(error)), activityId: ref });
    try {
      await this.clear(turn);
    } catch (clearError) {
      this.logger.error('could not clear dialog state', { error: clearError instanceof Error ? clearError : new Error(String(clearError)) });
    }
    await turn.sendActivity(`Sorry, something went wrong in this step, so I ended the ${dialogId ?? 'current'} dialog. Your next message is a new command; you can start again any time. (ref ${ref})`);
  }
}

/** One waiting dialog per user per conversation, as in PrivateConversationState. */
function deadlineId(turn: TurnContext): string {
  const a = turn.activity;
  return `${a.channelId}|${a.conversation?.id}|${a.from?.id}`;
}
