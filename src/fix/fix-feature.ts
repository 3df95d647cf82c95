import { parseClusterResourceId, type Cluster } from '../clusters/cluster';
import { utcDateTime } from '../clusters/expiry-urgency';
import type { ClusterDirectory } from '../clusters/cluster-directory';
import type { CommandDefinition, FreeTextHandler } from '../chat/command';
import { cardReply, type MessageReply } from '../chat/reply';
import { diagnosisEndedText } from './cards/diagnosis-ended-card';
import { fixCards } from './cards/fix-cards';
import { createDiagnoseCommand, type DiagnoseCommandDeps, type FixClusterLookup } from './diagnose-command';
import { createEndpointsCommand } from './endpoints-command';
import { createPastedTextHandler } from './pasted-text-handler';
import { createProbeCommand } from './probe-command';
import { validateKnowledge } from './knowledge/validate-knowledge';

export interface FixDeps {
  directory: ClusterDirectory;
  /** Suggestions and the latest agent version use a fleet snapshot no older than this. */
  fleetMaxAgeMs: number;
  /** Where diagnose runs are recorded, on this clock. */
  audit?: DiagnoseCommandDeps['audit'];
}

export interface FixFeature {
  commands: CommandDefinition[];
  freeText: FreeTextHandler[];
  /** Finds a cluster by its resource id: the diagnose dialog (dialogs/diagnose-dialog.ts) takes it. */
  lookupClusterById(id: string): Promise<Cluster | undefined>;
  /** The answer to a click on a card of a diagnosis that has ended: one line and "Diagnose again". */
  diagnosisEndedReply(clusterId: string | undefined): MessageReply;
  /** What a diagnosis card turns into when nobody answered it in time: "This diagnosis of store-0421 timed out at 14:05 UTC." */
  diagnosisTimedOutReply(clusterId: string | undefined, at: Date, now: Date): MessageReply;
}

export function diagnosisEndedReply(clusterId: string | undefined, line?: string): MessageReply {
  const view = { clusterId, line };
  return cardReply(fixCards.view('diagnosis-ended', view), diagnosisEndedText(view));
}

export function diagnosisTimedOutReply(clusterId: string | undefined, at: Date, now: Date): MessageReply {
  const name = clusterId ? parseClusterResourceId(clusterId)?.name : undefined;
  const when = utcDateTime(at);
  // The time alone on the day it happened; with the date when the card is turned off later (after a restart).
  const shown = when.slice(0, 10) === utcDateTime(now).slice(0, 10) ? when.slice(11) : when;
  return diagnosisEndedReply(clusterId, `This diagnosis${name ? ` of ${name}` : ''} timed out at ${shown}.`);
}

/** Adapts the ClusterDirectory to the small lookup the Fix commands and dialog take. */
function lookupFromDirectory(directory: ClusterDirectory, fleetMaxAgeMs: number): FixClusterLookup & { byId(id: string): Promise<Cluster | undefined> } {
  return {
    findClusters: (name) => directory.getClustersByName(name),
    listClusters: async () => (await directory.listClusters({ maxAgeMs: fleetMaxAgeMs })).clusters,
    byId: async (id) => {
      const name = parseClusterResourceId(id)?.name;
      if (name === undefined) return undefined;
      return (await directory.getClustersByName(name)).find((c) => c.id.toLowerCase() === id.toLowerCase());
    },
  };
}

/**
 * The "Fix" feature for the composition root: validates the knowledge data (throws a
 * KnowledgeError listing every problem), and returns `diagnose`, `endpoints`, `probe` and the
 * pasted-output reader. `diagnose` starts the guided dialog in dialogs/diagnose-dialog.ts, which
 * the composition root registers with the channel edge's dialog runtime.
 */
export function createFix(deps: FixDeps): FixFeature {
  validateKnowledge();
  const lookup = lookupFromDirectory(deps.directory, deps.fleetMaxAgeMs);
  return {
    commands: [createDiagnoseCommand({ lookup, audit: deps.audit }), createEndpointsCommand(), createProbeCommand({ lookup })],
    freeText: [createPastedTextHandler()],
    lookupClusterById: lookup.byId,
    diagnosisEndedReply: (clusterId) => diagnosisEndedReply(clusterId),
    diagnosisTimedOutReply,
  };
}
