#!/usr/bin/env node
// Writes data/demo-fleet.json: a realistic, deterministic demo fleet in exactly the shape Azure
// Resource Graph returns for `resources | where type =~ 'microsoft.kubernetes/connectedclusters'`
// (a response body with `data`, resultFormat objectArray; https://github.com/Azure/azure-rest-api-specs/blob/main/specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/resourcegraph.json).
// Times are anchored at ANCHOR; the bundled demo directory shifts them to "now" when it serves them.
const fs = require('node:fs');
const path = require('node:path');

const ANCHOR = Date.parse('2026-11-01T12:00:00Z');
const MIN = 60_000, DAY = 86_400_000;
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const iso = (t) => new Date(t).toISOString().replace('Z', '0000Z').replace(/\.(\d{3})0000Z$/, '.$10000Z');

const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const SUBS = { prod: '11111111-2222-3333-4444-555555555555', lab: '66666666-7777-8888-9999-000000000000' };
const shapes = [
  // [name, rg, sub, region, distribution, infrastructure, status, extra]
  ...Array.from({ length: 18 }, (_, i) => [`store-${String(101 + i * 23).padStart(4, '0')}`, 'rg-edge-prod', 'prod', pick(['westeurope', 'northeurope', 'uksouth', 'francecentral']), 'k3s', 'generic']),
  ['store-0421', 'rg-edge-prod', 'prod', 'westeurope', 'k3s', 'generic', 'Offline', { offlineMin: 41, certDays: 38 }],
  ['store-0422', 'rg-edge-prod', 'prod', 'westeurope', 'k3s', 'generic', 'Offline', { offlineMin: 60 * 26, certDays: 12 }],
  ['store-0519', 'rg-edge-prod', 'prod', 'northeurope', 'k3s', 'generic', 'Expired', { offlineMin: 60 * 24 * 95, certDays: -4 }],
  ['store-0610', 'rg-edge-prod', 'prod', 'uksouth', 'k3s', 'generic', 'Connected', { staleMin: 22 }],
  ['store-0733', 'rg-edge-prod', 'prod', 'westeurope', 'k3s', 'generic', 'Offline', { offlineMin: 60 * 24 * 40, certDays: 3 }],
  ['factory-ber-01', 'rg-factories', 'prod', 'germanywestcentral', 'aks_edge_essentials', 'azure_stack_hci'],
  ['factory-ber-02', 'rg-factories', 'prod', 'germanywestcentral', 'aks_edge_essentials', 'azure_stack_hci', 'Offline', { offlineMin: 180, certDays: 51 }],
  ['factory-muc-01', 'rg-factories', 'prod', 'germanywestcentral', 'aks_edge_essentials', 'azure_stack_hci', 'Connected', { agent: '1.31.4' }],
  ['factory-lyon-01', 'rg-factories', 'prod', 'francecentral', 'openshift', 'vsphere', 'Connected', { privateLink: true }],
  ['factory-lyon-02', 'rg-factories', 'prod', 'francecentral', 'openshift', 'vsphere', 'Offline', { offlineMin: 95, certDays: 70, privateLink: true }],
  ['factory-osaka-01', 'rg-factories-apac', 'prod', 'japaneast', 'rancher_rke2', 'vsphere'],
  ['factory-pune-01', 'rg-factories-apac', 'prod', 'centralindia', 'rancher_rke2', 'generic', 'Connecting', { createdMin: 7 }],
  ['dc-ams-prod-01', 'rg-datacenter', 'prod', 'westeurope', 'openshift', 'vsphere', 'Connected', { nodes: 24, cores: 384, rbac: true }],
  ['dc-ams-prod-02', 'rg-datacenter', 'prod', 'westeurope', 'openshift', 'vsphere', 'Connected', { nodes: 24, cores: 384, rbac: true, gateway: true }],
  ['dc-dal-prod-01', 'rg-datacenter', 'prod', 'southcentralus', 'rancher_rke2', 'vsphere', 'Connected', { nodes: 16, cores: 256 }],
  ['dc-dal-prod-02', 'rg-datacenter', 'prod', 'southcentralus', 'rancher_rke2', 'vsphere', 'Connected', { nodes: 16, cores: 256, agent: '1.33.2' }],
  ['aws-payments-eks', 'rg-multicloud', 'prod', 'eastus', 'eks', 'aws', 'Connected', { nodes: 12, cores: 96 }],
  ['aws-search-eks', 'rg-multicloud', 'prod', 'eastus2', 'eks', 'aws', 'Connected', { nodes: 8, cores: 64 }],
  ['gcp-analytics-gke', 'rg-multicloud', 'prod', 'westus2', 'gke', 'gcp', 'Connected', { nodes: 10, cores: 80 }],
  ['gcp-ml-gke', 'rg-multicloud', 'prod', 'westus2', 'gke', 'gcp', 'Offline', { offlineMin: 60 * 24 * 3, certDays: 44 }],
  ['aws-agentless-eks', 'rg-multicloud', 'prod', 'eastus', 'eks', 'aws', 'AgentNotInstalled', { agentless: true }],
  ['edge-gw', 'rg-edge-prod', 'prod', 'westeurope', 'k3s', 'generic', 'Connected'],
  ['edge-gw', 'rg-lab', 'lab', 'eastus', 'kind', 'generic', 'Offline', { offlineMin: 300, certDays: 60 }],
  ['lab-k3s-01', 'rg-lab', 'lab', 'eastus', 'k3s', 'generic', 'Connected', { agent: '1.29.0' }],
  ['lab-k3s-02', 'rg-lab', 'lab', 'eastus', 'k3s', 'generic', 'Connecting', { createdMin: 48 }],
  ['lab-microk8s', 'rg-lab', 'lab', 'westus2', 'microk8s', 'generic', 'Connected'],
  ['ship-atlantic-7', 'rg-maritime', 'prod', 'australiaeast', 'k3s', 'generic', 'Offline', { offlineMin: 60 * 24 * 20, certDays: 28 }],
  ['ship-pacific-2', 'rg-maritime', 'prod', 'australiaeast', 'k3s', 'generic', 'Connected', { privateLink: true }],
  ['retail-sgp-hub', 'rg-edge-apac', 'prod', 'southeastasia', 'aks_edge_essentials', 'azure_stack_hci', 'Connected'],
  ['retail-syd-hub', 'rg-edge-apac', 'prod', 'australiaeast', 'aks_edge_essentials', 'azure_stack_hci', 'Connected', { agent: '1.34.2' }],
];

const rows = shapes.map(([name, rg, sub, region, distribution, infrastructure, status = 'Connected', x = {}]) => {
  const subscriptionId = SUBS[sub];
  let last = ANCHOR - Math.floor(rnd() * 4) * MIN - 30_000;
  let certExp = ANCHOR + (60 + Math.floor(rnd() * 28)) * DAY;
  if (x.offlineMin !== undefined) last = ANCHOR - x.offlineMin * MIN;
  if (x.staleMin !== undefined) last = ANCHOR - x.staleMin * MIN;
  if (x.certDays !== undefined) certExp = ANCHOR + x.certDays * DAY + 7 * 3600_000;
  const connecting = status === 'Connecting';
  const agentless = !!x.agentless;
  const nodes = x.nodes ?? (distribution === 'k3s' ? 1 + Math.floor(rnd() * 3) : 3 + Math.floor(rnd() * 4));
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
    name,
    type: 'microsoft.kubernetes/connectedclusters',
    tenantId: TENANT,
    kind: agentless ? 'AWS' : '',
    location: region,
    resourceGroup: rg,
    subscriptionId,
    managedBy: '',
    sku: null,
    plan: null,
    tags: { env: sub === 'lab' ? 'lab' : 'prod', owner: rg === 'rg-datacenter' ? 'dc-team' : 'platform-team', ...(name.startsWith('store-') ? { site: name } : {}) },
    identity: agentless ? { type: 'None' } : { type: 'SystemAssigned', principalId: '99999999-8888-7777-6666-' + String(100000000000 + Math.floor(rnd() * 1e11)), tenantId: TENANT },
    zones: null,
    extendedLocation: null,
    properties: {
      provisioningState: 'Succeeded',
      connectivityStatus: status,
      lastConnectivityTime: connecting || agentless ? null : iso(last),
      managedIdentityCertificateExpirationTime: connecting || agentless ? null : iso(certExp),
      agentVersion: connecting || agentless ? null : (x.agent ?? pick(['1.36.1', '1.36.1', '1.35.3', '1.34.2'])),
      kubernetesVersion: connecting || agentless ? null : pick(['1.31.9', '1.32.6', '1.32.6', '1.33.2']),
      totalNodeCount: connecting || agentless ? null : nodes,
      totalCoreCount: connecting || agentless ? null : (x.cores ?? nodes * pick([4, 8, 8, 16])),
      distribution,
      distributionVersion: '',
      infrastructure,
      offering: null,
      privateLinkState: x.privateLink ? 'Enabled' : 'Disabled',
      ...(x.privateLink ? { privateLinkScopeResourceId: `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.HybridCompute/privateLinkScopes/pls-${region}` } : {}),
      azureHybridBenefit: 'NotApplicable',
      aadProfile: { enableAzureRBAC: !!x.rbac, adminGroupObjectIDs: null, tenantID: x.rbac ? TENANT : '' },
      arcAgentProfile: { desiredAgentVersion: null, agentAutoUpgrade: x.agent ? 'Disabled' : 'Enabled' },
      gateway: { enabled: !!x.gateway },
      miscellaneousProperties: connecting ? { createCorrelationId: 'demo', createdAt: iso(ANCHOR - x.createdMin * MIN) } : {},
    },
  };
});
rows.sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
const body = { totalRecords: rows.length, count: rows.length, resultTruncated: 'false', data: rows };
const out = path.join(__dirname, '..', 'data', 'demo-fleet.json');
fs.writeFileSync(out, JSON.stringify(body, null, 2) + '\n');
console.log(`wrote ${rows.length} clusters to ${path.relative(process.cwd(), out)}`);
