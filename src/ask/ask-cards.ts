import { cardCatalogue } from '../cards/card-catalogue';
import { listCard, summaryCard } from './fleet-cards';
import { statusCard } from './status-card';

/** The Ask feature's cards: one cluster's status, the fleet summary, a list of clusters. */
export const askCards = cardCatalogue({
  status: statusCard,
  'fleet-summary': summaryCard,
  'cluster-list': listCard,
});
