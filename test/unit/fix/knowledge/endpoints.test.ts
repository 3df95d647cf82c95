import { allowlistFor, allowlistAsPlainText, AllowlistError } from '../../../../src/fix/knowledge/allowlist';
import { CLOUD_INFO, CLOUDS, cloudOfRegion, isValidRegion, normaliseRegion } from '../../../../src/fix/knowledge/clouds';
import { ENDPOINT_TABLE, FEATURES } from '../../../../src/fix/knowledge/endpoint-table';
import { KnowledgeError, validateKnowledge } from '../../../../src/fix/knowledge/validate-knowledge';

describe('endpoint tables', () => {
  test.each(CLOUDS.map((c) => [c]))('%s: core allowlist has ARM, login, data plane, MCR and the his endpoints, region substituted', (cloud) => {
    const region = CLOUD_INFO[cloud].regions[1];
    const list = allowlistFor({ cloud, region });
    const fqdns = list.map((e) => e.fqdn);
    const keys = CLOUD_INFO[cloud].keyHosts;
    for (const host of [keys.arm, keys.login, keys.dataPlane, keys.gblHis, keys.mcr]) {
      expect(fqdns).toContain(host.replace('{region}', region));
    }
    expect(fqdns.some((f) => f.includes('{region}'))).toBe(false);
    expect(list.every((e) => e.features.includes('core'))).toBe(true);
  });

  test.each([
    ['public', 'eastus2', 'eastus2.dp.kubernetesconfiguration.azure.com'],
    ['public', 'West Europe', 'westeurope.dp.kubernetesconfiguration.azure.com'],
    ['usgov', 'usgovarizona', 'usgovarizona.dp.kubernetesconfiguration.azure.us'],
    ['china', 'chinanorth3', 'chinanorth3.dp.kubernetesconfiguration.azure.cn'],
  ] as const)('%s %s -> %s', (cloud, region, expected) => {
    expect(allowlistFor({ cloud, region }).map((e) => e.fqdn)).toContain(expected);
  });

  test('no duplicate FQDN:port in any cloud for any feature set', () => {
    for (const cloud of CLOUDS) {
      for (const features of [[], FEATURES.filter((f) => f !== 'gateway')]) {
        const list = allowlistFor({ cloud, region: CLOUD_INFO[cloud].defaultRegion, features });
        const keys = list.map((e) => `${e.fqdn}:${e.port}`);
        expect(new Set(keys).size).toBe(keys.length);
      }
    }
    // rows shared by several features are merged, not repeated
    const gitops = allowlistFor({ cloud: 'public', region: 'eastus', features: ['gitops'] });
    expect(gitops.filter((e) => e.fqdn === 'management.azure.com')).toHaveLength(1);
    expect(gitops.find((e) => e.fqdn === 'management.azure.com')!.features).toEqual(expect.arrayContaining(['core', 'gitops']));
  });

  test('feature filtering: cluster-connect adds obo on 8084 and the relay wildcard with WebSockets; core alone has neither', () => {
    const core = allowlistFor({ cloud: 'public', region: 'eastus' });
    expect(core.some((e) => e.port === 8084)).toBe(false);
    const cc = allowlistFor({ cloud: 'public', region: 'eastus', features: ['cluster-connect'] });
    expect(cc).toContainEqual(expect.objectContaining({ fqdn: 'eastus.obo.arc.azure.com', port: 8084, wildcard: false }));
    expect(cc).toContainEqual(expect.objectContaining({ fqdn: '*.servicebus.windows.net', wildcard: true, websockets: true }));
    const rbac = allowlistFor({ cloud: 'public', region: 'eastus', features: ['rbac'] });
    expect(rbac.map((e) => e.fqdn)).toEqual(expect.arrayContaining(['graph.microsoft.com', 'eastus.obo.arc.azure.com']));
    expect(rbac.map((e) => e.fqdn)).not.toContain('*.servicebus.windows.net');
  });

  test('usgov obo is fixed to usgovvirginia whatever the region', () => {
    const list = allowlistFor({ cloud: 'usgov', region: 'usgovtexas', features: ['cluster-connect'] });
    expect(list).toContainEqual(expect.objectContaining({ fqdn: 'usgovvirginia.obo.arc.azure.us', port: 8084 }));
  });

  test('gateway shrinks the public allowlist to the gateway URL plus the FQDNs it keeps, and is public only', () => {
    const gw = allowlistFor({ cloud: 'public', region: 'eastus', features: ['gateway'] });
    const fqdns = gw.map((e) => e.fqdn);
    expect(fqdns).toContain('{prefix}.gw.arc.azure.com');
    expect(fqdns).toContain('management.azure.com');
    expect(fqdns).not.toContain('eastus.dp.kubernetesconfiguration.azure.com');
    expect(fqdns).not.toContain('login.windows.net');
    expect(gw.find((e) => e.fqdn.startsWith('{prefix}'))!.placeholder).toBe(true);
    expect(() => allowlistFor({ cloud: 'usgov', region: 'usgovvirginia', features: ['gateway'] })).toThrow(AllowlistError);
  });

  test('china has its own image proxies only under the images feature', () => {
    expect(allowlistFor({ cloud: 'china', region: 'chinaeast2' }).map((e) => e.fqdn)).not.toContain('quay.azk8s.cn');
    expect(allowlistFor({ cloud: 'china', region: 'chinaeast2', features: ['images'] }).map((e) => e.fqdn)).toContain('quay.azk8s.cn');
  });

  test('plain list is one copyable fqdn:port line per endpoint, flags noted', () => {
    const list = allowlistFor({ cloud: 'public', region: 'eastus', features: ['cluster-connect'] });
    const lines = allowlistAsPlainText(list).split('\n');
    expect(lines).toHaveLength(list.length);
    expect(lines).toContainEqual(expect.stringMatching(/^eastus\.obo\.arc\.azure\.com:8084 {2}# /));
    expect(lines.find((l) => l.startsWith('*.servicebus.windows.net:443'))).toMatch(/wildcard, WebSockets/);
  });

  test('regions: normalised, validated per cloud, and each belongs to one cloud', () => {
    expect(normaliseRegion('East US 2')).toBe('eastus2');
    expect(isValidRegion('public', 'East US 2')).toBe(true);
    expect(isValidRegion('public', 'usgovvirginia')).toBe(false);
    expect(isValidRegion('usgov', 'usgovvirginia')).toBe(true);
    expect(cloudOfRegion('chinanorth2')).toBe('china');
    expect(cloudOfRegion('atlantis')).toBeUndefined();
  });
});

describe('validateKnowledge', () => {
  test('the shipped knowledge is valid', () => {
    expect(() => validateKnowledge()).not.toThrow();
  });

  test('lists every problem at once: unknown source, bad feature, wildcard mismatch, duplicate row', () => {
    const table = ENDPOINT_TABLE as unknown as Record<string, unknown>[];
    const bad = [
      { cloud: 'public', host: 'example.azure.com', port: 443, wildcard: true, features: ['core'], purpose: 'x', sources: ['NOPE'] },
      { cloud: 'public', host: 'management.azure.com', port: 443, wildcard: false, features: ['teleport'], purpose: 'x', sources: ['AMD-net-public'] },
    ];
    table.push(...bad);
    try {
      validateKnowledge();
      throw new Error('expected a KnowledgeError');
    } catch (error) {
      expect(error).toBeInstanceOf(KnowledgeError);
      const problems = (error as KnowledgeError).problems.join('\n');
      expect(problems).toMatch(/unknown source tag "NOPE"/);
      expect(problems).toMatch(/wildcard flag does not match/);
      expect(problems).toMatch(/unknown feature "teleport"/);
      expect(problems).toMatch(/management\.azure\.com: duplicate row/);
    } finally {
      table.splice(table.length - bad.length, bad.length);
    }
    expect(() => validateKnowledge()).not.toThrow();
  });
});
