import { formatDuration } from '../clusters/connectivity';
import { card, commandButton, heading, plain, text, type AdaptiveCard } from '../cards/adaptive-card';
import { asOfLine } from '../cards/as-of';

/*
 * The monitor's notices about itself (not about a cluster): degraded, restored, resumed after a gap.
 * `at`: when the poll behind the notice ran, said on the card (absent in notices queued before it was recorded).
 */

/** `partial`: the source answered, but with too few clusters to believe (read N of the M known). */
export function buildMonitoringDegradedCard(failures: number, reason: string, partial?: { read: number; known: number }, at?: Date): { card: AdaptiveCard; text: string } {
  const title = partial
    ? `⚠️ Monitoring degraded: the fleet read returned ${partial.read} of ${partial.known} clusters`
    : '⚠️ Monitoring degraded: cannot read the fleet';
  const body = [
    heading(title, 'warning'),
    text(`${failures} polls in a row failed: ${plain(reason)}`),
    text('No cluster alerts are posted while the fleet cannot be read; you will get one message when monitoring is restored.', { isSubtle: true }),
    ...(at ? [asOfLine(at)] : []),
  ];
  return { card: card(body, [], title), text: `${title}. ${reason}` };
}

export function buildMonitoringRestoredCard(downMs: number, at?: Date): { card: AdaptiveCard; text: string } {
  const title = `✅ Monitoring restored after ${formatDuration(downMs)}`;
  return { card: card([heading(title, 'good'), text('Changes that happened meanwhile are alerted as usual.'), ...(at ? [asOfLine(at)] : [])], [], title), text: title };
}

/** Posted by the replica that takes over monitoring after nobody polled for a while. */
export function buildMonitoringResumedCard(gapMs: number, at?: Date): { card: AdaptiveCard; text: string } {
  const minutes = Math.max(1, Math.round(gapMs / 60_000));
  const title = `🔁 Monitoring resumed after ${minutes} minute${minutes === 1 ? '' : 's'} without a poll`;
  const body = [
    heading(title, 'warning'),
    text('The bot was not watching the fleet in between, so alerts may have been missed: a change that came and went meanwhile was not seen. Anything still changed is alerted as usual.', { isSubtle: true }),
    ...(at ? [asOfLine(at)] : []),
  ];
  return { card: card(body, [commandButton('Fleet summary', 'summary')], title), text: `${title}: alerts may have been missed in between.` };
}
