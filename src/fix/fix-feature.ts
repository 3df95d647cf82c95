import { parseClusterResourceId, type Cluster } from '../clusters/cluster';
import type { ClusterDirectory } from '../clusters/cluster-directory';
import type { CommandDefinition, FreeTextHandler } from '../chat/command';
import { createDiagnoseCommand, type FixClusterLookup } from './diagnose-command';
import { createEndpointsCommand } from './endpoints-command';
import { createPastedTextHandler } from './pasted-text-handler';
import { createProbeCommand } from './probe-command';
import { validateKnowledge } from './knowledge/validate-knowledge';

export interface FixDeps {
  directory: ClusterDirectory;
  /** Suggestions and the latest agent version use a fleet snapshot no older than this. */
  fleetMaxAgeMs: number;
}

export interface FixFeature {
  commands: CommandDefinition[];
  freeText: FreeTextHandler[];
  /** Finds a cluster by its resource id: the diagnose dialog (dialogs/diagnose-dialog.ts) takes it. */
  lookupClusterById(id: string): Promise<Cluster | undefined>;
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
    commands: [createDiagnoseCommand({ lookup }), createEndpointsCommand(), createProbeCommand({ lookup })],
    freeText: [createPastedTextHandler()],
    lookupClusterById: lookup.byId,
  };
}
