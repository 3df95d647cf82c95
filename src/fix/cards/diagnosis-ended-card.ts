import { parseClusterResourceId } from '../../clusters/cluster';
import { card, commandButton, plain, text, type AdaptiveCard } from '../../cards/adaptive-card';

/** What a diagnose card turns into once its diagnosis is over: one line, no live answer buttons. */
export interface DiagnosisEndedView {
  /** The cluster's resource id, when known, for "Diagnose again". */
  clusterId?: string;
  /** Why the card no longer takes answers; default "This diagnosis has ended." */
  line?: string;
}

export function diagnosisEndedText(view: DiagnosisEndedView): string {
  const name = view.clusterId ? parseClusterResourceId(view.clusterId)?.name : undefined;
  return view.line ?? `This diagnosis${name ? ` of ${name}` : ''} has ended.`;
}

/** The one-line card, with a button that starts a new diagnosis of the same cluster (posted as a new card). */
export function diagnosisEndedCard(view: DiagnosisEndedView): AdaptiveCard {
  const line = diagnosisEndedText(view);
  const actions = view.clusterId ? [commandButton('Diagnose again', `diagnose ${view.clusterId}`)] : [commandButton('Help', 'help')];
  return card([text(plain(line), { isSubtle: true })], actions, line);
}
