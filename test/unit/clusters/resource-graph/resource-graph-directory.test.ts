import { DirectoryError } from '../../../../src/clusters/cluster-directory';
import { createResourceGraphDirectory, type ResourceGraphDirectoryOptions } from '../../../../src/clusters/resource-graph/resource-graph-directory';
import { ManualClock } from '../../../../src/core/clock';
import { createMemoryLogger } from '../../../../src/core/logger';
import { resourceGraphDefaults } from '../../../support/config-defaults';
import { type Answer, FAKE_SUBSCRIPTION as SUB, FakeResourceGraph, row } from '../../../support/fake-resource-graph';

function setup(extra: Partial<ResourceGraphDirectoryOptions> = {}) {
  const client = new FakeResourceGraph();
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  const logger = createMemoryLogger();
  const directory = createResourceGraphDirectory({ ...resourceGraphDefaults(), subscriptionIds: [SUB], client, clock, logger, ...extra });
  return { client, clock, logger, directory };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('ResourceGraphDirectory (fake client)', () => {
  test('concurrent listClusters callers share one in-flight fetch', async () => {
    const { client, directory } = setup();
    client.fallback = () => ({ data: [row('a'), row('b')] });
    client.hold();
    const calls = [directory.listClusters(), directory.listClusters({ maxAgeMs: 0 }), directory.listClusters()];
    await flush();
    expect(client.calls).toHaveLength(1);
    client.release();
    const [a, b, c] = await Promise.all(calls);
    expect(a.clusters.map((x) => x.name)).toEqual(['a', 'b']);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  test('a failed fetch is not cached: the next call asks again', async () => {
    const { client, directory } = setup();
    client.script.push({ error: Object.assign(new Error('forbidden'), { statusCode: 403, name: 'RestError' }) });
    client.fallback = () => ({ data: [row('a')] });
    await expect(directory.listClusters()).rejects.toBeInstanceOf(DirectoryError);
    await expect(directory.listClusters()).resolves.toMatchObject({ clusters: [expect.objectContaining({ name: 'a' })] });
    expect(client.calls).toHaveLength(2);
  });

  test('follows skipToken to the end and drops a row repeated across pages', async () => {
    const { client, directory } = setup();
    client.script.push({ data: [row('a'), row('b')], skipToken: 't1', totalRecords: 5 }, { data: [row('b'), row('c')], skipToken: 't2', totalRecords: 5 }, { data: [row('d')], totalRecords: 5 });
    const snapshot = await directory.listClusters();
    expect(snapshot.clusters.map((c) => c.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(client.calls.map((c) => c.options?.skipToken)).toEqual([undefined, 't1', 't2']);
    expect(client.calls.every((c) => c.options?.top === 1000 && c.options?.resultFormat === 'objectArray')).toBe(true);
  });

  test.each([
    ['a page missing (fewer rows than totalRecords)', [{ data: [row('a'), row('b')], skipToken: 't1', totalRecords: 5 }, { data: [row('d')], totalRecords: 5 }]],
    ['a skip token that repeats', [{ data: [row('a')], skipToken: 't1', totalRecords: 3 }, { data: [row('b')], skipToken: 't1', totalRecords: 3 }]],
    ['an empty page that is not the last', [{ data: [row('a')], skipToken: 't1', totalRecords: 2 }, { data: [], skipToken: 't2', totalRecords: 2 }]],
  ])('pages that do not add up (%s) start the query over, and never give a partial fleet', async (_what, broken) => {
    const { client, directory } = setup();
    client.script.push(...(broken as Answer[]), { data: [row('a'), row('b')], skipToken: 't9', totalRecords: 3 }, { data: [row('c')], totalRecords: 3 });
    expect((await directory.listClusters()).clusters.map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  test('pages that do not add up twice in a row are a DirectoryError, not a partial fleet', async () => {
    const { client, directory } = setup();
    for (let i = 0; i < 2; i++) client.script.push({ data: [row('a')], skipToken: 't1', totalRecords: 9 }, { data: [row('b')], totalRecords: 9 });
    await expect(directory.listClusters()).rejects.toMatchObject({ kind: 'unavailable' });
  });

  test('rows with invalid data are counted, and the ones that name a cluster are listed as unreadable', async () => {
    const { client, directory } = setup();
    const noStatus = { ...row('c'), properties: null };
    client.script.push({ data: [row('a'), { name: 'no-id' }, noStatus], totalRecords: 3 });
    const snapshot = await directory.listClusters();
    expect(snapshot.clusters.map((c) => c.name)).toEqual(['a']);
    expect(snapshot.invalidRows).toEqual({ count: 2, clusterIds: [noStatus.id] });
  });

  test('rows without id or name are skipped and logged, not fatal', async () => {
    const { client, directory, logger } = setup();
    client.script.push({ data: [row('a'), { name: 'no-id' }, null] });
    const snapshot = await directory.listClusters();
    expect(snapshot.clusters.map((c) => c.name)).toEqual(['a']);
    expect(logger.lines.find((l) => l.level === 'warn')?.fields).toMatchObject({ skipped: 2 });
  });

  test('an answer without a data array is a source-broken DirectoryError', async () => {
    const { client, directory } = setup();
    client.script.push({ data: { columns: [], rows: [] } });
    await expect(directory.listClusters()).rejects.toMatchObject({ kind: 'source-broken' });
  });

  test('getClustersByName uses a fresh fleet snapshot instead of a query', async () => {
    const { client, clock, directory } = setup({ nameCacheTtlMs: 15_000 });
    client.fallback = () => ({ data: [row('Edge-1', 'rg-1'), row('edge-1', 'rg-2'), row('other')] });
    await directory.listClusters();
    expect(client.calls).toHaveLength(1);
    expect((await directory.getClustersByName('EDGE-1')).map((c) => c.resourceGroup)).toEqual(['rg-1', 'rg-2']);
    expect(client.calls).toHaveLength(1);
    await clock.advance(15_000); // snapshot too old for a name answer now (fleet cache still valid for lists)
    client.fallback = () => ({ data: [row('edge-1', 'rg-2')] });
    expect(await directory.getClustersByName('edge-1')).toHaveLength(1);
    expect(client.calls).toHaveLength(2);
    expect(client.calls[1].query).toContain("name =~ 'edge-1'");
  });

  test('concurrent lookups of the same name (any case) share one query; the answer is cached briefly', async () => {
    const { client, clock, directory } = setup({ nameCacheTtlMs: 15_000 });
    client.fallback = () => ({ data: [row('edge-1')] });
    client.hold();
    const pending = [directory.getClustersByName('edge-1'), directory.getClustersByName('EDGE-1')];
    await flush();
    expect(client.calls).toHaveLength(1);
    client.release();
    await Promise.all(pending);
    await clock.advance(14_999);
    await directory.getClustersByName('Edge-1');
    expect(client.calls).toHaveLength(1);
    await clock.advance(1);
    await directory.getClustersByName('Edge-1');
    expect(client.calls).toHaveLength(2);
  });

  test('a looser server answer never widens a name lookup', async () => {
    const { client, directory } = setup();
    client.script.push({ data: [row('edge-1'), row('edge-10')] });
    expect((await directory.getClustersByName('edge-1')).map((c) => c.name)).toEqual(['edge-1']);
  });

  test('a credential that cannot produce a token is an unauthorized DirectoryError, not retried', async () => {
    const { client, directory } = setup();
    const unavailable = Object.assign(new Error('EnvironmentCredential is unavailable'), { name: 'CredentialUnavailableError' });
    client.script.push({ error: unavailable });
    await expect(directory.listClusters()).rejects.toMatchObject({
      kind: 'unauthorized',
      userMessage: expect.stringContaining('AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET'),
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(client.calls).toHaveLength(1);
  });

  test('scope: subscriptions and management groups are sent only when configured, trimmed and de-duplicated', async () => {
    const { client, directory } = setup({ subscriptionIds: [` ${SUB} `, SUB, ''], managementGroupIds: ['mg-edge'] });
    await directory.listClusters();
    expect(client.calls[0].subscriptions).toEqual([SUB]);
    expect(client.calls[0].managementGroups).toEqual(['mg-edge']);

    const tenant = setup({ subscriptionIds: [], managementGroupIds: [] });
    await tenant.directory.listClusters();
    expect(tenant.client.calls[0]).not.toHaveProperty('subscriptions');
    expect(tenant.client.calls[0]).not.toHaveProperty('managementGroups');
  });

  test('description names the cloud and the scope for /healthz', () => {
    expect(setup({ managementGroupIds: ['mg'] }).directory.description).toBe('Azure Resource Graph (AzurePublicCloud; 1 subscription, 1 management group)');
    expect(setup({ subscriptionIds: [], cloud: 'AzureChinaCloud', resourceManagerEndpoint: 'https://arm.example.test' }).directory.description).toBe(
      'Azure Resource Graph (AzureChinaCloud, endpoint https://arm.example.test; tenant scope)',
    );
  });
});
