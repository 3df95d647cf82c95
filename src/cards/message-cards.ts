import type { Cluster } from '../clusters/cluster';
import { statusMeaning } from '../clusters/connectivity';
import { type AdaptiveCard, card, commandButton, heading, plain, text } from './adaptive-card';

/** "Which one?" when a name exists in several resource groups or subscriptions. */
export function chooseClusterCard(name: string, clusters: Cluster[], command: string): AdaptiveCard {
  return card(
    [
      heading(`"${plain(name)}" exists ${clusters.length} times: which one?`),
      ...clusters.slice(0, 10).map((c) =>
        text(`${statusMeaning(c.status).emoji} **${plain(c.resourceGroup)}** · subscription ${c.subscriptionId} · ${c.location} · ${c.status}`),
      ),
    ],
    clusters.slice(0, 10).map((c) => commandButton(`${c.resourceGroup} (${c.subscriptionId.slice(0, 8)})`, `${command} ${c.id}`)),
  );
}

/** Not found, with "did you mean" buttons. */
export function notFoundCard(name: string, suggestions: string[], command: string): AdaptiveCard {
  return card(
    [
      text(`I could not find a cluster named **${plain(name)}**.`, { weight: 'bolder' }),
      text(suggestions.length ? 'Did you mean:' : 'Try `clusters` to list the fleet, or check the name and the subscriptions the bot can read.'),
    ],
    suggestions.map((s) => commandButton(s, `${command} ${s}`)),
  );
}
