/**
 * The lease that makes exactly one process the monitor. Implemented on a blob lease (azure-blob), a
 * row in the SQLite file (sqlite), and trivially for memory (one process is all there is).
 */
export interface LeaderLease {
  /** This process's id: the lease id it proposes, shown in /healthz as the holder. */
  readonly holderId: string;
  readonly durationMs: number;
  /**
   * Takes the lease if it is free or expired, or extends it if this process holds it. Resolves true
   * while this process holds it, false when another does; throws when storage did not answer (the
   * caller then cannot know, and must count the lease as lapsing).
   */
  acquireOrRenew(): Promise<boolean>;
  /** Gives the lease up at a clean stop, so another process takes over at once. */
  release(): Promise<void>;
  /** Who holds it now according to storage, if anyone. */
  currentHolder(): Promise<string | undefined>;
}

/** STORAGE=memory: no one else can share the state, so this process always leads. */
export class SoleLeaderLease implements LeaderLease {
  constructor(readonly holderId: string, readonly durationMs: number) {}
  async acquireOrRenew(): Promise<boolean> { return true; }
  async release(): Promise<void> {}
  async currentHolder(): Promise<string | undefined> { return this.holderId; }
}
