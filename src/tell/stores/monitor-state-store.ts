import { randomUUID } from 'node:crypto';
import { emptyFleetMemory, type FleetMemory } from '../fleet-diff';
import { DocumentStore } from '../../storage/document-store';
import type { KeyValueStorage } from '../../storage/key-value-storage';
import { packFleetMemory, unpackFleetMemory, type PackedFleetMemory } from './fleet-memory-codec';
import { TELL_KEY_PREFIX } from './tell-key-prefix';

/** Directory health across polls: drives the one "degraded" and one "restored" card. */
export interface DirectoryHealth {
  consecutiveFailures: number;
  degraded: boolean;
  /** Increments each time monitoring becomes degraded (part of the card keys). */
  episode: number;
  degradedSince?: string;
  lastError?: string;
  /** The current run of fleet reads not believed (empty, or missing a large share of the fleet). */
  suspect?: SuspectRead;
}

export interface SuspectRead {
  fault: 'empty' | 'shrunk';
  /** Clusters the read returned, and clusters the monitor knew. */
  read: number;
  known: number;
  since: string;
  reads: number;
}

export interface MonitorDoc {
  fleet: FleetMemory;
  directory: DirectoryHealth;
  /** Changes on every save: a leader saves only over the revision it read (see saveIfUnchanged). */
  revision?: string;
}

/** MonitorDoc as stored: the fleet memory packed (fleet-memory-codec.ts), or plain as written before. */
interface StoredMonitorDoc {
  fleet: PackedFleetMemory | FleetMemory;
  directory: DirectoryHealth;
  revision?: string;
}

export class MonitorStateStore {
  private readonly doc: DocumentStore<StoredMonitorDoc>;
  constructor(storage: KeyValueStorage) {
    this.doc = new DocumentStore<StoredMonitorDoc>(storage, `${TELL_KEY_PREFIX}monitor`, () => ({
      fleet: emptyFleetMemory(),
      directory: { consecutiveFailures: 0, degraded: false, episode: 0 },
    }));
  }

  async get(): Promise<MonitorDoc> {
    const stored = await this.doc.get();
    return { ...stored, fleet: unpackFleetMemory(stored.fleet) };
  }

  /** Last-write-wins, without a re-read (seeding and tests). */
  async save(value: MonitorDoc): Promise<void> {
    await this.doc.overwrite({ ...value, fleet: packFleetMemory(value.fleet) });
  }

  /**
   * Saves only if the stored memory is still the revision this monitor read or last wrote (a
   * conditional write): a former leader that was paused past its lease cannot overwrite what the new
   * leader wrote. Resolves with the new revision, or undefined when another replica wrote meanwhile.
   */
  async saveIfUnchanged(value: MonitorDoc, basedOn: string | undefined): Promise<string | undefined> {
    const revision = randomUUID();
    const packed = { ...value, fleet: packFleetMemory(value.fleet), revision };
    return this.doc.update<string | undefined>((stored) => {
      if (stored.revision !== basedOn) return { skipWrite: true, result: undefined };
      Object.assign(stored, packed);
      return revision;
    });
  }
}
