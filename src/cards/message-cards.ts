import type { Cluster } from '../clusters/cluster';
import { statusMeaning } from '../clusters/connectivity';
import { type AdaptiveCard, type CardElement, card, commandButton, heading, plain, prose, text } from './adaptive-card';

/**
 * "Which one?" when a name exists in several resource groups or subscriptions: one clickable row per
 * cluster (a card holds at most 5 buttons in the Adaptive Cards SDK's default host config, and a name can repeat 10 times).
 */
export function chooseClusterCard(name: string, clusters: Cluster[], command: string): AdaptiveCard {
  return card([
    heading(`"${plain(name)}" exists ${clusters.length} times: which one?`),
    ...clusters.slice(0, 10).map((c): CardElement => ({
      type: 'ColumnSet',
      selectAction: commandButton(`${c.resourceGroup} (${c.subscriptionId.slice(0, 8)})`, `${command} ${c.id}`),
      columns: [{
        type: 'Column',
        width: 'stretch',
        items: [text(`${statusMeaning(c.status).emoji} **${plain(c.resourceGroup)}** · subscription ${plain(c.subscriptionId)} · ${plain(c.location)} · ${c.status}`)],
      }],
    })),
  ]);
}

/** Not found, with "did you mean" buttons. */
export function notFoundCard(name: string, suggestions: string[], command: string): AdaptiveCard {
  return card(
    [
      text(`I could not find a cluster named **${plain(name)}**.`, { weight: 'bolder' }),
      prose(suggestions.length ? 'Did you mean:' : 'Try `clusters` to list the fleet, or check the name and the subscriptions the bot can read.'),
    ],
    suggestions.map((s) => commandButton(s, `${command} ${s}`)),
  );
}
