import { AZURE_CLOUDS, cloudByKnowledgeKey, hostOf, KNOWLEDGE_CLOUD_KEYS, type KnowledgeCloudKey } from '../../clusters/azure-clouds';
import type { SourceTag } from './sources';

/** Azure clouds with their own Arc endpoint tables: the knowledge keys of the shared cloud table. */
export const CLOUDS = KNOWLEDGE_CLOUD_KEYS;
export type CloudName = KnowledgeCloudKey;

export function isCloudName(value: string): value is CloudName {
  return (CLOUDS as readonly string[]).includes(value);
}

export interface CloudInfo {
  name: CloudName;
  label: string;
  /** Region names as used in endpoints: the display name without spaces, e.g. `eastus2` (https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements). */
  regions: readonly string[];
  /** Region used when none is given and none is known. */
  defaultRegion: string;
  /** Where the Service Bus wildcard can be expanded (https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements), when documented. */
  relayAllowlistUrl?: string;
  /**
   * The hosts the dialog's commands name, per cloud (each must be a row of the endpoint table;
   * `validateKnowledge()` checks it). `{region}` is substituted.
   */
  keyHosts: { arm: string; login: string; dataPlane: string; gblHis: string; mcr: string; obo: string; relay: string; graph: string };
  sources: SourceTag[];
}

/** Resource Manager and Entra ID hosts come from the shared cloud table, like the bot's own Azure calls. */
function controlPlaneHosts(key: CloudName): { arm: string; login: string } {
  const cloud = cloudByKnowledgeKey(key);
  return { arm: hostOf(cloud.resourceManager), login: hostOf(cloud.authorityHost) };
}

/**
 * A reasonable list of Azure region names per cloud (`az account list-locations -o table` is the
 * authority (https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements)); extending it is a data change.
 */
export const CLOUD_INFO: Record<CloudName, CloudInfo> = {
  public: {
    name: 'public',
    label: AZURE_CLOUDS.AzurePublicCloud.label,
    defaultRegion: 'eastus',
    relayAllowlistUrl: 'https://guestnotificationservice.azure.com/urls/allowlist?api-version=2020-01-01&location={region}',
    keyHosts: {
      ...controlPlaneHosts('public'), dataPlane: '{region}.dp.kubernetesconfiguration.azure.com',
      gblHis: 'gbl.his.arc.azure.com', mcr: 'mcr.microsoft.com', obo: '{region}.obo.arc.azure.com', relay: '*.servicebus.windows.net',
      graph: 'graph.microsoft.com',
    },
    regions: [
      'eastus', 'eastus2', 'centralus', 'northcentralus', 'southcentralus', 'westcentralus', 'westus', 'westus2', 'westus3',
      'canadacentral', 'canadaeast', 'brazilsouth', 'brazilsoutheast', 'mexicocentral', 'chilecentral',
      'northeurope', 'westeurope', 'uksouth', 'ukwest', 'francecentral', 'francesouth', 'germanywestcentral', 'germanynorth',
      'switzerlandnorth', 'switzerlandwest', 'norwayeast', 'norwaywest', 'swedencentral', 'swedensouth', 'polandcentral',
      'italynorth', 'spaincentral', 'belgiumcentral', 'austriaeast',
      'eastasia', 'southeastasia', 'japaneast', 'japanwest', 'koreacentral', 'koreasouth', 'centralindia', 'southindia',
      'westindia', 'jioindiawest', 'jioindiacentral', 'australiaeast', 'australiasoutheast', 'australiacentral',
      'australiacentral2', 'newzealandnorth', 'indonesiacentral', 'malaysiawest',
      'uaenorth', 'uaecentral', 'qatarcentral', 'israelcentral', 'southafricanorth', 'southafricawest',
    ],
    sources: ['AMD-region-note', 'AMD-net-public'],
  },
  usgov: {
    name: 'usgov',
    label: AZURE_CLOUDS.AzureUSGovernment.label,
    defaultRegion: 'usgovvirginia',
    relayAllowlistUrl: 'https://guestnotificationservice.azure.us/urls/allowlist?api-version=2020-01-01&location={region}',
    keyHosts: {
      ...controlPlaneHosts('usgov'), dataPlane: '{region}.dp.kubernetesconfiguration.azure.us',
      gblHis: 'gbl.his.arc.azure.us', mcr: 'mcr.microsoft.com', obo: 'usgovvirginia.obo.arc.azure.us', relay: '*.servicebus.usgovcloudapi.net',
      graph: 'graph.microsoft.com',
    },
    regions: ['usgovvirginia', 'usgovarizona', 'usgovtexas', 'usdodeast', 'usdodcentral'],
    sources: ['AMD-region-note', 'AMD-net-gov'],
  },
  china: {
    name: 'china',
    label: AZURE_CLOUDS.AzureChinaCloud.label,
    defaultRegion: 'chinaeast2',
    keyHosts: {
      ...controlPlaneHosts('china'), dataPlane: '{region}.dp.kubernetesconfiguration.azure.cn',
      gblHis: 'gbl.his.arc.azure.cn', mcr: 'mcr.azk8s.cn', obo: '{region}.obo.arc.azure.cn', relay: '*.servicebus.chinacloudapi.cn',
      graph: 'graph.chinacloudapi.cn',
    },
    regions: ['chinaeast', 'chinaeast2', 'chinaeast3', 'chinanorth', 'chinanorth2', 'chinanorth3'],
    sources: ['AMD-region-note', 'AMD-net-china'],
  },
};

/** Normalises "East US 2" / "EastUS2" to the endpoint form "eastus2" (https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements). */
export function normaliseRegion(value: string): string {
  return value.replace(/\s+/g, '').toLowerCase();
}

export function isValidRegion(cloud: CloudName, region: string): boolean {
  return CLOUD_INFO[cloud].regions.includes(normaliseRegion(region));
}

/** The cloud a region belongs to, if any (regions are unique across clouds). */
export function cloudOfRegion(region: string): CloudName | undefined {
  const r = normaliseRegion(region);
  return CLOUDS.find((c) => CLOUD_INFO[c].regions.includes(r));
}
