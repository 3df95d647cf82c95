import { describeFilter, FILTER_STATES, filterToArgs, matchesFilter, parseClusterFilter } from '../clusters/cluster-filter';
import { assessFleet, byAttention } from './fleet-view';
import { askCards } from './ask-cards';
import { listText } from './fleet-cards';
import type { AskDeps } from './ask-deps';
import type { CommandDefinition } from '../chat/command';
import { cardReply, textReply } from '../chat/reply';

const CLUSTERS_USAGE = `clusters [${FILTER_STATES.join('|')}] [in <region>] [rg <name>] [tag <k>=<v>] [sub <id>] [name pattern]`;

/** How many filter problems one reply lists. */
const MAX_ERRORS_SHOWN = 5;

/** `clusters ...`: filtered, paged list computed in-process from one fleet snapshot. */
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
      if (parsed.errors.length) {
        // One message per bad word: thousands of words must not become a 100 KB+ reply over Teams'
        // ~28 KB message limit (hostile-input sweep), so show the first few and count the rest.
        const shown = parsed.errors.slice(0, MAX_ERRORS_SHOWN).join(' ');
        const more = parsed.errors.length > MAX_ERRORS_SHOWN ? ` (and ${parsed.errors.length - MAX_ERRORS_SHOWN} more problems)` : '';
        return textReply(`${shown}${more}\nUsage: ${CLUSTERS_USAGE}`);
      }
      const snapshot = await deps.directory.listClusters({ maxAgeMs: deps.fleetMaxAgeMs });
      const { items } = assessFleet(snapshot.clusters, deps.clock.now());
      const matching = items.filter((i) => matchesFilter(i.cluster, i.health, parsed.filter));
      matching.sort(byAttention);
      const pages = Math.max(1, Math.ceil(matching.length / deps.pageSize));
      const page = Math.min(parsed.page, pages);
      const offset = (page - 1) * deps.pageSize;
      const base = `clusters ${filterToArgs(parsed.filter)}`.trim();
      const view = {
        title: `Clusters: ${describeFilter(parsed.filter)}`,
        items: matching.slice(offset, offset + deps.pageSize),
        offset,
        total: matching.length,
        nextCommand: page < pages ? `${base} page ${page + 1}` : undefined,
        previousCommand: page > 1 ? `${base} page ${page - 1}` : undefined,
      };
      return cardReply(askCards.view('cluster-list', view), listText(view));
    },
  };
}
