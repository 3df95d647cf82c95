import type { ExpiryUrgency } from '../clusters/expiry-urgency';
import { container, text, type CardElement } from './adaptive-card';

/** The lead block of a card whose cluster is about to become Expired: when, what happens then, what to do now. */
export function urgencyBlock(urgency: ExpiryUrgency): CardElement {
  return container([
    text(`⏳ ${urgency.headline}`, { weight: 'bolder', color: 'attention' }),
    text(urgency.consequence),
    text(`**${urgency.action}**`),
  ], 'attention');
}
