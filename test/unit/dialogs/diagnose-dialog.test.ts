import { testRenderer } from '../../support/cards';
import { DialogTestClient } from 'botbuilder-testing';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DiagnoseDialog, type DiagnoseResult } from '../../../dialogs/diagnose-dialog';
import type { Cluster } from '../../../src/clusters/cluster';
import { ManualClock } from '../../../src/core/clock';
import { toClusterFacts } from '../../../src/clusters/cluster-facts';
import { aCluster, DAY, offline, TEST_NOW as NOW } from '../../support/clusters';
import { buttonCommands, cardOf, play } from './transcript';

function client(cluster: Cluster, options: { lookup?: (id: string) => Promise<Cluster | undefined>; snapshot?: boolean } = {}): DialogTestClient {
  const dialog = new DiagnoseDialog({ lookupCluster: options.lookup ?? (async () => cluster), clock: new ManualClock(NOW), renderer: testRenderer() });
  const start = options.snapshot === false ? { clusterId: cluster.id } : { clusterId: cluster.id, cluster: toClusterFacts(cluster) };
  return new DialogTestClient('msteams', dialog, start);
}

function result(c: DialogTestClient): DiagnoseResult {
  expect(c.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
  return c.dialogTurnResult.result as DiagnoseResult;
}

const PENDING_PODS = `NAME                                         READY   STATUS    RESTARTS   AGE
clusteridentityoperator-5b9f7b8c9d-zt7wm     0/2     Pending   0          12m
config-agent-7f6d8b9c5-kx2lq                 0/2     Pending   0          12m`;

describe('diagnose dialog: branches of the decision tree', () => {
  test('Expired -> certificate branch (E1): delete + reconnect with the warning about extensions and configurations', async () => {
    const c = client(aCluster({ status: 'Expired', certificateExpiresAt: new Date(NOW.getTime() - 5 * DAY) }));
    const [q, done] = await play(c, [
      ['diagnose store-0421', /step 1: Certificate expired[\s\S]*deleting also removes cluster extensions and configurations/],
      ['no', /Findings for store-0421[\s\S]*1\. Managed identity certificate expired\. Fix: az k8s-extension list -c store-0421 -g rg-edge-prod -t connectedClusters --subscription 1111/],
    ]);
    expect(buttonCommands(cardOf(q))).toEqual(['proxy', 'no-proxy', 'skip', 'back', 'help', 'cancel']);
    expect(JSON.stringify(cardOf(done))).toContain('az connectedk8s connect -n store-0421 -g rg-edge-prod --subscription 11111111-2222-3333-4444-555555555555 -l westeurope');
    expect(result(c)).toEqual({ outcome: 'findings', clusterName: 'store-0421', causes: ['certificate-expired'] });
  });

  test('Offline, everything healthy: B1 -> B2 -> B3 -> B4 -> B5 -> B8 (no cause yet) -> findings; proxy/TLS/agent questions not asked', async () => {
    const c = client(offline(aCluster(), NOW, 180));
    await play(c, [
      ['diagnose store-0421', /step 1: Is the cluster up\?[\s\S]*Run:\nkubectl get nodes\nkubectl cluster-info\n/],
      ['yes', /step 2: Are the Arc agents healthy\?/],
      ['all running', /step 3: Is the MSI certificate Secret present\?/],
      ['1', /step 4: Does DNS resolve[\s\S]*nslookup westeurope\.dp\.kubernetesconfiguration\.azure\.com; nslookup gbl\.his\.arc\.azure\.com/],
      ['yes', /step 5: Can the cluster reach the endpoints over HTTPS\?[\s\S]*Run:\nkubectl run arcprobe --rm -i --quiet --restart=Never -n azure-arc [^\n]*westeurope\.dp\.kubernetesconfiguration\.azure\.com:443/],
      ['yes', /step 6: Clock skew\? \(unverified\)/],
      ['no', /Findings for store-0421 \(Offline\)\.\nNo cause stood out\. Next: az connectedk8s troubleshoot -g rg-edge-prod -n store-0421 --subscription 1111/],
    ]);
    expect(result(c).causes).toEqual([]);
  });

  test('Offline, the full failing chain: crash loop, no MSI secret, probe shows TLS inspection, proxy not configured, old agent with auto-upgrade off', async () => {
    const c = client(offline(aCluster({ agentVersion: '1.31.0' }), NOW, 180));
    const probe = [
      'ARCPROBE management.azure.com 443 dns=ok tcp=ok tls=fail http=000 rc=60 ip=10.9.0.1',
      'ARCPROBE westeurope.dp.kubernetesconfiguration.azure.com 443 dns=ok tcp=ok tls=fail http=000 rc=60 ip=10.9.0.1',
      'ARCPROBE mcr.microsoft.com 443 dns=ok tcp=ok tls=ok http=200 rc=0 ip=13.1.1.1',
    ].join('\n');
    await play(c, [
      ['diagnose', /Is the cluster up\?/],
      ['y', /Are the Arc agents healthy\?/],
      ['crashloop', /Is the MSI certificate Secret present\?/],
      ['missing', /Does DNS resolve/],
      ['yes', /Can the cluster reach the endpoints/],
      [probe, /Is a proxy in the path\?\nI read 3 endpoints: 2 failing\. Taken as "Some fail \(000\)"\./],
      ['not configured', /Is TLS being intercepted\?[\s\S]*curl -v https:\/\/management\.azure\.com/],
      ['other', /Are the agents in support\?[\s\S]*Agents run 1\.31\.0; the latest known is 1\.36\.1/],
      ['false', /Findings for store-0421/],
    ]);
    const causes = result(c).causes!;
    expect(causes.slice(0, 3)).toEqual(['proxy-not-configured', 'egress-blocked', 'tls-inspection']);
    expect(causes).toEqual(expect.arrayContaining(['msi-certificate-missing', 'agents-crashloop', 'agent-out-of-support', 'auto-upgrade-off']));
    expect(causes).not.toContain('clock-skew');
  });

  test('Offline, cluster down at B1 ends at once with that cause', async () => {
    const c = client(offline(aCluster(), NOW, 180));
    await play(c, [
      ['diagnose', /Is the cluster up\?/],
      ['no', /1\. The Kubernetes cluster itself is down or unreachable\. Fix: kubectl get nodes/],
    ]);
    expect(result(c).causes).toEqual(['cluster-down']);
  });

  test('B2 understands pasted kubectl output: Pending pods end with the capacity finding', async () => {
    const c = client(offline(aCluster(), NOW, 180));
    await play(c, [
      ['diagnose', /Is the cluster up\?/],
      ['yes', /paste the output of `kubectl get pods -n azure-arc`/],
      [PENDING_PODS, /Agent pods are Pending: not enough resources/],
    ]);
    expect(result(c).causes).toEqual(['pods-pending']);
  });

  test('private link: DNS step says private IPs and offers "public IPs"; without private link that answer is refused', async () => {
    const pl = client(offline(aCluster({ privateLinkEnabled: true }), NOW, 180));
    const replies = await play(pl, [
      ['diagnose', /Is the cluster up\?/],
      ['yes', /agents healthy/],
      ['running', /MSI certificate/],
      ['yes', /Private link is enabled: the his, guestconfiguration and dp names must return PRIVATE IPs/],
      ['public', /Can the cluster reach the endpoints/],
    ]);
    expect(buttonCommands(cardOf(replies[3]))).toContain('public');
    const plain = client(offline(aCluster(), NOW, 180));
    await play(plain, [
      ['diagnose', /Is the cluster up\?/],
      ['yes', /agents healthy/],
      ['running', /MSI certificate/],
      ['yes', /Does DNS resolve/],
      ['public', /"public" is not one of the answers\. Valid answers: 1\) yes, 2\) no; or skip, back, cancel, help\./],
    ]);
  });

  test('Connecting -> onboarding (C1): recent onboarding says wait', async () => {
    const c = client(aCluster({ status: 'Connecting', agentVersion: undefined }));
    await play(c, [
      ['diagnose', /Connecting: how long since onboarding\?/],
      ['less than 15 minutes', /Onboarding is still in progress/],
    ]);
    expect(result(c).causes).toEqual(['onboarding-recent']);
  });

  test('Connecting for long: C2 reads a pasted AZK8S error, then continues with the agents', async () => {
    const c = client(aCluster({ status: 'Connecting', agentVersion: undefined }));
    await play(c, [
      ['diagnose', /how long since onboarding/],
      ['longer', /Did onboarding print an error\?/],
      ['(X) [AZK8S0513] HelmTimeoutImagePullFailed: Timed out waiting for images', /Are the Arc agents healthy\?\nI read AZK8S0513\. Taken as "Yes \(paste it\)"\./],
      ['imagepull', /Does DNS resolve/],
      ['no', /Findings/],
    ]);
    expect(result(c).causes).toEqual(['dns-failure', 'onboarding-error', 'image-pull']);
  });

  test('Connected with broken Cluster Connect -> F1: clusterconnect-agent missing -> enable-features', async () => {
    const c = client(aCluster({ status: 'Connected', lastConnectivityTime: new Date(NOW.getTime() - 60_000) }));
    const [root] = await play(c, [
      ['diagnose', /store-0421 is Connected\. What is not working\?/],
      ['cluster connect', /Are clusterconnect-agent and kube-aad-proxy running\?/],
      ['clusterconnect-agent missing', /Cluster Connect is not enabled\. Fix: az connectedk8s enable-features --features cluster-connect -n store-0421 -g rg-edge-prod --subscription 1111/],
    ]);
    expect(buttonCommands(cardOf(root)).slice(0, 3)).toEqual(['cluster-connect', 'rbac', 'nothing']);
  });

  test('Connected + Cluster Connect on a private-link cluster: no pod questions, straight to "not supported"', async () => {
    const c = client(aCluster({ status: 'Connected', privateLinkEnabled: true }));
    await play(c, [
      ['diagnose', /What is not working\?/],
      ['1', /1\. Cluster Connect is not supported with private link/],
    ]);
  });

  test('Connected, F2: obo:8084 blocked', async () => {
    const c = client(aCluster({ status: 'Connected', azureRbacEnabled: true }));
    const replies = await play(c, [
      ['diagnose', /What is not working\?/],
      ['rbac', /clusterconnect-agent and kube-aad-proxy/],
      ['both running', /does https:\/\/westeurope\.obo\.arc\.azure\.com:8084\/ answer/],
      ['obo:8084 gives 000', /Cluster Connect endpoints are blocked/],
    ]);
    expect(JSON.stringify(cardOf(replies[3]))).toContain('graph.microsoft.com:443');
  });

  test('Connected and healthy -> V1 hygiene: certificate days and agent support shown; low certificate days flagged', async () => {
    const c = client(aCluster({ status: 'Connected', certificateExpiresAt: new Date(NOW.getTime() + 30 * DAY) }));
    await play(c, [
      ['diagnose', /What is not working\?/],
      ['nothing', /Certificate: 30 days left\. Agents: 1\.36\.1 \(latest known 1\.36\.1\)\. Is agent auto-upgrade on\?/],
      ['true', /Certificate renewal is not happening/],
    ]);
  });

  test('the dialog looks the cluster up by id when the options carry no snapshot, and ends politely when it is gone', async () => {
    const cluster = offline(aCluster(), NOW, 180);
    const found = client(cluster, { snapshot: false, lookup: async (id) => (id === cluster.id ? cluster : undefined) });
    await play(found, [['diagnose', /Is the cluster up\?/]]);
    const gone = client(cluster, { snapshot: false, lookup: async () => undefined });
    await play(gone, [['diagnose', /I could not find that cluster any more/]]);
    expect(result(gone)).toEqual({ outcome: 'not-found' });
  });
});

describe('diagnose dialog: skip, back, cancel, help and bad answers', () => {
  test('a click on an older card (or a double click) does not answer the current question', async () => {
    const c = client(offline(aCluster(), NOW, 180));
    await play(c, [['diagnose', /step 1: Is the cluster up\?/]]);
    const click = (command: string, step: string) => c.sendActivity({ type: 'message', value: { command, diagnoseStep: step } });
    const second = await click('yes', 'B1');
    expect(cardOf(second)!.fallbackText).toMatch(/step 2: Are the Arc agents healthy\?/);
    const again = await click('no', 'B1');
    expect(cardOf(again)!.fallbackText).toMatch(/step 2: Are the Arc agents healthy\?\nThat button belongs to an earlier question \("Is the cluster up\?"\); this is the current one\./);
    const cancel = await click('cancel', 'B1');
    expect(cardOf(cancel)!.fallbackText).toMatch(/cancelled/);
  });

  test('back returns to the previous question and forgets its answer; back at the start says so', async () => {
    const c = client(offline(aCluster(), NOW, 180));
    await play(c, [
      ['diagnose', /step 1: Is the cluster up\?/],
      ['back', /step 1: Is the cluster up\?\nThis is the first question; there is nothing to go back to\./],
      ['yes', /step 2: Are the Arc agents healthy\?/],
      ['back', /step 1: Is the cluster up\?\nBack to the previous question\./],
      ['no', /cluster itself is down/],
    ]);
    expect(result(c).causes).toEqual(['cluster-down']);
  });

  test('skip moves on and is listed in the findings; skipping B5 makes the proxy question relevant', async () => {
    const c = client(offline(aCluster(), NOW, 180));
    const replies = await play(c, [
      ['diagnose', /Is the cluster up\?/],
      ['skip', /Are the Arc agents healthy\?\nSkipped "Is the cluster up\?"\./],
      ['running', /MSI/],
      ['yes', /DNS/],
      ['yes', /HTTPS/],
      ['skip', /Is a proxy in the path\?/],
      ['no', /Clock skew/],
      ['no', /Findings/],
    ]);
    expect(JSON.stringify(cardOf(replies[replies.length - 1]))).toContain('Skipped: B1 Is the cluster up?, B5 Can the cluster reach the endpoints over HTTPS?');
  });

  test('help explains the step and lists the valid answers; the question stays open', async () => {
    const c = client(offline(aCluster(), NOW, 180));
    await play(c, [
      ['diagnose', /Is the cluster up\?/],
      ['help', /step 1: Is the cluster up\?\nArc can only heartbeat when the cluster runs\.[\s\S]*Valid answers: 1\) yes, 2\) no; or skip, back, cancel, help\./],
      ['yes', /step 2/],
    ]);
  });

  test('an answer that is not an option repeats the question with the valid answers; numbers out of range too', async () => {
    const c = client(offline(aCluster(), NOW, 180));
    await play(c, [
      ['diagnose', /Is the cluster up\?/],
      ['banana', /"banana" is not one of the answers\. Valid answers: 1\) yes, 2\) no/],
      ['7', /"7" is not one of the answers/],
      // Shown as typed (the question card's runs are literal): no backslashes added.
      ['a_b *c* [x](javascript:alert(1))', /"a_b \*c\* \[x\]\(javascript:alert\(1\)\)" is not one of the answers/],
      ['\u0000\u0001\u0002binary', /I could not read that\. Valid answers/],
      ['2', /cluster itself is down/],
    ]);
  });

  test('cancel ends the dialog at any step without findings', async () => {
    const c = client(offline(aCluster(), NOW, 180));
    await play(c, [
      ['diagnose', /Is the cluster up\?/],
      ['yes', /agents/],
      ['cancel', /^Diagnosis of store-0421 cancelled\. Nothing was changed\.$/],
    ]);
    expect(result(c)).toEqual({ outcome: 'cancelled' });
  });

  test('every question card offers its answers as Action.Submit buttons whose command is the answer text', async () => {
    const c = client(offline(aCluster(), NOW, 180));
    const [first] = await play(c, [['diagnose', /Is the cluster up\?/]]);
    const content = cardOf(first)!;
    expect(content.version).toBe('1.5');
    // the card goes alone (Teams splits text + attachment); the summary is its first line
    expect(first.text).toBeUndefined();
    expect(first.summary).toBe('Diagnose store-0421 · step 1: Is the cluster up?');
    expect(buttonCommands(content)).toEqual(['yes', 'no', 'skip', 'back', 'help', 'cancel']);
  });
});
