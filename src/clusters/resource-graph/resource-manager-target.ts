import type { AzureSupportedClouds } from '@azure/arm-resourcegraph';
import { AZURE_CLOUDS, AZURE_CLOUD_NAMES, type AzureCloudName } from '../azure-clouds';

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
export function resolveResourceManagerTarget(cloud: AzureCloudName, endpointOverride?: string): ResourceManagerTarget {
  const known = AZURE_CLOUDS[cloud];
  if (!known) throw new Error(`Unknown Azure cloud "${cloud}"; use one of ${AZURE_CLOUD_NAMES.join(', ')}`);
  let endpoint = known.resourceManager;
  if (endpointOverride !== undefined && endpointOverride.trim() !== '') {
    const url = new URL(endpointOverride.trim());
    if (url.protocol !== 'https:') throw new Error('The Resource Manager endpoint must use https (Azure refuses bearer tokens over http)');
    endpoint = url.origin + url.pathname.replace(/\/+$/, '');
  }
  return { cloud, sdkCloud: known.sdkCloud, endpoint, scope: `${endpoint}/.default`, authorityHost: known.authorityHost };
}
