import type { Cluster } from '../clusters/cluster';
import { isValidClusterName } from '../clusters/cluster-directory';
import { suggestNames } from '../clusters/name-matching';
import { latestAgentVersion } from '../clusters/connectivity';
import { chooseClusterForCard, unknownClusterCard } from '../cards/diagnose-choice-card';
import { NOT_DIAGNOSED_STATUSES } from '../knowledge/decision-tree';
import { toClusterFacts } from '../knowledge/cluster-facts';
import type { CommandDefinition } from './command';
import { cardReply, textReply, type MessageReply, type Reply } from './reply';

/** The dialog id the bot's DialogHost registers the diagnose dialog under (dialogs/diagnose-dialog.ts). */
export const DIAGNOSE_DIALOG_ID = 'diagnose';

/** The lookups the Fix commands need; the composition root adapts the ClusterDirectory to it. */
export interface FixClusterLookup {
  /** Clusters whose name equals `name` case-insensitively (several across resource groups). */
  findClusters(name: string): Promise<Cluster[]>;
  /** The whole fleet (a cached snapshot is fine), for "did you mean" suggestions. */
  listClusters(): Promise<Cluster[]>;
}

export type Resolution = { kind: 'found'; cluster: Cluster } | { kind: 'reply'; reply: MessageReply };

const RESOURCE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Kubernetes\/connectedClusters\/([^/]+)$/i;

/** Up to 5 names close to the query (the same "did you mean" as `status`). */
export function suggestClusterNames(query: string, names: readonly string[]): string[] {
  return suggestNames(query, names);
}

/** One cluster from "name" or a full resource id; otherwise the reply (suggestions or "which one?"). */
export async function resolveCluster(input: string, lookup: FixClusterLookup, command: string): Promise<Resolution> {
  const query = input.trim().replace(/^["'`]+|["'`]+$/g, '');
  if (!query) return { kind: 'reply', reply: textReply(`Which cluster? Usage: \`${command} <cluster>\`.`) };
  const byId = RESOURCE_ID.exec(query);
  const name = byId ? byId[1] : query;
  if (!isValidClusterName(name)) {
    return { kind: 'reply', reply: textReply(`"${name.slice(0, 80)}" is not a valid cluster name (1-63 letters, digits, '-', '_' or '.').`) };
  }
  let matches = await lookup.findClusters(name);
  if (byId) matches = matches.filter((c) => c.id.toLowerCase() === query.toLowerCase());
  if (matches.length === 1) return { kind: 'found', cluster: matches[0] };
  if (matches.length > 1) {
    return {
      kind: 'reply',
      reply: cardReply(chooseClusterForCard(name, matches, command), `"${name}" exists in several places; type \`${command} <resource id>\`:\n${matches.map((c) => c.id).join('\n')}`),
    };
  }
  const suggestions = suggestClusterNames(name, (await lookup.listClusters()).map((c) => c.name));
  return {
    kind: 'reply',
    reply: cardReply(unknownClusterCard(name, suggestions, command), `I could not find a cluster named "${name}".${suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : ' Try `clusters` to list the fleet.'}`),
  };
}

// ---------------------------------------------------------------- the `diagnose` command

export interface DiagnoseCommandDeps {
  lookup: FixClusterLookup;
}

/**
 * `diagnose <cluster>`: resolves the cluster (unknown -> suggestions, several -> which one?, no
 * dialog either way) and asks the bot to start the diagnose dialog with a JSON snapshot of it.
 */
export function createDiagnoseCommand(deps: DiagnoseCommandDeps): CommandDefinition {
  return {
    name: 'diagnose',
    aliases: ['troubleshoot', 'fix'],
    usage: 'diagnose <cluster>',
    description: 'Guided connectivity diagnosis of one cluster: likely causes, fix commands and its allowlist.',
    examples: ['diagnose store-0421'],
    inManifest: true,
    async handle(args): Promise<Reply> {
      const resolved = await resolveCluster(args, deps.lookup, 'diagnose');
      if (resolved.kind === 'reply') return resolved.reply;
      const cluster = resolved.cluster;
      if (NOT_DIAGNOSED_STATUSES.includes(cluster.status)) {
        return textReply(`${cluster.name} is ${cluster.status}: it has no Arc agents by design (agentless), so there is no connectivity to diagnose.`);
      }
      // The fleet snapshot is cached by the directory, so this costs no extra query.
      const latestAgent = latestAgentVersion(await deps.lookup.listClusters());
      return { kind: 'startDialog', dialogId: DIAGNOSE_DIALOG_ID, options: { clusterId: cluster.id, cluster: toClusterFacts(cluster), latestAgent } };
    },
  };
}
