import { CLUSTER_FILTER_USAGE, describeFilter, FILTER_STATES, filterErrorsText, filterToArgs, parseClusterFilter } from '../clusters/cluster-filter';
import { clustersMatching } from '../clusters/fleet-assessment';
import { askCards } from './ask-cards';
import { listText } from './fleet-cards';
import type { AskDeps } from './ask-deps';
import { currentFleet } from './current-fleet';
import type { CommandDefinition } from '../chat/command';
import { cardReply, textReply } from '../chat/reply';

const CLUSTERS_USAGE = `clusters [${FILTER_STATES.join('|')}] ${CLUSTER_FILTER_USAGE} [page <n>]`;

const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** `clusters ...`: filtered, paged list read from the shared snapshot's assessment (already in attention order). */
export function createClustersCommand(deps: AskDeps): CommandDefinition {
  return {
    name: 'clusters',
    aliases: ['list'],
    usage: CLUSTERS_USAGE,
    description: 'List clusters by state, region, resource group, tag or name pattern, 20 per page.',
    examples: ['clusters offline', 'clusters expiring in westeurope', 'clusters rg rg-edge-prod', 'clusters tag env=prod', 'clusters store-*'],
    inManifest: true,
    async handle(args) {
      const parsed = parseClusterFilter(args);
      if (parsed.errors.length) return textReply(`${filterErrorsText(parsed.errors)}\nUsage: ${CLUSTERS_USAGE}`);
      const { snapshot, index, ageMs } = await currentFleet(deps);
      const matching = clustersMatching(parsed.filter, index.assessment);
      const pages = Math.max(1, Math.ceil(matching.length / deps.pageSize));
      const page = Math.min(parsed.page ?? 1, pages);
      const offset = (page - 1) * deps.pageSize;
      const base = `clusters ${filterToArgs(parsed.filter)}`.trim();
      const view = {
        title: sentenceCase(describeFilter(parsed.filter)),
        items: matching.slice(offset, offset + deps.pageSize),
        offset,
        total: matching.length,
        nextCommand: page < pages ? `${base} page ${page + 1}` : undefined,
        previousCommand: page > 1 ? `${base} page ${page - 1}` : undefined,
        fetchedAt: snapshot.fetchedAt,
        ageMs,
      };
      return cardReply(askCards.view('cluster-list', view), listText(view));
    },
  };
}
