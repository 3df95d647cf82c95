import { DocumentStore } from '../../storage/document-store';
import type { KeyValueStorage } from '../../storage/key-value-storage';
import { TELL_KEY_PREFIX } from './tell-key-prefix';

/** The last poll by any replica: what /healthz shows and how a new leader measures a gap. */
export interface Heartbeat {
  lastPollAt?: string;
  /** The replica that polled. */
  by?: string;
}

export class HeartbeatStore {
  private readonly doc: DocumentStore<Heartbeat>;
  constructor(storage: KeyValueStorage) {
    this.doc = new DocumentStore<Heartbeat>(storage, `${TELL_KEY_PREFIX}heartbeat`, () => ({}));
  }

  get(): Promise<Heartbeat> {
    return this.doc.get();
  }

  /** Only the leader polls, so last-write-wins. */
  async recordPoll(at: Date, by: string): Promise<void> {
    await this.doc.overwrite({ lastPollAt: at.toISOString(), by });
  }
}
