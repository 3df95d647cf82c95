import { resolveResourceManagerTarget } from '../../../../src/clusters/resource-graph/resource-manager-target';

describe('resolveResourceManagerTarget', () => {
  test.each([
    ['AzurePublicCloud', 'https://management.azure.com', 'https://login.microsoftonline.com', 'AZURE_PUBLIC_CLOUD'],
    ['AzureUSGovernment', 'https://management.usgovcloudapi.net', 'https://login.microsoftonline.us', 'AZURE_US_GOVERNMENT'],
    ['AzureChinaCloud', 'https://management.chinacloudapi.cn', 'https://login.chinacloudapi.cn', 'AZURE_CHINA_CLOUD'],
  ] as const)('%s uses its own ARM host, token scope and authority', (cloud, endpoint, authorityHost, sdkCloud) => {
    expect(resolveResourceManagerTarget(cloud)).toEqual({ cloud, sdkCloud, endpoint, scope: `${endpoint}/.default`, authorityHost });
  });

  test('an endpoint override replaces the host and the token scope, keeps the authority', () => {
    const target = resolveResourceManagerTarget('AzureUSGovernment', 'https://management.contoso-stack.local/');
    expect(target.endpoint).toBe('https://management.contoso-stack.local');
    expect(target.scope).toBe('https://management.contoso-stack.local/.default');
    expect(target.authorityHost).toBe('https://login.microsoftonline.us');
  });

  test('an empty override is ignored', () => {
    expect(resolveResourceManagerTarget('AzurePublicCloud', '  ').endpoint).toBe('https://management.azure.com');
  });

  test('refuses an http override (bearer tokens need TLS) and unknown clouds', () => {
    expect(() => resolveResourceManagerTarget('AzurePublicCloud', 'http://127.0.0.1:8080')).toThrow(/https/);
    expect(() => resolveResourceManagerTarget('AzureGermany' as never)).toThrow(/Unknown Azure cloud/);
  });
});
