import { cardCatalogue } from '../../cards/card-catalogue';
import type { Findings } from '../knowledge/assessment';
import { pasteReadingCard, type PasteReading } from './diagnose-paste-card';
import { probeCard } from './diagnose-probe-card';
import { diagnoseQuestionCard } from './diagnose-question-card';
import { diagnosisEndedCard } from './diagnosis-ended-card';
import { endpointsCard } from './endpoints-card';
import { findingsCard } from './findings-card';

/** The Fix feature's cards: endpoints, the probe script, a pasted-output reading, diagnose questions and findings. */
export const fixCards = cardCatalogue({
  endpoints: endpointsCard,
  probe: probeCard,
  'paste-reading': (reading: PasteReading) => pasteReadingCard(reading),
  'diagnose-question': diagnoseQuestionCard,
  findings: (m: { findings: Findings; note?: string }) => findingsCard(m.findings, m.note),
  'diagnosis-ended': diagnosisEndedCard,
});
