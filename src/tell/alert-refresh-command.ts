import { parseClusterResourceId } from '../clusters/cluster';
import { toClusterFacts } from '../clusters/cluster-facts';
import { matchesFilter } from '../clusters/cluster-filter';
import type { CommandDefinition } from '../chat/command';
import { cardReply, textReply } from '../chat/reply';
import { buildClusterAlertCard } from './alert-cards';
import type { TellCommandDeps } from './subscribe-commands';
import { clusterAlertView, tellCards, type ClusterAlertModel } from './tell-cards';

/**
 * The alert card's Refresh: the same alert, redrawn with the cluster as it is now (and an active
 * mute, if any), to replace the clicked card for everyone. Not typed by people, so not in help.
 */
export function createAlertRefreshCommand(deps: TellCommandDeps): CommandDefinition {
  return {
    name: 'refresh-alert',
    usage: 'refresh-alert <cluster resource id>',
    description: 'Redraws an alert card with the cluster as it is now (the alert card\'s Refresh button).',
    examples: ['refresh-alert /subscriptions/…/connectedClusters/store-0421'],
    hidden: true,
    async handle(args, ctx) {
      const clusterId = args.trim();
      const name = parseClusterResourceId(clusterId)?.name;
      const record = name ? await deps.stores.alertCards.get(ctx.conversation.id, clusterId) : undefined;
      const stored = record?.outboxKey ? await deps.stores.outbox.message(record.outboxKey) : undefined;
      if (!name || stored?.view?.card !== 'cluster-alert') {
        return textReply(`This alert can no longer be redrawn. Type \`status ${name ?? '<cluster>'}\` for the cluster as it is now.`);
      }
      const now = deps.clock.now();
      const current = (await deps.directory.getClustersByName(name)).find((c) => c.id.toLowerCase() === clusterId.toLowerCase());
      const mute = current && (await deps.stores.mutes.list(ctx.conversation.id)).find((m) => Date.parse(m.until) > now.getTime() && matchesFilter(m.filter, current));
      const previous = stored.view.model as ClusterAlertModel;
      const model: ClusterAlertModel = {
        ...previous,
        cluster: current ? toClusterFacts(current) : previous.cluster,
        now: now.toISOString(),
        muted: mute ? { until: mute.until, by: mute.createdBy ?? 'someone' } : undefined,
      };
      return cardReply(tellCards.view('cluster-alert', model), buildClusterAlertCard(clusterAlertView(model)).text);
    },
  };
}
