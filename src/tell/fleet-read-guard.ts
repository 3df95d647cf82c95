/**
 * Whether a fleet read can be compared with the fleet the monitor remembers. A read that comes back
 * empty, or without a large share of the clusters we know, is far more often the source failing
 * quietly (the Reader role removed, a scope briefly empty, a page missing) than the fleet vanishing,
 * so it must never become "N clusters left the fleet" on its own.
 */
export type FleetReadVerdict =
  | { trusted: true }
  | { trusted: false; fault: FleetReadFault; read: number; known: number };

export type FleetReadFault = 'empty' | 'shrunk';

export interface FleetReadFacts {
  /** Ids of the clusters this read returned (valid rows only). */
  readIds: ReadonlySet<string>;
  /** Ids of known clusters whose rows came back unreadable: not lost, just not readable this time. */
  unreadableIds: ReadonlySet<string>;
  /** Ids of the clusters the monitor remembers (confirmed). */
  knownIds: Iterable<string>;
  /** `FLEET_DROP_GUARD_PERCENT`: a read that loses more than this share of the known fleet is a fault. */
  dropGuardPercent: number;
}

export function judgeFleetRead(facts: FleetReadFacts): FleetReadVerdict {
  let known = 0;
  let lost = 0;
  for (const id of facts.knownIds) {
    known++;
    if (!facts.readIds.has(id) && !facts.unreadableIds.has(id)) lost++;
  }
  return judgeFleetCounts({ read: facts.readIds.size, known, lost, dropGuardPercent: facts.dropGuardPercent });
}

/** judgeFleetRead from counts: clusters read, known, and known ones neither read nor unreadable. */
export function judgeFleetCounts({ read, known, lost, dropGuardPercent }: { read: number; known: number; lost: number; dropGuardPercent: number }): FleetReadVerdict {
  if (read === 0) return { trusted: false, fault: 'empty', read, known };
  if (known > 0 && (lost / known) * 100 > dropGuardPercent) return { trusted: false, fault: 'shrunk', read, known };
  return { trusted: true };
}

/** The likely cause, in words an on-call engineer can act on. */
export function likelyCauseOf(fault: FleetReadFault): string {
  return fault === 'empty'
    ? 'The source answered with no clusters at all: the bot identity may have lost its Reader role, the subscription or management-group scope may have changed, or the fleet file is empty.'
    : 'A large share of the fleet is missing from one read: a page of results may be missing, or the Reader role was removed from some subscriptions or resource groups.';
}
