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
}

/** MonitorDoc as stored: the fleet memory packed (fleet-memory-codec.ts), or plain as written before. */
interface StoredMonitorDoc {
  fleet: PackedFleetMemory | FleetMemory;
  directory: DirectoryHealth;
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

  /** The monitor is the only writer (one leader polls), so this is last-write-wins without a re-read. */
  async save(value: MonitorDoc): Promise<void> {
    await this.doc.overwrite({ ...value, fleet: packFleetMemory(value.fleet) });
  }
}
