import { pasteReadingCard } from '../../../../src/fix/cards/diagnose-paste-card';
import { probeCard } from '../../../../src/fix/cards/diagnose-probe-card';
import { diagnoseQuestionCard } from '../../../../src/fix/cards/diagnose-question-card';
import { endpointsCard } from '../../../../src/fix/cards/endpoints-card';
import { findingsCard } from '../../../../src/fix/cards/findings-card';
import type { ResolvedEndpoint } from '../../../../src/fix/knowledge/allowlist';
import type { Findings } from '../../../../src/fix/knowledge/assessment';
import type { QuestionView } from '../../../../src/fix/knowledge/diagnose-engine';
import { expectGoldenCard } from '../../cards/card-checks';
import { TEST_NOW } from '../../../support/clusters';

/** Two endpoints of the public-cloud allowlist for westeurope, as the allowlist resolves them. */
const DATA_PLANE: ResolvedEndpoint = {
  fqdn: 'westeurope.dp.kubernetesconfiguration.azure.com', port: 443, wildcard: false, placeholder: false, features: ['core'],
  purpose: 'Data plane: agents push status and fetch configuration', websockets: false, sources: ['AMD-net-public'],
};
const OBO: ResolvedEndpoint = {
  fqdn: 'westeurope.obo.arc.azure.com', port: 8084, wildcard: false, placeholder: false, features: ['cluster-connect'],
  purpose: 'Cluster Connect', websockets: false, sources: ['AMD-net-public'],
};
const RELAY: ResolvedEndpoint = {
  fqdn: '*.servicebus.windows.net', port: 443, wildcard: true, placeholder: false, features: ['cluster-connect'],
  purpose: 'Cluster Connect relay', websockets: true, sources: ['AMD-net-public', 'AMD-fw-proxy'],
};

/** Golden JSON of the Fix cards (UPDATE_GOLDEN=1 rewrites test/fixtures/golden/*.json). */
describe('fix cards, golden', () => {
  test('diagnose question: notice, commands, good/bad, a note, numbered answers, and Skip/Back/Help/Cancel', () => {
    const view: QuestionView = {
      nodeId: 'B2',
      step: 2,
      clusterName: 'store-0421',
      title: 'Are the Arc agents healthy?',
      question: 'What do the Arc agent pods show? You can paste the output of `kubectl get pods -n azure-arc` here.',
      commands: ['helm list -A | grep azure-arc', 'kubectl -n azure-arc get deployments,pods'],
      good: 'Every pod Running with READY 2/2 or 3/3.',
      bad: 'Pending, ImagePullBackOff/ErrImagePull, CrashLoopBackOff, not-ready containers, or no azure-arc release.',
      notes: ['The agents in namespace azure-arc send the heartbeat.'],
      options: [{ label: 'All Running', answer: 'running' }, { label: 'Pending', answer: 'pending' }],
      notice: 'I did not recognise that answer; pick one of the buttons or paste the output.',
      acceptsPaste: true,
      asOf: TEST_NOW.toISOString(),
    };
    expectGoldenCard('diagnose-question-card', diagnoseQuestionCard(view));
  });

  test('findings: the top cause with evidence and fixes, the evidence list, skipped questions, next steps and the allowlist', () => {
    const findings: Findings = {
      cluster: { name: 'store-0421', resourceGroup: 'rg-edge-prod', region: 'westeurope', cloud: 'public', status: 'Offline' },
      causes: [{
        id: 'egress-blocked',
        title: 'Outbound HTTPS to Azure Arc is blocked',
        explanation: 'The agents cannot reach the data plane, so no heartbeat arrives.',
        fixes: ['Allow westeurope.dp.kubernetesconfiguration.azure.com:443 on the firewall or proxy.'],
        score: 10,
        evidence: ['Probe: westeurope.dp.kubernetesconfiguration.azure.com failed at TCP'],
        sources: ['AMD-net-public'],
      }],
      evidence: ['Status in Azure: Offline', 'Last heartbeat: 2026-11-25T11:19:00.000Z'],
      allowlist: [DATA_PLANE],
      allowlistFeatures: ['core'],
      nextSteps: { title: 'Next steps', commands: ['az connectedk8s troubleshoot -g rg-edge-prod -n store-0421'], text: 'Run the CLI troubleshooter and paste its output.' },
      skipped: ['B3 Is the MSI certificate Secret present?'],
      asOf: TEST_NOW.toISOString(),
    };
    expectGoldenCard('findings-card', findingsCard(findings));
  });

  test('endpoints: the allowlist table with flags, a note, and the copyable list', () => {
    const card = endpointsCard({
      cloud: 'public',
      region: 'westeurope',
      features: ['core', 'cluster-connect'],
      endpoints: [DATA_PLANE, OBO, RELAY],
      notes: ['The Service Bus names for your region are listed at the relay allowlist URL.'],
    });
    expectGoldenCard('endpoints-card', card);
  });

  test('probe: the one-line command, the line format, the private-link note and what is not probed', () => {
    const card = probeCard({
      clusterName: 'store-0421',
      cloudLabel: 'Azure public cloud',
      region: 'westeurope',
      features: ['core', 'cluster-connect'],
      privateLink: true,
      plan: {
        command: 'kubectl run arc-probe -n azure-arc --rm -i --restart=Never --image=curlimages/curl:8.10.1 -- sh -c \'...\'',
        probed: [DATA_PLANE, OBO],
        notProbed: [{ endpoint: RELAY, reason: 'wildcard: allow the whole domain' }],
      },
    });
    expectGoldenCard('probe-card', card);
  });

  test('paste reading: a probe with one failing endpoint, pods with one problem, and a recognised CLI error', () => {
    const card = pasteReadingCard({
      probe: {
        lines: [
          { fqdn: DATA_PLANE.fqdn, port: 443, ok: false, failedAt: 'tcp', httpCode: '000', curlExit: 7, reason: 'The TCP connection was refused or timed out.', fix: 'Allow it on the firewall.' },
          { fqdn: 'gbl.his.arc.azure.com', port: 443, ok: true, httpCode: '404', curlExit: 0, ip: '20.50.1.2' },
        ],
        failing: [
          { fqdn: DATA_PLANE.fqdn, port: 443, ok: false, failedAt: 'tcp', httpCode: '000', curlExit: 7, reason: 'The TCP connection was refused or timed out.', fix: 'Allow it on the firewall.' },
        ],
        unread: 0,
        failureOutsideReadLines: false,
      },
      pods: {
        pods: [{ name: 'clusteridentityoperator-5d8c9b7f4-abcde', readyContainers: 1, totalContainers: 2, status: 'CrashLoopBackOff' }],
        problems: [{
          pod: { name: 'clusteridentityoperator-5d8c9b7f4-abcde', readyContainers: 1, totalContainers: 2, status: 'CrashLoopBackOff' },
          kind: 'crash-loop',
          meaning: 'The container keeps restarting.',
          nextStep: 'kubectl logs -n azure-arc clusteridentityoperator-5d8c9b7f4-abcde --all-containers',
        }],
        verdict: 'crash-loop',
        unreadRows: 0,
        unattributedStatuses: [],
      },
      errors: [{
        code: 'AZK8S0513', name: 'Connectivity check failed', meaning: 'The CLI machine cannot reach an Arc endpoint.', fix: 'Allow the endpoints of `endpoints <region>`.', sources: ['CLI-errors'],
      }],
    });
    expectGoldenCard('paste-reading-card', card);
  });
});
