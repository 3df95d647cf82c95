import type { ConversationAddress } from '../chat/conversation-address';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { DocumentStore } from '../storage/document-store';
import type { KeyValueStorage } from '../storage/key-value-storage';

/**
 * The card that takes a dialog's answers, as the dialog keeps it in its own state under
 * LIVE_CARD_KEY (dialogs/diagnose-dialog.ts sets it): the runtime turns it off when the dialog times out.
 */
export interface LiveCard {
  activityId: string;
  /** Handed back to the timed-out reply (the diagnosed cluster's id). */
  subject?: string;
}
export const LIVE_CARD_KEY = 'liveCard';

/** A dialog waiting for its user, and when it times out if nobody answers. */
export interface DialogDeadline {
  address: ConversationAddress;
  dialogId: string;
  /** ISO time: the last step plus DIALOG_IDLE_TIMEOUT_MINUTES. */
  deadline: string;
  card?: LiveCard;
  /** Failed attempts to turn the card off (the connector was unreachable). */
  attempts?: number;
}

interface Deadlines {
  entries: Record<string, DialogDeadline>;
}

/**
 * Every waiting dialog's deadline in one stored document, so a timeout is noticed after a restart
 * and by whichever replica sweeps. Taking an entry out is the claim: the sweep and the user's
 * next turn never both turn one card off.
 */
export class DialogDeadlines {
  private readonly doc: DocumentStore<Deadlines>;

  constructor(storage: KeyValueStorage) {
    this.doc = new DocumentStore<Deadlines>(storage, 'dialog-deadlines', () => ({ entries: {} }));
  }

  async set(id: string, entry: DialogDeadline): Promise<void> {
    await this.doc.update((d) => {
      d.entries[id] = entry;
    });
  }

  /** Removes and returns the entry (undefined when someone else took it first). */
  async take(id: string): Promise<DialogDeadline | undefined> {
    return this.doc.update<DialogDeadline | undefined>((d) => {
      const entry = d.entries[id];
      if (!entry) return { skipWrite: true, result: undefined };
      delete d.entries[id];
      return entry;
    });
  }

  /** Puts an entry back for another try, unless a newer one for the same dialog took its place. */
  async restore(id: string, entry: DialogDeadline): Promise<void> {
    await this.doc.update((d) => {
      if (d.entries[id]) return { skipWrite: true as const };
      d.entries[id] = entry;
    });
  }

  async due(now: Date): Promise<string[]> {
    const { entries } = await this.doc.get();
    return Object.keys(entries).filter((id) => Date.parse(entries[id].deadline) <= now.getTime());
  }
}

/**
 * Runs `sweep` every `intervalMs` of the injected clock while `shouldSweep()` (the leader does it,
 * so one replica turns each card off). A failed sweep is logged and tried again next time.
 */
export class DialogTimeoutSweeper {
  private stopped = true;
  private wake: () => void = () => {};
  private loop?: Promise<void>;

  constructor(private readonly options: { sweep: () => Promise<unknown>; clock: Clock; intervalMs: number; shouldSweep: () => boolean; logger: Logger }) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await Promise.race([this.options.clock.sleep(this.options.intervalMs), new Promise<void>((resolve) => (this.wake = resolve))]);
      if (this.stopped || !this.options.shouldSweep()) continue;
      try {
        await this.options.sweep();
      } catch (error) {
        this.options.logger.error('dialog timeout sweep failed', { error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
  }
}
