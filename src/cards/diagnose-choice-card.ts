import type { Cluster } from '../clusters/cluster';
import { card, commandButton, heading, plain, text, type AdaptiveCard } from './adaptive-card';

/** "Which one?" when a name exists in several resource groups/subscriptions: one button per resource id. */
export function chooseClusterForCard(name: string, clusters: readonly Cluster[], command: string): AdaptiveCard {
  const shown = clusters.slice(0, 10);
  return card(
    [
      heading(`"${plain(name)}" exists ${clusters.length} times`),
      text('Which one do you mean?'),
      ...shown.map((c) => text(`- ${plain(c.name)} · resource group ${plain(c.resourceGroup)} · subscription ${c.subscriptionId} · ${c.location} · ${c.status}`, { size: 'small' })),
    ],
    shown.map((c) => commandButton(`${c.resourceGroup} / ${c.subscriptionId.slice(0, 8)}`, `${command} ${c.id}`)),
  );
}

/** Unknown cluster: the closest names as buttons, no dialog. */
export function unknownClusterCard(name: string, suggestions: readonly string[], command: string): AdaptiveCard {
  return card(
    [
      heading(`I could not find a cluster named "${plain(name)}"`, 'attention'),
      text(suggestions.length ? 'Did you mean one of these?' : 'Try `clusters` to list the fleet.'),
    ],
    suggestions.slice(0, 5).map((s) => commandButton(s, `${command} ${s}`)),
  );
}
