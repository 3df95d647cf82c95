import { diagnoseQuestionCard } from '../../../src/fix/cards/diagnose-question-card';
import { endpointsCard } from '../../../src/fix/cards/endpoints-card';
import { findingsCard } from '../../../src/fix/cards/findings-card';
import { probeCard } from '../../../src/fix/cards/diagnose-probe-card';
import { allowlistFor } from '../../../src/fix/knowledge/allowlist';
import { CLOUD_INFO, CLOUDS } from '../../../src/fix/knowledge/clouds';
import { DECISION_TREE } from '../../../src/fix/knowledge/decision-tree';
import { handleInput, viewOf, type DiagnoseState } from '../../../src/fix/knowledge/diagnose-engine';
import { FEATURES } from '../../../src/fix/knowledge/endpoint-table';
import { buildProbePlan } from '../../../src/fix/knowledge/probe-script';
import { toClusterFacts } from '../../../src/clusters/cluster-facts';
import { aCluster, TEST_NOW } from '../../support/clusters';
import { expectTeamsSafeCard } from './card-checks';

/**
 * Beyond the golden examples: every diagnose question, every findings card one answer away from it,
 * and the endpoints and probe cards of every cloud with every feature, are valid Adaptive Cards.
 */
const cluster = aCluster({ status: 'Offline', privateLinkEnabled: true, gatewayEnabled: true, azureRbacEnabled: true }, TEST_NOW);
const at = (nodeId: string): DiagnoseState => ({ cluster: toClusterFacts(cluster), latestAgent: '1.36.1', path: [nodeId], answers: [] });

describe.each(DECISION_TREE.map((node) => [node.id]))('diagnose node %s', (nodeId) => {
  test('its question card and the card after each of its answers are valid', () => {
    const view = viewOf(at(nodeId), TEST_NOW);
    expectTeamsSafeCard(diagnoseQuestionCard(view));
    for (const option of view.options) {
      const { output } = handleInput(at(nodeId), option.answer, TEST_NOW);
      if (output.kind === 'question') expectTeamsSafeCard(diagnoseQuestionCard(output.view));
      if (output.kind === 'findings') expectTeamsSafeCard(findingsCard(output.findings, output.note));
    }
  });
});

describe.each(CLOUDS.map((cloud) => [cloud]))('cloud %s', (cloud) => {
  const region = CLOUD_INFO[cloud].defaultRegion;
  test('the endpoints card with every feature and the probe card are valid', () => {
    const features = FEATURES.filter((f) => cloud === 'public' || f !== 'gateway');
    expectTeamsSafeCard(endpointsCard({ cloud, region, features, endpoints: allowlistFor({ cloud, region, features }), notes: ['A note with `<placeholder>`.'] }));
    const plan = buildProbePlan({ cloud, region, features, proxy: 'http://proxy.example:3128' });
    expectTeamsSafeCard(probeCard({ clusterName: cluster.name, cloudLabel: CLOUD_INFO[cloud].label, region, features, plan, privateLink: true }));
  });
});
