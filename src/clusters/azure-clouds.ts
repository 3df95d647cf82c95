/**
 * The Azure clouds the bot knows, in one table: what configuration calls each, where its Resource
 * Manager (which serves Resource Graph) and Entra ID authority are, its portal, and the key of its
 * Arc network endpoint tables in the Fix knowledge. Plain data, so every layer can read it without
 * loading an Azure SDK.
 *
 * Public cloud hosts: https://learn.microsoft.com/azure/azure-resource-manager/management/overview
 * Azure Government: https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure
 * Azure in China (21Vianet): https://learn.microsoft.com/azure/china/resources-developer-guide
 */

/** The cloud names used in configuration (`AZURE_CLOUD`), as the Azure CLI spells them (`az cloud list`). */
export const AZURE_CLOUD_NAMES = ['AzurePublicCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type AzureCloudName = (typeof AZURE_CLOUD_NAMES)[number];

/** The key of a cloud's Arc endpoint tables in the Fix knowledge (`endpoints usgov`). */
export const KNOWLEDGE_CLOUD_KEYS = ['public', 'usgov', 'china'] as const;
export type KnowledgeCloudKey = (typeof KNOWLEDGE_CLOUD_KEYS)[number];

export interface AzureCloud {
  name: AzureCloudName;
  knowledgeKey: KnowledgeCloudKey;
  /** How people call it in replies. */
  label: string;
  /** The Azure SDKs' own name for it (`cloudSetting` of the management clients). */
  sdkCloud: 'AZURE_PUBLIC_CLOUD' | 'AZURE_US_GOVERNMENT' | 'AZURE_CHINA_CLOUD';
  /** Azure Resource Manager base URL, which also serves Resource Graph. */
  resourceManager: string;
  /** Entra ID authority host for tokens in that cloud. */
  authorityHost: string;
  /** Azure portal base URL (links to a cluster's blade). */
  portalHost: string;
}

export const AZURE_CLOUDS: Readonly<Record<AzureCloudName, AzureCloud>> = {
  AzurePublicCloud: {
    name: 'AzurePublicCloud',
    knowledgeKey: 'public',
    label: 'Azure public cloud',
    sdkCloud: 'AZURE_PUBLIC_CLOUD',
    resourceManager: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    portalHost: 'https://portal.azure.com',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    knowledgeKey: 'usgov',
    label: 'Azure Government',
    sdkCloud: 'AZURE_US_GOVERNMENT',
    resourceManager: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    portalHost: 'https://portal.azure.us',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    knowledgeKey: 'china',
    label: 'Azure operated by 21Vianet (China)',
    sdkCloud: 'AZURE_CHINA_CLOUD',
    resourceManager: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    portalHost: 'https://portal.azure.cn',
  },
};

/** The cloud whose Arc endpoint tables have this knowledge key. */
export function cloudByKnowledgeKey(key: KnowledgeCloudKey): AzureCloud {
  return Object.values(AZURE_CLOUDS).find((c) => c.knowledgeKey === key)!;
}

/** "https://management.azure.com" -> "management.azure.com" (endpoint tables list host names). */
export function hostOf(url: string): string {
  return new URL(url).host;
}
