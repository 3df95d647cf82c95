import { parseClusterResourceId } from '../clusters/cluster';
import { toClusterFacts } from '../clusters/cluster-facts';
import type { CommandDefinition } from '../chat/command';
import { textReply } from '../chat/reply';
import { activeMuteOf, alertCardReply, openAlertCard } from './open-alert-card';
import type { TellCommandDeps } from './subscribe-commands';
import type { ClusterAlertModel } from './tell-cards';

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
      const stored = name ? await openAlertCard(deps.stores, ctx.conversation.id, clusterId) : undefined;
      if (!name || !stored) {
        return textReply(`This alert can no longer be redrawn. Type \`status ${name ?? '<cluster>'}\` for the cluster as it is now.`);
      }
      const now = deps.clock.now();
      const current = (await deps.directory.getClustersByName(name)).find((c) => c.id.toLowerCase() === clusterId.toLowerCase());
      const muted = current && (await activeMuteOf(deps.stores, ctx.conversation.id, current, now));
      const previous = stored.model;
      const model: ClusterAlertModel = {
        ...previous,
        cluster: current ? toClusterFacts(current) : previous.cluster,
        now: now.toISOString(),
        muted,
      };
      return alertCardReply(model);
    },
  };
}
