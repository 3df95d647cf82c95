import { AzureAuthorityHosts } from '@azure/identity';
import type { AzureSupportedClouds } from '@azure/arm-resourcegraph';

/** The cloud names used in configuration (`AZURE_CLOUD`), as the Azure CLI spells them. */
export type AzureCloudName = 'AzurePublicCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';

const AZURE_CLOUD_NAMES: readonly AzureCloudName[] = ['AzurePublicCloud', 'AzureUSGovernment', 'AzureChinaCloud'];

interface CloudEndpoints {
  /** The SDK's own name for the cloud (`cloudSetting`). */
  sdkCloud: AzureSupportedClouds;
  /** ARM host that serves Resource Graph (https://github.com/Azure/azure-rest-api-specs/blob/main/specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/resourcegraph.json). */
  resourceManager: string;
  /** Entra ID authority for tokens in that cloud. */
  authorityHost: string;
}

const CLOUDS: Record<AzureCloudName, CloudEndpoints> = {
  AzurePublicCloud: {
    sdkCloud: 'AZURE_PUBLIC_CLOUD',
    resourceManager: 'https://management.azure.com',
    authorityHost: AzureAuthorityHosts.AzurePublicCloud,
  },
  AzureUSGovernment: {
    sdkCloud: 'AZURE_US_GOVERNMENT',
    resourceManager: 'https://management.usgovcloudapi.net',
    authorityHost: AzureAuthorityHosts.AzureGovernment,
  },
  AzureChinaCloud: {
    sdkCloud: 'AZURE_CHINA_CLOUD',
    resourceManager: 'https://management.chinacloudapi.cn',
    authorityHost: AzureAuthorityHosts.AzureChina,
  },
};

/** Where Resource Graph requests go and which token they carry, for one cloud (+ optional override). */
export interface ResourceManagerTarget {
  cloud: AzureCloudName;
  sdkCloud: AzureSupportedClouds;
  /** ARM base URL without a trailing slash. */
  endpoint: string;
  /** Token scope: `<endpoint>/.default`, so an override (Azure Stack, a stand-in) gets its own audience. */
  scope: string;
  authorityHost: string;
}

/**
 * Resolves the ARM endpoint, token scope and authority host. An `endpointOverride` (config
 * `AZURE_RESOURCE_MANAGER_ENDPOINT`) replaces the cloud's ARM host and therefore the token scope;
 * the authority host stays the cloud's.
 */
export function resolveResourceManagerTarget(cloud: AzureCloudName = 'AzurePublicCloud', endpointOverride?: string): ResourceManagerTarget {
  const known = CLOUDS[cloud];
  if (!known) throw new Error(`Unknown Azure cloud "${cloud}"; use one of ${AZURE_CLOUD_NAMES.join(', ')}`);
  let endpoint = known.resourceManager;
  if (endpointOverride !== undefined && endpointOverride.trim() !== '') {
    const url = new URL(endpointOverride.trim());
    if (url.protocol !== 'https:') throw new Error('The Resource Manager endpoint must use https (Azure refuses bearer tokens over http)');
    endpoint = url.origin + url.pathname.replace(/\/+$/, '');
  }
  return { cloud, sdkCloud: known.sdkCloud, endpoint, scope: `${endpoint}/.default`, authorityHost: known.authorityHost };
}
