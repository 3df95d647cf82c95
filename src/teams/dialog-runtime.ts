import { PrivateConversationState, type StatePropertyAccessor, type Storage, type TurnContext } from 'botbuilder';
import type { Dialog, DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import type { Clock } from '../core/clock';
import { silentLogger, type Logger } from '../core/logger';
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
  /** `DIALOG_IDLE_TIMEOUT_MINUTES`: a dialog nobody answered for this long ends quietly. */
  idleTimeoutMs: number;
}

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

  constructor(private readonly options: StorageDialogHostOptions) {
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
      // Idle: end quietly; the caller treats this message as a new command.
      this.logger.info('dialog idle timeout', { dialogId: stack[0]?.id, idleMs: now - Date.parse(last) });
      await this.clear(turn);
      return false;
    }
    try {
      const { set, empty } = await this.loaded();
      const dc = await set.createContext(turn);
      const result = await dc.continueDialog();
      if (result.status === empty) return false;
      await this.afterStep(turn, result.status);
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
      await this.afterStep(turn, result.status);
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

  private async afterStep(turn: TurnContext, status: DialogTurnStatus): Promise<void> {
    if (status === (await this.loaded()).waiting) await this.lastActiveAt.set(turn, this.options.clock.now().toISOString());
    else await this.lastActiveAt.delete(turn);
    // Save now as well as at the end of the turn, so a crash after the reply cannot lose the step.
    await this.state.saveChanges(turn);
  }

  private async clear(turn: TurnContext): Promise<void> {
    await this.dialogState.delete(turn);
    await this.lastActiveAt.delete(turn);
    await this.state.saveChanges(turn, true);
  }

  private async fail(turn: TurnContext, error: unknown, dialogId?: string): Promise<void> {
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
