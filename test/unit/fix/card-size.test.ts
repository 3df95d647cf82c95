import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../../src/cards/adaptive-card';
import { diagnoseQuestionCard } from '../../../src/fix/cards/diagnose-question-card';
import { findingsCard } from '../../../src/fix/cards/findings-card';
import { assess } from '../../../src/fix/knowledge/assessment';
import { CAUSES } from '../../../src/fix/knowledge/causes';
import { toClusterFacts } from '../../../src/clusters/cluster-facts';
import { DECISION_TREE } from '../../../src/fix/knowledge/decision-tree';
import { viewOf } from '../../../src/fix/knowledge/diagnose-engine';
import { aCluster, offline, TEST_NOW as NOW } from '../../support/clusters';

const WORST = offline(aCluster({
  name: 'a-cluster-name-that-is-as-long-as-azure-allows-for-names-0000001',
  privateLinkEnabled: true,
  gatewayEnabled: true,
  azureRbacEnabled: true,
  agentVersion: '1.20.0',
}), NOW, 180);

describe('cards stay under 28 KB (Teams message size limit)', () => {
  test.each(DECISION_TREE.map((n) => [n.id]))('question card of node %s', (id) => {
    const view = viewOf({ cluster: toClusterFacts(WORST), latestAgent: '1.36.1', path: [id], answers: [] }, NOW, 'x'.repeat(500));
    const c = diagnoseQuestionCard(view);
    expect(cardSizeBytes(c)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
    expect(c.body.length).toBeGreaterThan(3);
  });

  test('findings with every cause, long evidence and the full allowlist are trimmed to fit, keeping the top cause', () => {
    const findings = assess({ cluster: WORST, cloud: 'public', region: 'westeurope', now: NOW, latestAgent: '1.36.1', answers: [] });
    findings.causes = CAUSES.map((c, i) => ({ id: c.id, title: c.title, explanation: c.explanation, fixes: c.fixes, score: 1000 - i, sources: c.sources, evidence: Array.from({ length: 40 }, (_, j) => `evidence line ${j} `.repeat(10)) }));
    findings.evidence = Array.from({ length: 300 }, (_, i) => `fact ${i} `.repeat(20));
    const c = findingsCard(findings);
    const size = cardSizeBytes(c);
    expect(size).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
    expect(JSON.stringify(c)).toContain(`1. ${CAUSES[0].title}`);
  });
});
