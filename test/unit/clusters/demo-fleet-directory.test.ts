import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ArcClusterRow } from '../../../src/clusters/arc-cluster-row';
import { DirectoryError } from '../../../src/clusters/cluster-directory';
import { DemoFleetDirectory } from '../../../src/clusters/demo-fleet-directory';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { BUNDLED_DEMO_FLEET_FILE } from '../../../src/core/project-root';
import { MIN } from '../../support/clusters';
import { exampleRow } from './example-arc-row';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'demo-fleet-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function rowNamed(name: string, resourceGroup = 'rg-edge-prod', status = 'Connected'): ArcClusterRow {
  const r = exampleRow();
  return {
    ...r,
    id: r.id.replace('rg-edge-prod', resourceGroup).replace(/store-0421-k3s$/, name),
    name,
    resourceGroup,
    properties: { ...r.properties, connectivityStatus: status },
  };
}

/** Writes the file and moves its mtime forward, so a rewrite within the same millisecond is still a change. */
let tick = 1_700_000_000;
function writeFleet(file: string, content: unknown): void {
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  tick += 10;
  utimesSync(file, tick, tick);
}

function open(file: string, simulate = false) {
  const clock = new ManualClock('2026-11-01T12:00:00Z');
  const logger = createMemoryLogger();
  return { clock, logger, directory: new DemoFleetDirectory({ filePath: file, simulate, clock, logger }) };
}

describe('DemoFleetDirectory', () => {
  test('serves a bare array of rows exactly as written, sorted by id', async () => {
    const file = path.join(dir, 'fleet.json');
    writeFleet(file, [rowNamed('zeta'), rowNamed('alpha')]);
    const { directory } = open(file);
    const snapshot = await directory.listClusters();
    expect(snapshot.clusters.map((c) => c.name)).toEqual(['alpha', 'zeta']);
    expect(snapshot.fetchedAt).toEqual(new Date('2026-11-01T12:00:00Z'));
    expect(snapshot.source).toBe('demo');
    expect(snapshot.clusters[0].lastConnectivityTime).toEqual(new Date('2026-10-14T07:52:31.441Z'));
    // The file name only: descriptions are shown on cards, which never show server paths.
    expect(directory.description).toBe('demo fleet (fleet.json)');
  });

  test('accepts a Resource Graph response body with "data"', async () => {
    const file = path.join(dir, 'fleet.json');
    writeFleet(file, { totalRecords: 1, count: 1, resultTruncated: 'false', data: [rowNamed('one')] });
    const { directory } = open(file);
    expect((await directory.listClusters()).clusters.map((c) => c.name)).toEqual(['one']);
  });

  test('getClustersByName is case-insensitive and returns every cluster with that name', async () => {
    const file = path.join(dir, 'fleet.json');
    writeFleet(file, [rowNamed('edge-gw', 'rg-a'), rowNamed('Edge-GW', 'rg-b'), rowNamed('other')]);
    const { directory } = open(file);
    expect((await directory.getClustersByName('EDGE-gw')).map((c) => c.resourceGroup)).toEqual(['rg-a', 'rg-b']);
    expect(await directory.getClustersByName('missing')).toEqual([]);
  });

  test('the file is re-read when it changes: an edit is visible on the next query', async () => {
    const file = path.join(dir, 'fleet.json');
    writeFleet(file, [rowNamed('store-0421', 'rg-edge-prod', 'Connected')]);
    const { directory, logger } = open(file);
    expect((await directory.listClusters()).clusters[0].status).toBe('Connected');

    writeFleet(file, [rowNamed('store-0421', 'rg-edge-prod', 'Offline')]);
    expect((await directory.listClusters()).clusters[0].status).toBe('Offline');
    expect(logger.lines.some((l) => l.msg === 'demo fleet file changed; reloaded')).toBe(true);

    writeFleet(file, [rowNamed('store-0421'), rowNamed('store-9999')]);
    expect((await directory.getClustersByName('store-9999'))).toHaveLength(1);
  });

  test('a broken edit keeps the last good fleet and logs a warning; fixing it is picked up', async () => {
    const file = path.join(dir, 'fleet.json');
    writeFleet(file, [rowNamed('good')]);
    const { directory, logger } = open(file);
    await directory.listClusters();

    writeFleet(file, '[{"id": "half a file');
    expect((await directory.listClusters()).clusters.map((c) => c.name)).toEqual(['good']);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toContain('demo fleet file unreadable; serving the last good version');

    writeFleet(file, { notData: true });
    expect((await directory.listClusters()).clusters.map((c) => c.name)).toEqual(['good']);

    writeFleet(file, [rowNamed('fixed')]);
    expect((await directory.listClusters()).clusters.map((c) => c.name)).toEqual(['fixed']);
  });

  test('a deleted file after a good read keeps serving the last good fleet', async () => {
    const file = path.join(dir, 'fleet.json');
    writeFleet(file, [rowNamed('good')]);
    const { directory } = open(file);
    await directory.listClusters();
    rmSync(file);
    const stale = await directory.listClusters();
    expect(stale.clusters).toHaveLength(1);
    // Chat may still answer from it; the monitor must not take it for a fresh read.
    expect(stale.staleBecause).toMatch(/cannot be read/);
    writeFleet(file, [rowNamed('good')]);
    expect((await directory.listClusters()).staleBecause).toBeUndefined();
  });

  test('a missing file is a DirectoryError with a user-safe sentence and a correlation id', async () => {
    const file = path.join(dir, 'nope.json');
    const { directory, logger } = open(file);
    const error = await directory.listClusters().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    const e = error as DirectoryError;
    expect(e.kind).toBe('source-broken');
    expect(e.userMessage).toBe('The demo fleet file nope.json cannot be read.');
    expect(e.userMessage).not.toContain(dir);
    expect(logger.lines.find((l) => l.level === 'error')?.fields.filePath).toBe(file);
    expect(e.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logger.lines.find((l) => l.level === 'error')?.fields.correlationId).toBe(e.correlationId);
    await expect(directory.getClustersByName('x')).rejects.toBeInstanceOf(DirectoryError);
  });

  test('a file that is not a fleet at all is a DirectoryError on first read', async () => {
    const file = path.join(dir, 'fleet.json');
    writeFleet(file, { hello: 'world' });
    await expect(open(file).directory.listClusters()).rejects.toMatchObject({ kind: 'source-broken' });
  });

  test('bad rows are skipped with a warning, the rest of the fleet is served', async () => {
    const file = path.join(dir, 'fleet.json');
    const noStatus = { ...rowNamed('no-status'), properties: null };
    writeFleet(file, [rowNamed('ok'), { name: 'no-id' }, null, noStatus]);
    const { directory, logger } = open(file);
    const snapshot = await directory.listClusters();
    expect(snapshot.clusters.map((c) => c.name)).toEqual(['ok']);
    expect(snapshot.invalidRows).toEqual({ count: 3, clusterIds: [noStatus.id] });
    expect(logger.lines.filter((l) => l.msg === 'demo fleet rows skipped: invalid data').map((l) => l.fields.skipped)).toEqual([3]);
  });

  test('the bundled fleet with simulation: heartbeats follow the clock, a flapper goes Offline minutes 3-9', async () => {
    const { directory, clock } = open(BUNDLED_DEMO_FLEET_FILE, true);
    expect(directory.description).toContain('simulated changes');
    const first = await directory.listClusters();
    expect(first.clusters.length).toBeGreaterThanOrEqual(40);
    const newest = Math.max(...first.clusters.map((c) => c.lastConnectivityTime?.getTime() ?? 0));
    expect(clock.now().getTime() - newest).toBe(MIN);

    await clock.advance(4 * MIN);
    const [flapper] = await directory.getClustersByName('store-0147');
    expect(flapper.status).toBe('Offline');
    await clock.advance(6 * MIN);
    expect((await directory.getClustersByName('store-0147'))[0].status).toBe('Connected');
  });

  test('the bundled file itself is a realistic fleet: 40+ clusters, every status, near-expiry, old agents, private link', () => {
    const content = JSON.parse(readFileSync(BUNDLED_DEMO_FLEET_FILE, 'utf8')) as { data: ArcClusterRow[] };
    const rows = content.data;
    expect(rows.length).toBeGreaterThanOrEqual(40);
    const statuses = new Set(rows.map((r) => r.properties?.connectivityStatus));
    for (const s of ['Connected', 'Offline', 'Expired', 'Connecting', 'AgentNotInstalled']) expect(statuses).toContain(s);
    expect(new Set(rows.map((r) => r.location)).size).toBeGreaterThanOrEqual(4);
    expect(rows.some((r) => r.properties?.privateLinkState === 'Enabled')).toBe(true);
    expect(rows.some((r) => /^1\.(2\d|3[0-3])\./.test(String(r.properties?.agentVersion)))).toBe(true);
  });
});
