import type { Cluster } from '../clusters/cluster';
import { cardCatalogue } from './card-catalogue';
import { helpCard, type HelpEntry } from './help-card';
import { chooseClusterCard, notFoundCard } from './message-cards';

/** Cards every feature can answer with: help, "which one?" and "not found". */
export const commonCards = cardCatalogue({
  help: (m: { entries: HelpEntry[]; intro?: string; access?: string }) => helpCard(m.entries, m.intro, m.access),
  'choose-cluster': (m: { name: string; clusters: Cluster[]; command: string }) => chooseClusterCard(m.name, m.clusters, m.command),
  'cluster-not-found': (m: { name: string; suggestions: string[]; command: string }) => notFoundCard(m.name, m.suggestions, m.command),
});
