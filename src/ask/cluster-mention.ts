import { isValidClusterName } from '../clusters/cluster-directory';
import type { FallbackHandler } from '../chat/command';
import type { AskDeps } from './ask-deps';
import { currentFleet } from './current-fleet';
import { statusReply } from './status-command';
import { replyForUnresolved } from '../chat/cluster-replies';

/** Words of a sentence that could be cluster names: "why is store-0421 down?" -> why, is, store-0421, down. */
function candidateWords(text: string): string[] {
  return text
    .split(/[\s,;:!?()"'`]+/)
    .map((w) => w.replace(/^[.]+|[.]+$/g, ''))
    .filter((w) => w && isValidClusterName(w));
}

/**
 * Answers a message that is just a cluster name, or a sentence naming a known cluster
 * ("why is store-0421 down?"), with that cluster's status card (which has a Diagnose button).
 * Only names of clusters in the fleet count, so ordinary words never turn into lookups.
 */
export function createClusterMentionHandler(deps: AskDeps): FallbackHandler {
  return {
    name: 'cluster-mention',
    async handle(text) {
      const words = candidateWords(text);
      if (!words.length) return undefined;
      // A fleet that cannot be read now must not turn "thanks!" into an error: no answer from here.
      const fleet = await currentFleet(deps).catch(() => undefined);
      if (!fleet) return undefined;
      const named = words.find((w) => fleet.index.hasName(w));
      if (!named) return undefined;
      const result = await deps.finder.find(named);
      return result.kind === 'found' ? statusReply(deps, result.cluster, result.asOf) : replyForUnresolved(result, 'status');
    },
  };
}
