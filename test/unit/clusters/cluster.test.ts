import type { ArcClusterRow } from '../../../src/clusters/arc-cluster-row';
import { parseClusterRow, parseClusterRows, RowParseError } from '../../../src/clusters/cluster';
import { exampleRow } from './example-arc-row';

describe('parseClusterRow: one parser for Resource Graph and the demo file', () => {
  test('the documented example Resource Graph row becomes a Cluster with every field the cards need', () => {
    expect(parseClusterRow(exampleRow())).toEqual({
      id: '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-edge-prod/providers/Microsoft.Kubernetes/connectedClusters/store-0421-k3s',
      name: 'store-0421-k3s',
      subscriptionId: '11111111-2222-3333-4444-555555555555',
      resourceGroup: 'rg-edge-prod',
      location: 'westeurope',
      tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      status: 'Offline',
      lastConnectivityTime: new Date('2026-10-14T07:52:31.441Z'),
      certificateExpiresAt: new Date('2026-12-29T06:10:00Z'),
      agentVersion: '1.35.3',
      kubernetesVersion: '1.32.6',
      distribution: 'k3s',
      distributionVersion: undefined, // "" in the row
      infrastructure: 'generic',
      nodeCount: 3,
      coreCount: 24,
      privateLinkEnabled: false,
      privateLinkScopeResourceId: undefined,
      azureRbacEnabled: false,
      gatewayEnabled: false,
      agentAutoUpgrade: 'Enabled',
      provisioningState: 'Succeeded',
      tags: { env: 'prod', site: 'store-0421', owner: 'platform-team' },
    });
  });

  test('private link, Azure RBAC and the gateway are read from their properties', () => {
    const row = exampleRow();
    row.properties = {
      ...row.properties,
      privateLinkState: 'Enabled',
      privateLinkScopeResourceId: '/subscriptions/1/resourceGroups/rg/providers/Microsoft.HybridCompute/privateLinkScopes/pls',
      aadProfile: { enableAzureRBAC: true },
      gateway: { enabled: true },
    };
    const c = parseClusterRow(row);
    expect(c.privateLinkEnabled).toBe(true);
    expect(c.privateLinkScopeResourceId).toContain('privateLinkScopes/pls');
    expect(c.azureRbacEnabled).toBe(true);
    expect(c.gatewayEnabled).toBe(true);
  });

  test('a row with only a connectivity status (trimmed projections) still parses', () => {
    const c = parseClusterRow({ id: exampleRow().id, name: 'store-0421-k3s', properties: { connectivityStatus: 'Connected' } });
    expect(c.status).toBe('Connected');
    expect(c.lastConnectivityTime).toBeUndefined();
    expect(c.certificateExpiresAt).toBeUndefined();
    expect(c.agentVersion).toBeUndefined();
    expect(c.nodeCount).toBeUndefined();
    expect(c.tags).toEqual({});
    // subscription and resource group fall back to the resource id when the columns are missing
    expect(c.subscriptionId).toBe('11111111-2222-3333-4444-555555555555');
    expect(c.resourceGroup).toBe('rg-edge-prod');
    expect(c.location).toBe('');
  });

  test('nulls everywhere (tags, identity, properties, dates, counts) are tolerated', () => {
    const row: ArcClusterRow = {
      id: 'not-an-arm-id',
      name: 'lab',
      tags: null,
      identity: null,
      properties: {
        connectivityStatus: 'Connecting',
        lastConnectivityTime: null,
        managedIdentityCertificateExpirationTime: null,
        agentVersion: null,
        kubernetesVersion: null,
        totalNodeCount: null,
        totalCoreCount: null,
        aadProfile: null,
        arcAgentProfile: null,
        gateway: null,
      },
    };
    const c = parseClusterRow(row);
    expect(c.status).toBe('Connecting');
    expect(c.lastConnectivityTime).toBeUndefined();
    expect(c.certificateExpiresAt).toBeUndefined();
    expect(c.nodeCount).toBeUndefined();
    expect(c.tags).toEqual({});
    expect(c.subscriptionId).toBe('');
    expect(c.resourceGroup).toBe('');
    expect(c.gatewayEnabled).toBe(false);
    expect(c.agentAutoUpgrade).toBeUndefined();
  });

  test('unreadable dates and counts become "unknown", not Invalid Date or NaN', () => {
    const row = exampleRow();
    row.properties = { ...row.properties, lastConnectivityTime: 'yesterday', managedIdentityCertificateExpirationTime: '', totalNodeCount: Number.NaN, totalCoreCount: '24' as unknown as number };
    const c = parseClusterRow(row);
    expect(c.lastConnectivityTime).toBeUndefined();
    expect(c.certificateExpiresAt).toBeUndefined();
    expect(c.nodeCount).toBeUndefined();
    expect(c.coreCount).toBeUndefined();
  });

  test('region is lower-cased, columns win over the id, non-string tag values are dropped', () => {
    const row = exampleRow();
    row.location = 'WestEurope';
    row.resourceGroup = 'RG-Edge-Prod';
    row.tags = { env: 'prod', count: 3 as unknown as string };
    const c = parseClusterRow(row);
    expect(c.location).toBe('westeurope');
    expect(c.resourceGroup).toBe('RG-Edge-Prod');
    expect(c.tags).toEqual({ env: 'prod' });
  });

  test.each([
    ['no id', { name: 'a' }],
    ['no name', { id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Kubernetes/connectedClusters/a' }],
    ['a numeric name', { id: 'x', name: 42 }],
    ['an empty name', { id: 'x', name: '' }],
    ['a blank id', { id: '  ', name: 'a' }],
    ['null', null],
    ['a string', 'store-0421'],
  ])('a row with %s is rejected with RowParseError', (_what, row) => {
    expect(() => parseClusterRow(row as unknown as ArcClusterRow)).toThrow(RowParseError);
  });

  test.each([
    ['no properties', {}],
    ['properties: null', { properties: null }],
    ['no connectivityStatus', { properties: { agentVersion: '1.36.1' } }],
    ['a blank connectivityStatus', { properties: { connectivityStatus: ' ' } }],
  ])('a row with %s is invalid data that still names its cluster, never an "Unknown" cluster', (_what, extra) => {
    const id = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Kubernetes/connectedClusters/probe-001';
    const parse = () => parseClusterRow({ id, name: 'probe-001', ...extra } as unknown as ArcClusterRow);
    expect(parse).toThrow(new RowParseError('row has no connectivity status'));
    expect(() => parse()).toThrow(expect.objectContaining({ clusterId: id }));
  });
});

describe('parseClusterRows', () => {
  test('skips bad rows, reports each with its index, keeps the good ones in order', () => {
    const bad: [number, string][] = [];
    const good2 = { ...exampleRow(), name: 'second' };
    const clusters = parseClusterRows([exampleRow(), null, { name: 'no-id' }, good2, 7], (index, error) => bad.push([index, error.message]));
    expect(clusters.map((c) => c.name)).toEqual(['store-0421-k3s', 'second']);
    expect(bad.map(([i]) => i)).toEqual([1, 2, 4]);
    expect(bad[1][1]).toBe('row has no id or name');
  });

  test('works without a bad-row callback', () => {
    expect(parseClusterRows([undefined, exampleRow()])).toHaveLength(1);
  });
});
