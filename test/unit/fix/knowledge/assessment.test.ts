import { assess, featuresFor } from '../../../../src/fix/knowledge/assessment';
import type { DiagnoseContext, RecordedAnswer } from '../../../../src/fix/knowledge/diagnose-context';
import { aCluster, DAY, offline, TEST_NOW as NOW } from '../../../support/clusters';
import type { Cluster } from '../../../../src/clusters/cluster';

function ctx(cluster: Cluster, answers: RecordedAnswer[] = []): DiagnoseContext {
  return { cluster, cloud: 'public', region: cluster.location, now: NOW, latestAgent: '1.36.1', answers };
}

describe('assess (answers + cluster -> findings)', () => {
  test('Expired: certificate cause first, with delete + reconnect carrying private-link and proxy flags, and the extensions warning', () => {
    const cluster = aCluster({ status: 'Expired', certificateExpiresAt: new Date(NOW.getTime() - 3 * DAY), privateLinkEnabled: true, privateLinkScopeResourceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.HybridCompute/privateLinkScopes/pls1' });
    const f = assess(ctx(cluster, [{ node: 'E1', answer: 'proxy' }]));
    expect(f.causes[0].id).toBe('certificate-expired');
    expect(f.causes[0].explanation).toMatch(/removes the cluster extensions and configurations/);
    const connect = f.causes[0].fixes.find((x) => x.startsWith('az connectedk8s connect'))!;
    expect(connect).toMatch(/-n store-0421 -g rg-edge-prod --subscription 11111111-2222-3333-4444-555555555555 -l westeurope/);
    expect(connect).toMatch(/--proxy-https/);
    expect(connect).toMatch(/--enable-private-link true --private-link-scope-resource-id \/subscriptions\/s\/.*pls1/);
    expect(f.causes[0].fixes).toContain('az connectedk8s delete -n store-0421 -g rg-edge-prod --subscription 11111111-2222-3333-4444-555555555555');
  });

  test('ranks causes: cluster down beats an old agent; evidence mixes the answer and the cluster data', () => {
    const cluster = offline(aCluster({ agentVersion: '1.30.2' }), NOW, 180);
    const f = assess(ctx(cluster, [{ node: 'B1', answer: 'no' }]));
    expect(f.causes.map((c) => c.id)).toEqual(['cluster-down', 'agent-out-of-support']);
    expect(f.causes[0].evidence).toEqual(['The cluster is down or unreachable']);
    expect(f.causes[1].evidence[0]).toMatch(/Agent 1\.30\.2 is 6 minor versions behind 1\.36\.1/);
    expect(f.evidence[0]).toBe('Status in Azure: Offline');
    expect(f.evidence).toContain('B1: The cluster is down or unreachable');
  });

  test('pasted probe output adds causes and detail; conditional findings only under their condition', () => {
    const answers: RecordedAnswer[] = [
      { node: 'B5', answer: 'no', detail: ['westeurope.dp.kubernetesconfiguration.azure.com:443 DNS: does not resolve'], causes: ['dns-failure'], tags: ['probe'] },
      { node: 'B6', answer: 'configured' },
      { node: 'B7', answer: 'other' },
    ];
    const f = assess(ctx(offline(aCluster(), NOW, 180), answers));
    const ids = f.causes.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['dns-failure', 'egress-blocked', 'proxy-blocks', 'tls-inspection']));
    expect(ids).not.toContain('tls-inspection-gateway');
    expect(f.causes.find((c) => c.id === 'dns-failure')!.evidence[0]).toMatch(/does not resolve/);
    const gw = assess(ctx(offline(aCluster({ gatewayEnabled: true }), NOW, 180), answers));
    expect(gw.causes.map((c) => c.id)).toContain('tls-inspection-gateway');
  });

  test('skipped questions are listed, not counted as evidence', () => {
    const f = assess(ctx(offline(aCluster(), NOW, 180), [{ node: 'B1', answer: 'yes' }, { node: 'B2', answer: 'skip' }]));
    expect(f.skipped).toEqual(['B2 Are the Arc agents healthy?']);
    expect(f.causes).toEqual([]);
    expect(f.nextSteps.commands).toEqual(['az connectedk8s troubleshoot -g rg-edge-prod -n store-0421 --subscription 11111111-2222-3333-4444-555555555555']);
  });

  test('Connected with little certificate left means renewal is stuck (V1)', () => {
    const f = assess(ctx(aCluster({ status: 'Connected', certificateExpiresAt: new Date(NOW.getTime() + 20 * DAY) }), [{ node: 'V1', answer: 'on' }]));
    expect(f.causes.map((c) => c.id)).toEqual(['certificate-renewal-stuck']);
  });

  test('Cluster Connect on a private-link cluster: not supported is the top cause', () => {
    const f = assess(ctx(aCluster({ status: 'Connected', privateLinkEnabled: true }), [{ node: 'ROOT', answer: 'cluster-connect' }]));
    expect(f.causes[0].id).toBe('cluster-connect-private-link');
    expect(f.allowlistFeatures).not.toContain('cluster-connect');
  });

  test('allowlist follows the cluster: RBAC from aadProfile, gateway from data, Cluster Connect from answers', () => {
    expect(featuresFor(ctx(offline(aCluster({ azureRbacEnabled: true }), NOW, 180)))).toEqual(['core', 'rbac']);
    expect(featuresFor(ctx(offline(aCluster({ gatewayEnabled: true }), NOW, 180)))).toEqual(['core', 'gateway']);
    expect(featuresFor(ctx(aCluster({ status: 'Connected' }), [{ node: 'ROOT', answer: 'cluster-connect' }]))).toEqual(['core', 'cluster-connect']);
    const f = assess(ctx(offline(aCluster({ location: 'eastus2' }), NOW, 180)));
    expect(f.allowlist.map((e) => e.fqdn)).toContain('eastus2.dp.kubernetesconfiguration.azure.com');
  });
});

describe('urgent first, destructive last', () => {
  test('an Offline cluster whose certificate expires in 3 days: the findings lead with the expiry, what happens then and what to do now', () => {
    const cluster = offline(aCluster({ certificateExpiresAt: new Date(NOW.getTime() + 3 * DAY) }), NOW, 180);
    const f = assess(ctx(cluster, [{ node: 'B4', answer: 'no', causes: ['dns-failure'] }]));
    expect(f.urgent).toEqual([
      `⏳ Certificate expires ${new Date(NOW.getTime() + 3 * DAY).toISOString().slice(0, 16).replace('T', ' ')} UTC (in 3 d)`,
      expect.stringMatching(/^At expiry the cluster becomes Expired: then the only fix is to delete its Azure Arc resource and onboard it again/),
      expect.stringMatching(/^Do now: restore connectivity before .* UTC\. The certificate renews by itself once the cluster connects\.$/),
    ]);
    // Connected, it renews by itself: nothing urgent.
    expect(assess(ctx({ ...cluster, status: 'Connected', lastConnectivityTime: NOW })).urgent).toBeUndefined();
  });

  test('a cause whose first fix deletes the cluster ranks after a cause a non-destructive fix may solve, unless the certificate has expired', () => {
    const cluster = offline(aCluster(), NOW, 180);
    const f = assess(ctx(cluster, [{ node: 'B2', answer: 'running', causes: ['agents-missing', 'dns-failure'] }]));
    expect(f.causes.map((c) => c.id).slice(0, 2)).toEqual(['dns-failure', 'agents-missing']);
    expect(f.causes[1].fixes[0]).toMatch(/^az connectedk8s delete/);
    const expired = aCluster({ status: 'Expired', certificateExpiresAt: new Date(NOW.getTime() - DAY) });
    expect(assess(ctx(expired, [{ node: 'B4', answer: 'no', causes: ['dns-failure'] }])).causes[0].id).toBe('certificate-expired');
  });
});
