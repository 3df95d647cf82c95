/**
 * Resource Graph end to end: the real @azure/arm-resourcegraph client and the real
 * DefaultAzureCredential against loopback stand-ins (HTTPS Resource Graph, App Service managed
 * identity). Needs NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem (set by `npm test`).
 * Every wait runs on a ManualClock: nothing here sleeps on wall time.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArcClusterRow } from '../../src/clusters/arc-cluster-row';
import { DirectoryError } from '../../src/clusters/cluster-directory';
import { buildClusterByNameQuery, buildFleetQuery } from '../../src/clusters/kql';
import { createResourceGraphDirectory, type ResourceGraphDirectoryOptions } from '../../src/clusters/resource-graph/resource-graph-directory';
import { ManualClock } from '../../src/core/clock';
import { createMemoryLogger } from '../../src/core/logger';
import { type ManagedIdentityStandIn, startManagedIdentityStandIn } from '../support/managed-identity-standin';
import { DEFAULT_CONFIG, resourceGraphDefaults } from '../support/config-defaults';
import {
  DEFAULT_TEST_SUBSCRIPTIONS,
  generateClusterRows,
  type ResourceGraphStandIn,
  startResourceGraphStandIn,
} from '../support/resource-graph-standin';

const [SUB_A, SUB_B] = DEFAULT_TEST_SUBSCRIPTIONS;
const FORBIDDEN_SUB = '99999999-9999-9999-9999-999999999999';
const FLEET_SIZE = 2_600; // > 2,500: three pages of at most 1,000

/** Two clusters with the same name in different subscriptions, for the "several matches" answer. */
function sharedNameRows(): ArcClusterRow[] {
  return [SUB_A, SUB_B].map((sub) => ({
    id: `/subscriptions/${sub}/resourceGroups/rg-shared/providers/Microsoft.Kubernetes/connectedClusters/Store-0421-K3S`,
    name: 'Store-0421-K3S',
    type: 'microsoft.kubernetes/connectedclusters',
    location: 'westeurope',
    resourceGroup: 'rg-shared',
    subscriptionId: sub,
    tags: { site: 'store-0421' },
    properties: { connectivityStatus: 'Offline', lastConnectivityTime: '2026-11-25T11:00:00Z', totalNodeCount: 3 },
  }));
}

/** Lets real I/O run until `condition` holds (a guard against hanging, not a timing assertion). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

const AZURE_ENV = ['AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_USERNAME', 'AZURE_TOKEN_CREDENTIALS', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'MSI_ENDPOINT', 'MSI_SECRET'];

describe('Resource Graph directory end to end (real SDK, loopback stand-ins)', () => {
  let identity: ManagedIdentityStandIn;
  let graph: ResourceGraphStandIn;
  const savedEnv: Record<string, string | undefined> = {};
  const fleet = [...generateClusterRows(FLEET_SIZE), ...sharedNameRows()];

  beforeAll(async () => {
    const ca = readFileSync(resolve(__dirname, '../fixtures/tls/ca.pem'), 'utf8').trim();
    const extra = process.env.NODE_EXTRA_CA_CERTS ? readFileSync(process.env.NODE_EXTRA_CA_CERTS, 'utf8') : '';
    if (!extra.includes(ca)) {
      throw new Error('Run with NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem (npm test sets it) so the HTTPS stand-in is trusted');
    }
    for (const name of AZURE_ENV) {
      savedEnv[name] = process.env[name];
      delete process.env[name];
    }
    identity = await startManagedIdentityStandIn();
    Object.assign(process.env, identity.env());
    graph = await startResourceGraphStandIn({ rows: fleet, expectedToken: identity.token, forbiddenSubscriptions: [FORBIDDEN_SUB] });
  });

  afterAll(async () => {
    await graph?.close();
    await identity?.close();
    for (const name of AZURE_ENV) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
  });

  beforeEach(() => {
    graph.requests.length = 0;
    graph.queueFaults(); // nothing queued
    graph.setFault(undefined);
  });

  function makeDirectory(extra: Partial<ResourceGraphDirectoryOptions> = {}) {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const logger = createMemoryLogger();
    // No credential passed: the default DefaultAzureCredential finds the managed identity stand-in.
    const directory = createResourceGraphDirectory({
      ...resourceGraphDefaults(),
      subscriptionIds: [SUB_A, SUB_B],
      resourceManagerEndpoint: graph.url,
      clock,
      logger,
      ...extra,
    });
    return { directory, clock, logger };
  }

  test('pages the whole fleet with $skipToken: complete, sorted by id, exact request bodies, managed identity token', async () => {
    const { directory } = makeDirectory();
    const snapshot = await directory.listClusters();

    expect(snapshot.source).toBe('resource-graph');
    expect(snapshot.clusters).toHaveLength(FLEET_SIZE + 2);
    const ids = snapshot.clusters.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    const requests = graph.queryRequests();
    expect(requests).toHaveLength(3);
    for (const r of requests) {
      expect(r.method).toBe('POST');
      expect(r.path).toBe('/providers/Microsoft.ResourceGraph/resources');
      expect(r.apiVersion).toBe('2024-04-01');
      expect(r.headers.authorization).toBe(`Bearer ${identity.token}`);
      expect(r.headers['x-ms-correlation-request-id']).toBe(requests[0].headers['x-ms-correlation-request-id']);
      expect(r.status).toBe(200);
    }
    expect(requests[0].body).toEqual({
      query: buildFleetQuery(),
      subscriptions: [SUB_A, SUB_B],
      options: { $top: 1000, resultFormat: 'objectArray' },
    });
    for (const r of requests.slice(1)) {
      expect(r.body).toEqual({
        query: buildFleetQuery(),
        subscriptions: [SUB_A, SUB_B],
        options: { $top: 1000, resultFormat: 'objectArray', $skipToken: expect.any(String) },
      });
    }
    expect(requests[1].body.options.$skipToken).not.toBe(requests[2].body.options.$skipToken);

    // the token was asked for the override endpoint's audience (<endpoint>/.default -> resource)
    expect(identity.requests.length).toBeGreaterThanOrEqual(1);
    expect(identity.requests[0].resource).toBe(graph.url);
    expect(identity.requests[0].apiVersion).toBe('2019-08-01');

    // rows went through the one row parser (projected with pack())
    const shared = snapshot.clusters.filter((c) => c.name === 'Store-0421-K3S');
    expect(shared.map((c) => c.subscriptionId).sort()).toEqual([SUB_A, SUB_B].sort());
    expect(shared[0]).toMatchObject({ status: 'Offline', nodeCount: 3, resourceGroup: 'rg-shared', location: 'westeurope', tags: { site: 'store-0421' } });
    expect(shared[0].lastConnectivityTime?.toISOString()).toBe('2026-11-25T11:00:00.000Z');
  });

  test('management-group scope is sent as managementGroups (and no subscriptions)', async () => {
    const { directory } = makeDirectory({ subscriptionIds: [], managementGroupIds: ['mg-edge'] });
    const snapshot = await directory.listClusters();
    expect(snapshot.clusters).toHaveLength(FLEET_SIZE + 2); // an unmapped MG sees the whole stand-in tenant
    expect(graph.queryRequests()[0].body).toEqual({ query: buildFleetQuery(), managementGroups: ['mg-edge'], options: { $top: 1000, resultFormat: 'objectArray' } });
  });

  test('serves the cached snapshot within maxAge, refetches after it, and concurrent callers share one fetch', async () => {
    const { directory, clock } = makeDirectory({ fleetMaxAgeMs: 60_000 });
    const [a, b, c] = await Promise.all([directory.listClusters(), directory.listClusters(), directory.listClusters()]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(graph.queryRequests()).toHaveLength(3); // one fleet fetch = 3 pages

    await clock.advance(59_000);
    expect(await directory.listClusters()).toBe(a);
    expect(graph.queryRequests()).toHaveLength(3);

    await clock.advance(2_000);
    const refreshed = await directory.listClusters();
    expect(refreshed).not.toBe(a);
    expect(graph.queryRequests()).toHaveLength(6);

    await directory.listClusters({ maxAgeMs: 0 });
    expect(graph.queryRequests()).toHaveLength(9);
  });

  test('looks a cluster up by name case-insensitively with the escaped name query, and caches the answer briefly', async () => {
    const { directory, clock } = makeDirectory({ nameCacheTtlMs: 15_000 });
    const found = await directory.getClustersByName('CLUSTER-00042');
    expect(found.map((c) => c.name)).toEqual(['cluster-00042']);
    const [request] = graph.queryRequests();
    expect(request.body).toEqual({
      query: buildClusterByNameQuery('CLUSTER-00042'),
      subscriptions: [SUB_A, SUB_B],
      options: { $top: 1000, resultFormat: 'objectArray' },
    });
    expect(request.body.query).toContain("name =~ 'CLUSTER-00042'");

    await directory.getClustersByName('cluster-00042');
    expect(graph.queryRequests()).toHaveLength(1);
    await clock.advance(16_000);
    await directory.getClustersByName('cluster-00042');
    expect(graph.queryRequests()).toHaveLength(2);

    const shared = await directory.getClustersByName('store-0421-k3s');
    expect(shared).toHaveLength(2);
    expect(await directory.getClustersByName('no-such-cluster')).toEqual([]);
  });

  test.each([
    ["x' or 1==1 //"],
    ["a' | project secrets"],
    ['a | take 5'],
    ['name//comment'],
    ['two\nlines'],
    ["quote'"],
    ['back\\slash'],
    [''],
  ])('a hostile name %j is answered with no clusters and never reaches Resource Graph', async (name) => {
    const { directory } = makeDirectory();
    await expect(directory.getClustersByName(name)).resolves.toEqual([]);
    expect(graph.queryRequests()).toHaveLength(0);
  });

  test('the stand-in treats text that escaped a literal as a KQL error (what the escaping prevents)', async () => {
    // Bypass the directory on purpose: send an injected query with the real SDK client.
    const { ResourceGraphClient } = await import('@azure/arm-resourcegraph');
    const client = new ResourceGraphClient({ getToken: async () => ({ token: identity.token, expiresOnTimestamp: Date.now() + 3_600_000 }) }, {
      endpoint: graph.url,
      credentials: { scopes: [`${graph.url}/.default`] },
      retryOptions: { maxRetries: 0 },
    });
    const injected = buildClusterByNameQuery('x').replace("name =~ 'x'", "name =~ 'x' or 1==1 //'");
    await expect(client.resources({ query: injected, options: { resultFormat: 'objectArray' } })).rejects.toMatchObject({ statusCode: 400 });
  });

  test('429 RateLimiting then success: waits the Retry-After on the injected clock, then completes', async () => {
    const { directory, clock, logger } = makeDirectory();
    graph.queueFaults({ status: 429, code: 'RateLimiting', headers: { 'retry-after': '12' }, quotaRemaining: 0, quotaResetsAfter: '00:00:12' });
    const pending = directory.listClusters();
    await until(() => clock.pendingSleeps === 1, 'the retry wait');
    expect(graph.queryRequests().map((r) => r.status)).toEqual([429]);

    await clock.advance(11_999);
    expect(graph.queryRequests()).toHaveLength(1);
    await clock.advance(1);
    const snapshot = await pending;
    expect(snapshot.clusters).toHaveLength(FLEET_SIZE + 2);
    expect(graph.queryRequests().map((r) => r.status)).toEqual([429, 200, 200, 200]);
    // the retry repeats the exact same first-page request
    expect(graph.queryRequests()[1].body).toEqual(graph.queryRequests()[0].body);
    expect(logger.lines.find((l) => l.msg === 'resource graph request failed')?.fields).toMatchObject({ kind: 'throttled', status: 429, code: 'RateLimiting', retryInMs: 12_000 });
  });

  test('429 without Retry-After waits for x-ms-user-quota-resets-after', async () => {
    const { directory, clock } = makeDirectory();
    graph.queueFaults({ status: 429, code: 'RateLimiting', quotaRemaining: 0, quotaResetsAfter: '00:00:07' });
    const pending = directory.getClustersByName('cluster-00007');
    await until(() => clock.pendingSleeps === 1, 'the retry wait');
    await clock.advance(6_999);
    expect(graph.queryRequests()).toHaveLength(1);
    await clock.advance(1);
    await expect(pending).resolves.toHaveLength(1);
    expect(graph.queryRequests()).toHaveLength(2);
  });

  test('retries are bounded: a persistent 429 becomes a throttled DirectoryError with one clear sentence', async () => {
    const { directory, clock } = makeDirectory({ retry: { ...DEFAULT_CONFIG.resourceGraph.retry, maxAttempts: 3 } });
    graph.setFault({ status: 429, code: 'RateLimiting', quotaRemaining: 0, quotaResetsAfter: '00:00:02' });
    const pending = directory.listClusters().catch((e: unknown) => e);
    for (let i = 0; i < 2; i++) {
      await until(() => clock.pendingSleeps === 1, `wait ${i + 1}`);
      await clock.advance(2_000);
    }
    const error = await pending;
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error).toMatchObject({ kind: 'throttled', userMessage: 'Azure Resource Graph is throttling us; retrying in 2 s.', retryAfterMs: 2_000 });
    expect(graph.queryRequests()).toHaveLength(3);
  });

  test('a quota reset too far away fails fast, and the next query waits out the same reset without a request', async () => {
    const { directory, clock } = makeDirectory();
    graph.queueFaults({ status: 429, code: 'RateLimiting', quotaRemaining: 0, quotaResetsAfter: '00:01:00' });
    await expect(directory.getClustersByName('cluster-00001')).rejects.toMatchObject({
      kind: 'throttled',
      userMessage: 'Azure Resource Graph is throttling us; retrying in 60 s.',
      retryAfterMs: 60_000,
    });
    expect(graph.queryRequests()).toHaveLength(1);

    await clock.advance(30_000);
    await expect(directory.getClustersByName('cluster-00001')).rejects.toMatchObject({ kind: 'throttled', userMessage: 'Azure Resource Graph is throttling us; retrying in 30 s.' });
    expect(graph.queryRequests()).toHaveLength(1);

    await clock.advance(30_000);
    await expect(directory.getClustersByName('cluster-00001')).resolves.toHaveLength(1);
    expect(graph.queryRequests()).toHaveLength(2);
  });

  test('quota exhaustion: after x-ms-user-quota-remaining 0 the next page waits for resets-after (no 429 provoked)', async () => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const limited = await startResourceGraphStandIn({ rows: fleet, quota: { perWindow: 2, windowMs: 5_000, clock } });
    try {
      const directory = createResourceGraphDirectory({ ...resourceGraphDefaults(), subscriptionIds: [SUB_A, SUB_B], resourceManagerEndpoint: limited.url, clock });
      const pending = directory.listClusters();
      await until(() => limited.queryRequests().length === 2 && clock.pendingSleeps === 1, 'two pages and a quota wait');
      expect(limited.queryRequests().map((r) => r.status)).toEqual([200, 200]);
      await clock.advance(4_999);
      expect(limited.queryRequests()).toHaveLength(2);
      await clock.advance(1);
      const snapshot = await pending;
      expect(snapshot.clusters).toHaveLength(FLEET_SIZE + 2);
      expect(limited.queryRequests().map((r) => r.status)).toEqual([200, 200, 200]);
    } finally {
      await limited.close();
    }
  });

  test('403 AuthorizationFailed becomes a forbidden DirectoryError naming the subscription, logged with the correlation id', async () => {
    const { directory, logger } = makeDirectory({ subscriptionIds: [SUB_A, FORBIDDEN_SUB] });
    const error = (await directory.listClusters().catch((e: unknown) => e)) as DirectoryError;
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error.kind).toBe('forbidden');
    expect(error.userMessage).toBe(`The bot's identity cannot read subscription ${FORBIDDEN_SUB}; give it the Reader role there.`);
    const requests = graph.queryRequests();
    expect(requests).toHaveLength(1); // a 403 is not retried
    expect(requests[0].headers['x-ms-correlation-request-id']).toBe(error.correlationId);
    const logged = logger.lines.find((l) => l.level === 'error' && l.msg === 'resource graph query failed');
    expect(logged?.fields).toMatchObject({ correlationId: error.correlationId, kind: 'forbidden', status: 403, code: 'AuthorizationFailed' });
  });

  test('401 from Resource Graph becomes an unauthorized DirectoryError that names the credential env vars', async () => {
    const wrongToken = { getToken: async () => ({ token: 'not-the-right-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const { directory } = makeDirectory({ credential: wrongToken });
    await expect(directory.getClustersByName('cluster-00001')).rejects.toMatchObject({
      kind: 'unauthorized',
      userMessage: expect.stringMatching(/AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET/),
    });
    expect(graph.queryRequests()).toHaveLength(1);
  });

  test('a 503 and a dropped connection are retried with backoff on the injected clock', async () => {
    const { directory, clock } = makeDirectory({ retry: { ...DEFAULT_CONFIG.resourceGraph.retry, baseBackoffMs: 1_000 } });
    graph.queueFaults({ status: 503, code: 'ServiceUnavailable' }, { drop: true });
    const pending = directory.getClustersByName('cluster-00003');
    await until(() => clock.pendingSleeps === 1, 'first backoff');
    await clock.advance(1_000);
    await until(() => clock.pendingSleeps === 1 && graph.queryRequests().length === 2, 'second backoff');
    await clock.advance(2_000);
    await expect(pending).resolves.toHaveLength(1);
    expect(graph.queryRequests().map((r) => r.status)).toEqual([503, 0, 200]);
  });

  test('Resource Graph unreachable becomes an unavailable DirectoryError after bounded retries', async () => {
    const { directory, clock } = makeDirectory({ retry: { ...DEFAULT_CONFIG.resourceGraph.retry, maxAttempts: 2, baseBackoffMs: 500 } });
    graph.setFault({ drop: true });
    const pending = directory.listClusters().catch((e: unknown) => e);
    await until(() => clock.pendingSleeps === 1, 'backoff');
    await clock.advance(500);
    expect(await pending).toMatchObject({ kind: 'unavailable', userMessage: 'Azure Resource Graph is unavailable right now; please try again in a minute.' });
    expect(graph.queryRequests()).toHaveLength(2);
  });

  test('a request that never answers ends as a timeout DirectoryError (the one wall-clock wait: the SDK socket)', async () => {
    const { directory } = makeDirectory({ requestTimeoutMs: 200, retry: { ...DEFAULT_CONFIG.resourceGraph.retry, maxAttempts: 1 } });
    graph.setFault({ hang: true });
    await expect(directory.getClustersByName('cluster-00001')).rejects.toMatchObject({
      kind: 'timeout',
      userMessage: 'Azure Resource Graph did not answer in time; please try again in a minute.',
    });
  });

  test('a token endpoint that never answers ends as a timeout DirectoryError at the token deadline, with no query sent', async () => {
    // A long request timeout: only the token deadline (TOKEN_TIMEOUT_SECONDS) can end this. The
    // endpoint named another way is another token audience, so no token cached by earlier tests serves it.
    const { directory } = makeDirectory({
      resourceManagerEndpoint: graph.url.replace('127.0.0.1', 'localhost'), requestTimeoutMs: 60_000, tokenTimeoutMs: 300, retry: { ...DEFAULT_CONFIG.resourceGraph.retry, maxAttempts: 1 },
    });
    const asked = identity.requests.length;
    identity.setHanging(true);
    try {
      const started = Date.now();
      await expect(directory.getClustersByName('cluster-00001')).rejects.toMatchObject({ kind: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(identity.requests.length).toBeGreaterThan(asked);
      expect(graph.queryRequests()).toHaveLength(0);
    } finally {
      identity.setHanging(false);
    }
  });
});
