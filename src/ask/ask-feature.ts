import type { FeatureCommands } from '../chat/registry';
import type { AskDeps } from './ask-deps';
import { createClusterMentionHandler } from './cluster-mention';
import { createClustersCommand } from './clusters-command';
import { createStatusCommand, createSummaryCommand } from './status-command';

/**
 * The "Ask" feature for the composition root: `status [<cluster>]`, `summary` and `clusters
 * [filter]`, answered from the cluster directory (Resource Graph or the demo fleet).
 */
export function createAsk(deps: AskDeps): FeatureCommands {
  return {
    commands: [createStatusCommand(deps), createSummaryCommand(deps), createClustersCommand(deps)],
    fallbacks: [createClusterMentionHandler(deps)],
  };
}
