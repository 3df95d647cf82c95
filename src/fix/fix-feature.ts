import type { Storage } from 'botbuilder';
import type { Cluster } from '../clusters/cluster';
import type { ClusterDirectory } from '../clusters/cluster-directory';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { CommandDefinition, FreeTextHandler } from '../chat/command';
import { createDiagnoseCommand, type FixClusterLookup } from './diagnose-command';
import { createEndpointsCommand } from './endpoints-command';
import { createPastedTextHandler } from './pasted-text-handler';
import { createProbeCommand } from './probe-command';
import { validateKnowledge } from './knowledge/validate-knowledge';
import type { DialogHost } from '../teams/dialog-host';
import { StorageDialogHost } from '../teams/dialog-runtime';
import { DiagnoseDialog } from '../../dialogs/diagnose-dialog';

export interface FixDeps {
  storage: Storage;
  directory: ClusterDirectory;
  clock: Clock;
  logger: Logger;
  /** Suggestions and the latest agent version use a fleet snapshot no older than this. */
  fleetMaxAgeMs: number;
  /** Default 30 minutes (issue 4). */
  dialogIdleTimeoutMs?: number;
}

export interface FixFeature {
  commands: CommandDefinition[];
  freeText: FreeTextHandler[];
  dialogs: DialogHost;
}

/** Adapts the ClusterDirectory to the small lookup the Fix commands and dialog take. */
export function lookupFromDirectory(directory: ClusterDirectory, fleetMaxAgeMs: number): FixClusterLookup & { byId(id: string): Promise<Cluster | undefined> } {
  return {
    findClusters: (name) => directory.getClustersByName(name),
    listClusters: async () => (await directory.listClusters({ maxAgeMs: fleetMaxAgeMs })).clusters,
    byId: async (id) => {
      const name = id.slice(id.lastIndexOf('/') + 1);
      return (await directory.getClustersByName(name)).find((c) => c.id.toLowerCase() === id.toLowerCase());
    },
  };
}

/**
 * The "Fix" feature (issue 4) for the composition root: validates the knowledge data (throws a
 * KnowledgeError listing every problem), and returns the commands, the pasted-text handler and
 * the Storage-backed DialogHost running the diagnose dialog.
 */
export function createFix(deps: FixDeps): FixFeature {
  validateKnowledge();
  const lookup = lookupFromDirectory(deps.directory, deps.fleetMaxAgeMs);
  const dialog = new DiagnoseDialog({ lookupCluster: lookup.byId, clock: deps.clock });
  const dialogs = new StorageDialogHost({
    storage: deps.storage,
    dialogs: [dialog],
    clock: deps.clock,
    logger: deps.logger.child({ component: 'dialogs' }),
    idleTimeoutMs: deps.dialogIdleTimeoutMs,
  });
  return {
    commands: [createDiagnoseCommand({ lookup }), createEndpointsCommand(), createProbeCommand({ lookup })],
    freeText: [createPastedTextHandler()],
    dialogs,
  };
}
