/** Which replica this is, and the leader fence: a monitor whose fence closed writes nothing more. */
export interface MonitorGuard {
  fence(): boolean;
  replicaId: string;
}

/** Thrown by a tick that found this replica no longer surely the leader: nothing was written. */
export class NotLeaderError extends Error {
  constructor() {
    super('not the leader: the poll was not written');
    this.name = 'NotLeaderError';
  }
}

/** One process alone on its storage: always the leader. */
export const SOLE_MONITOR: MonitorGuard = { fence: () => true, replicaId: 'this-process' };
