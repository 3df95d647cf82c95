import { describeFilter, FILTER_STATES, filterToArgs, isWholeFleet, matchesFilter, parseClusterFilter, sameFilter } from '../../../src/clusters/cluster-filter';
import { assessHealth } from '../../../src/clusters/connectivity';
import type { Cluster } from '../../../src/clusters/cluster';
import { aCluster, DAY, MIN } from '../../support/clusters';

const now = new Date('2026-11-01T12:00:00Z');
const clusterId = '/subscriptions/sub-1/resourceGroups/edge-prod/providers/Microsoft.Kubernetes/connectedClusters/store-0421';

describe('parseClusterFilter', () => {
  test('no arguments: the whole fleet, no page', () => {
    expect(parseClusterFilter('')).toEqual({ filter: {}, page: undefined, errors: [], rest: [] });
    expect(parseClusterFilter('   ')).toEqual({ filter: {}, page: undefined, errors: [], rest: [] });
    expect(isWholeFleet(parseClusterFilter('').filter)).toBe(true);
  });

  test.each([
    ['offline', 'offline'],
    ['EXPIRED', 'expired'],
    ['connecting', 'connecting'],
    ['connected', 'connected'],
    ['online', 'connected'],
    ['stale', 'stale'],
    ['expiring', 'expiring'],
    ['unsupported', 'unsupported'],
    ['old', 'unsupported'],
    ['agentless', 'agentless'],
  ])('state word %s -> %s', (word, state) => {
    expect(parseClusterFilter(word).filter.states).toEqual([state]);
  });

  test('several states are kept once each, in order', () => {
    expect(parseClusterFilter('offline expired offline').filter.states).toEqual(['offline', 'expired']);
  });

  test('every token kind in one command', () => {
    const parsed = parseClusterFilter('offline in WestEurope rg rg-edge-prod sub 11111111-2222-3333-4444-AAAAAAAAAAAA tag env=prod store-* page 3');
    expect(parsed.errors).toEqual([]);
    expect(parsed.page).toBe(3);
    expect(parsed.filter).toEqual({
      states: ['offline'],
      region: 'westeurope',
      resourceGroup: 'rg-edge-prod',
      subscriptionId: '11111111-2222-3333-4444-aaaaaaaaaaaa',
      tag: { key: 'env', value: 'prod' },
      namePattern: 'store-*',
    });
  });

  test('long forms: region, resourcegroup, resource-group, subscription', () => {
    const parsed = parseClusterFilter('region eastus resource-group a subscription S');
    expect(parsed.filter).toMatchObject({ region: 'eastus', resourceGroup: 'a', subscriptionId: 's' });
    expect(parseClusterFilter('resourcegroup b').filter.resourceGroup).toBe('b');
  });

  test('tag without a value matches on the key alone; a value may contain "="', () => {
    expect(parseClusterFilter('tag owner').filter.tag).toEqual({ key: 'owner' });
    expect(parseClusterFilter('tag q=a=b').filter.tag).toEqual({ key: 'q', value: 'a=b' });
    expect(parseClusterFilter('tag env=').filter.tag).toEqual({ key: 'env', value: '' });
  });

  test('every problem is listed together', () => {
    const parsed = parseClusterFilter('tag =prod page zero bogus$ in');
    expect(parsed.errors).toEqual([
      'A tag filter needs a key: tag env=prod',
      '"zero" is not a page number.',
      'I do not understand "bogus$".',
      '"in" needs a value, e.g. in westeurope.',
    ]);
  });

  test.each(['0', '-1', '1.5', '100001', 'two'])('page %s is rejected', (page) => {
    const parsed = parseClusterFilter(`page ${page}`);
    expect(parsed.page).toBeUndefined();
    expect(parsed.errors).toEqual([`"${page}" is not a page number.`]);
  });

  test('a second name pattern is not silently accepted', () => {
    expect(parseClusterFilter('store-* factory-*').errors).toEqual(['I do not understand "factory-*".']);
  });

  test('hostile text is reported (truncated), never used as a pattern', () => {
    const parsed = parseClusterFilter(`x'|project${'a'.repeat(100)}`);
    expect(parsed.filter.namePattern).toBeUndefined();
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0].length).toBeLessThan(70);
  });

  test('a pasted wall of text is cut in every message that repeats a word', () => {
    const wall = 'x'.repeat(5000);
    expect(parseClusterFilter(`page ${wall}`).errors[0].length).toBeLessThan(70);
    expect(parseClusterFilter(`connected`, { identityOnly: true }).errors[0].length).toBeLessThan(200);
  });

  test('filterToArgs round-trips through the parser (Next-page buttons)', () => {
    const original = parseClusterFilter('offline stale store-* in westeurope rg RG-A sub abc tag env=prod').filter;
    expect(parseClusterFilter(filterToArgs(original)).filter).toEqual(original);
    const byId = parseClusterFilter(`${clusterId} tag owner`).filter;
    expect(parseClusterFilter(filterToArgs(byId)).filter).toEqual(byId);
    expect(filterToArgs({})).toBe('');
  });

  test.each([
    ['', 'all clusters'],
    ['store-0421', 'cluster store-0421'],
    ['store-*', 'clusters named store-*'],
    ['rg lab', 'clusters in resource group lab'],
    ['offline expired in westeurope rg rg-a tag env', 'offline or expired clusters in westeurope, in resource group rg-a, tagged env'],
    ['connected store-0? sub S tag env=prod', 'connected clusters named store-0? in subscription s, tagged env=prod'],
    [clusterId, 'cluster store-0421 (resource group edge-prod)'],
  ])('describeFilter("%s") reads "%s"', (args, text) => {
    expect(describeFilter(parseClusterFilter(args).filter)).toBe(text);
  });

  test('a cluster resource id selects that one cluster', () => {
    expect(parseClusterFilter(clusterId)).toEqual({ filter: { clusterId }, page: undefined, errors: [], rest: [] });
    expect(parseClusterFilter(`${clusterId} ${clusterId}`).errors).toHaveLength(1);
  });

  test('words in any order combine into one filter', () => {
    expect(parseClusterFilter('tag env=prod store-* rg lab in westeurope').filter)
      .toEqual(parseClusterFilter('in westeurope rg lab store-* tag env=prod').filter);
  });

  test('callerWords and unknownWordsToRest leave words to the caller (subscribe\'s event kinds)', () => {
    const parsed = parseClusterFilter('store-* offline in eastus ofline', { callerWords: (w) => w === 'offline', unknownWordsToRest: true });
    expect(parsed).toEqual({ filter: { namePattern: 'store-*', region: 'eastus' }, page: undefined, errors: [], rest: ['offline', 'ofline'] });
  });

  test('identityOnly (subscribe, mute) refuses states and pages, listing each', () => {
    const parsed = parseClusterFilter('connected store-* page 2', { identityOnly: true });
    expect(parsed.filter).toEqual({ namePattern: 'store-*' });
    expect(parsed.errors).toHaveLength(2);
    expect(parsed.errors[0]).toMatch(/^"connected" is not a filter here/);
  });

  test('sameFilter ignores case, word order and state order', () => {
    expect(sameFilter(parseClusterFilter('STORE-* RG Lab offline expired').filter, parseClusterFilter('expired rg lab store-* offline').filter)).toBe(true);
    expect(sameFilter({}, { states: [] })).toBe(true);
    expect(sameFilter({ namePattern: 'store-*' }, { namePattern: 'store-*', region: 'eastus' })).toBe(false);
    expect(sameFilter({ tag: { key: 'env' } }, { tag: { key: 'env', value: '' } })).toBe(false);
  });

  test('every advertised state word parses', () => {
    for (const s of FILTER_STATES) expect(parseClusterFilter(s).errors).toEqual([]);
  });
});

describe('matchesFilter', () => {
  const match = (c: Cluster, args: string) => matchesFilter(parseClusterFilter(args).filter, c, assessHealth(c, now));
  const healthy = aCluster({ name: 'store-0101', tags: { Env: 'Prod', owner: 'platform' } }, now);
  const offline = aCluster({ name: 'store-0421', status: 'Offline', lastConnectivityTime: new Date(now.getTime() - 41 * MIN), certificateExpiresAt: new Date(now.getTime() + 38 * DAY) }, now);
  const stale = aCluster({ name: 'store-0610', lastConnectivityTime: new Date(now.getTime() - 22 * MIN) }, now);
  const expired = aCluster({ name: 'store-0519', status: 'Expired', certificateExpiresAt: new Date(now.getTime() - 4 * DAY) }, now);
  const oldAgent = aCluster({ name: 'lab-k3s-01', agentVersion: '1.29.0', location: 'eastus', resourceGroup: 'rg-lab' }, now);
  const agentless = aCluster({ name: 'aws-agentless-eks', status: 'AgentNotInstalled', lastConnectivityTime: undefined, certificateExpiresAt: undefined, agentVersion: undefined }, now);
  const connecting = aCluster({ name: 'factory-pune-01', status: 'Connecting', lastConnectivityTime: undefined }, now);
  const all = [healthy, offline, stale, expired, oldAgent, agentless, connecting];
  const names = (args: string) => all.filter((c) => match(c, args)).map((c) => c.name);

  test.each([
    ['', all.map((c) => c.name)],
    ['offline', ['store-0421']],
    ['expired', ['store-0519']],
    ['connecting', ['factory-pune-01']],
    ['connected', ['store-0101', 'store-0610', 'lab-k3s-01']],
    ['stale', ['store-0610']],
    ['expiring', ['store-0421']],
    ['unsupported', ['lab-k3s-01']],
    ['agentless', ['aws-agentless-eks']],
    ['offline expired', ['store-0421', 'store-0519']],
  ])('"%s" selects %j', (args, expected) => {
    expect(names(args)).toEqual(expected);
  });

  test('region, resource group (case-insensitive), subscription and name pattern narrow the list', () => {
    expect(names('in eastus')).toEqual(['lab-k3s-01']);
    expect(names('rg RG-LAB')).toEqual(['lab-k3s-01']);
    expect(names('sub 11111111-2222-3333-4444-555555555555')).toHaveLength(all.length);
    expect(names('sub 00000000-0000-0000-0000-000000000000')).toEqual([]);
    expect(names('store-0?1?')).toEqual(['store-0610', 'store-0519']);
    expect(names('connected store-*')).toEqual(['store-0101', 'store-0610']);
  });

  test('tag key and value match case-insensitively; a key alone matches any value', () => {
    expect(match(healthy, 'tag env=prod')).toBe(true);
    expect(match(healthy, 'tag ENV=PROD')).toBe(true);
    expect(match(healthy, 'tag env=dev')).toBe(false);
    expect(match(healthy, 'tag owner')).toBe(true);
    expect(match(offline, 'tag owner')).toBe(false);
  });

  test('an expired certificate is not "expiring"', () => {
    expect(match(expired, 'expiring')).toBe(false);
  });

  test('a resource id matches only that cluster, not a same-named one elsewhere', () => {
    const elsewhere = aCluster({ name: 'store-0421', status: 'Offline', resourceGroup: 'rg-other' }, now);
    expect(elsewhere.id).not.toBe(offline.id);
    expect(match(offline, offline.id.toUpperCase())).toBe(true);
    expect(match(elsewhere, offline.id)).toBe(false);
  });

  test('identity criteria need no health (the monitor matches remembered clusters)', () => {
    expect(matchesFilter(parseClusterFilter('store-* tag env=prod in westeurope').filter, healthy)).toBe(true);
    expect(() => matchesFilter(parseClusterFilter('offline').filter, healthy)).toThrow(/health/);
  });
});
