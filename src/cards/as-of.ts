import { utcDateTime } from '../clusters/expiry-urgency';
import { text, type CardElement } from './adaptive-card';

/** The line that says when a card's data was read ("As of 2026-12-02 14:02 UTC"), small and subtle at the end. */
export function asOfLine(at: Date, what = 'As of'): CardElement {
  return text(`${what} ${utcDateTime(at)}`, { isSubtle: true, size: 'small' });
}
