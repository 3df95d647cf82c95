import type { ArcClusterRow } from '../../../src/clusters/arc-cluster-row';

/** A full Resource Graph row of a connected cluster (invented identifiers; schema https://github.com/Azure/azure-rest-api-specs/blob/main/specification/hybridkubernetes/resource-manager/Microsoft.Kubernetes/HybridKubernetes/stable/2026-05-01/connectedClusters.json). */
export function exampleRow(): ArcClusterRow {
  // Cast, not annotation: the row has fields (systemComponents, ...) the bot does not model.
  const row = {
    id: '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-edge-prod/providers/Microsoft.Kubernetes/connectedClusters/store-0421-k3s',
    name: 'store-0421-k3s',
    type: 'microsoft.kubernetes/connectedclusters',
    tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    kind: '',
    location: 'westeurope',
    resourceGroup: 'rg-edge-prod',
    subscriptionId: '11111111-2222-3333-4444-555555555555',
    managedBy: '',
    sku: null,
    plan: null,
    tags: { env: 'prod', site: 'store-0421', owner: 'platform-team' },
    identity: {
      type: 'SystemAssigned',
      principalId: '99999999-8888-7777-6666-555555555555',
      tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    },
    zones: null,
    extendedLocation: null,
    properties: {
      agentPublicKeyCertificate: 'MIICCgKCAgEAxExampleOnlyBase64Value==',
      provisioningState: 'Succeeded',
      connectivityStatus: 'Offline',
      lastConnectivityTime: '2026-10-14T07:52:31.4410000Z',
      managedIdentityCertificateExpirationTime: '2026-12-29T06:10:00.0000000Z',
      agentVersion: '1.35.3',
      kubernetesVersion: '1.32.6',
      totalNodeCount: 3,
      totalCoreCount: 24,
      distribution: 'k3s',
      distributionVersion: '',
      infrastructure: 'generic',
      offering: null,
      privateLinkState: 'Disabled',
      azureHybridBenefit: 'NotApplicable',
      aadProfile: { enableAzureRBAC: false, adminGroupObjectIDs: null, tenantID: '' },
      arcAgentProfile: { desiredAgentVersion: null, agentAutoUpgrade: 'Enabled', systemComponents: [], agentErrors: [] },
      gateway: { enabled: false },
      oidcIssuerProfile: { enabled: false },
      securityProfile: { workloadIdentity: { enabled: false } },
      arcAgentryConfigurations: null,
      miscellaneousProperties: { createCorrelationId: '0f0e0d0c-0b0a-0908-0706-050403020100' },
    },
  };
  return row as ArcClusterRow;
}
