import {
  buildClusterByNameQuery,
  buildFleetQuery,
  clusterNameLiteral,
  FLEET_QUERY_PROPERTIES,
  KqlInputError,
  kqlString,
} from '../../../src/clusters/kql';

/** Reads back a single-quoted KQL literal the way Kusto does: returns the value and what follows. */
function readLiteral(text: string): { value: string; rest: string } {
  expect(text[0]).toBe("'");
  const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'" };
  let value = '';
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') value += map[text[++i]];
    else if (text[i] === "'") return { value, rest: text.slice(i + 1) };
    else value += text[i];
  }
  throw new Error('literal not closed');
}

describe('kqlString', () => {
  test.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['tab\tnew\nline\rcr', "'tab\\tnew\\nline\\rcr'"],
    ['', "''"],
  ])('escapes %j as %s', (input, expected) => {
    expect(kqlString(input)).toBe(expected);
  });

  test.each([
    ["x' or 1==1 //"],
    ["a' | project id //"],
    ["\\' | take 1 | where name =~ '"],
    ['a\n| take 5'],
    ["''''"],
    ['\\'],
  ])('the literal for %j round-trips and nothing follows it (no injection)', (hostile) => {
    const { value, rest } = readLiteral(kqlString(hostile));
    expect(value).toBe(hostile);
    expect(rest).toBe('');
  });

  test('refuses control characters that have no KQL escape', () => {
    expect(() => kqlString('a\u0000b')).toThrow(KqlInputError);
    expect(() => kqlString('a\u001bb')).toThrow(KqlInputError);
    expect(() => kqlString('a\u2028b')).toThrow(KqlInputError);
  });
});

describe('clusterNameLiteral', () => {
  test('accepts Azure resource names', () => {
    expect(clusterNameLiteral('store-0421-k3s')).toBe("'store-0421-k3s'");
    expect(clusterNameLiteral('Edge_Cluster.01')).toBe("'Edge_Cluster.01'");
  });

  test.each([["x' or 1==1"], ['a|b'], ['a//b'], ['two\nlines'], [''], ['-leading-dash'], ['x'.repeat(64)], ['spa ce']])(
    'rejects %j before any KQL is built',
    (name) => {
      expect(() => clusterNameLiteral(name)).toThrow(KqlInputError);
      expect(() => buildClusterByNameQuery(name)).toThrow(KqlInputError);
    },
  );
});

describe('the two query shapes', () => {
  test('fleet query: connected clusters, trimmed projection, sorted by id (golden)', () => {
    expect(buildFleetQuery()).toBe(
      [
        'resources',
        "| where type =~ 'microsoft.kubernetes/connectedclusters'",
        "| project id, name, type, tenantId, location, resourceGroup, subscriptionId, tags, properties = pack('connectivityStatus', properties.connectivityStatus, 'lastConnectivityTime', properties.lastConnectivityTime, 'managedIdentityCertificateExpirationTime', properties.managedIdentityCertificateExpirationTime, 'agentVersion', properties.agentVersion, 'kubernetesVersion', properties.kubernetesVersion, 'totalNodeCount', properties.totalNodeCount, 'totalCoreCount', properties.totalCoreCount, 'distribution', properties.distribution, 'distributionVersion', properties.distributionVersion, 'infrastructure', properties.infrastructure, 'offering', properties.offering, 'provisioningState', properties.provisioningState, 'privateLinkState', properties.privateLinkState, 'privateLinkScopeResourceId', properties.privateLinkScopeResourceId, 'aadProfile', properties.aadProfile, 'arcAgentProfile', properties.arcAgentProfile, 'gateway', properties.gateway)",
        '| order by id asc',
      ].join('\n'),
    );
  });

  test('by-name query: the fleet query plus a case-insensitive name filter', () => {
    const query = buildClusterByNameQuery('Store-0421-K3S');
    expect(query.split('\n')[1]).toBe("| where type =~ 'microsoft.kubernetes/connectedclusters' and name =~ 'Store-0421-K3S'");
    expect(query.split('\n').slice(2)).toEqual(buildFleetQuery().split('\n').slice(2));
  });

  test('the projection packs every property the row parser reads', () => {
    for (const p of ['connectivityStatus', 'lastConnectivityTime', 'managedIdentityCertificateExpirationTime', 'agentVersion', 'kubernetesVersion', 'totalNodeCount', 'totalCoreCount', 'distribution', 'infrastructure', 'privateLinkState', 'aadProfile', 'gateway', 'arcAgentProfile', 'provisioningState']) {
      expect(FLEET_QUERY_PROPERTIES).toContain(p);
    }
  });
});
