import { AzureAuthorityHosts } from '@azure/identity';
import { AZURE_CLOUD_NAMES, AZURE_CLOUDS, cloudByKnowledgeKey, hostOf, KNOWLEDGE_CLOUD_KEYS } from '../../../src/clusters/azure-clouds';

describe('the Azure cloud table', () => {
  test('every configured cloud has one row, keyed by its own name, with a distinct knowledge key', () => {
    expect(Object.keys(AZURE_CLOUDS)).toEqual([...AZURE_CLOUD_NAMES]);
    for (const name of AZURE_CLOUD_NAMES) expect(AZURE_CLOUDS[name].name).toBe(name);
    expect(AZURE_CLOUD_NAMES.map((n) => AZURE_CLOUDS[n].knowledgeKey).sort()).toEqual([...KNOWLEDGE_CLOUD_KEYS].sort());
    for (const key of KNOWLEDGE_CLOUD_KEYS) expect(cloudByKnowledgeKey(key).knowledgeKey).toBe(key);
  });

  test('authority hosts are the ones the Azure Identity SDK knows (the table itself imports no SDK)', () => {
    expect(AZURE_CLOUDS.AzurePublicCloud.authorityHost).toBe(AzureAuthorityHosts.AzurePublicCloud);
    expect(AZURE_CLOUDS.AzureUSGovernment.authorityHost).toBe(AzureAuthorityHosts.AzureGovernment);
    expect(AZURE_CLOUDS.AzureChinaCloud.authorityHost).toBe(AzureAuthorityHosts.AzureChina);
  });

  test.each([
    ['AzurePublicCloud', 'management.azure.com', 'https://portal.azure.com'],
    ['AzureUSGovernment', 'management.usgovcloudapi.net', 'https://portal.azure.us'],
    ['AzureChinaCloud', 'management.chinacloudapi.cn', 'https://portal.azure.cn'],
  ] as const)('%s: Resource Manager %s, portal %s', (name, armHost, portal) => {
    expect(hostOf(AZURE_CLOUDS[name].resourceManager)).toBe(armHost);
    expect(AZURE_CLOUDS[name].portalHost).toBe(portal);
  });
});
