import { readFile, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { ArcClusterRow, FleetFileContent } from './arc-cluster-row';
import { type Cluster, parseClusterRows } from './cluster';
import { type ClusterDirectory, DirectoryError, type FleetSnapshot, type InvalidRows, invalidRowsCollector } from './cluster-directory';
import { simulateDemoFleet } from './demo-simulation';
import { fleetIndexOf } from './fleet-index';

export interface DemoFleetOptions {
  filePath: string;
  /** True only for the bundled demo: timestamps follow the clock and a few clusters change over time. */
  simulate: boolean;
  clock: Clock;
  logger: Logger;
}

/**
 * A ClusterDirectory over a JSON file of Resource Graph rows (a bare array, or a response body with
 * `data`). The file is re-read whenever its modification time or size changes, so an operator or a
 * test can edit it and see the change on the next query; a broken edit keeps the last good fleet.
 */
export class DemoFleetDirectory implements ClusterDirectory {
  readonly description: string;
  private rows: ArcClusterRow[] | undefined;
  private loadedVersion = '';
  private readonly startedAt: Date;
  /** The parsed fleet for one file version (and, for the bundled demo, one second of simulated time). */
  private served: { key: string; clusters: Cluster[]; invalidRows: InvalidRows } | undefined;
  private unreadableSince: { reason: string; lastGoodAt: Date } | undefined;
  private lastGoodAt: Date | undefined;

  constructor(private readonly options: DemoFleetOptions) {
    // Shown on cards ("Source: ..."): the file's name, never the server's path to it.
    this.description = `demo fleet (${path.basename(options.filePath)}${options.simulate ? ', simulated changes' : ''})`;
    this.startedAt = options.clock.now();
  }

  async listClusters(): Promise<FleetSnapshot> {
    const rows = await this.currentRows();
    const now = this.options.clock.now();
    // Re-simulating and re-parsing on every chat question was ~20% of a status round trip
    // (bench/status-bench): reuse the parsed fleet while the file and the simulated second are the same.
    const simulatedAt = this.options.simulate ? new Date(Math.floor(now.getTime() / 1000) * 1000) : undefined;
    const key = `${this.loadedVersion}|${simulatedAt?.getTime() ?? ''}`;
    if (this.served?.key !== key) {
      const served = simulatedAt ? simulateDemoFleet(rows, this.startedAt, simulatedAt) : rows;
      const invalid = invalidRowsCollector();
      const clusters = parseClusterRows(served, invalid.add).sort(byId);
      if (invalid.result().count) this.options.logger.warn('demo fleet rows skipped: invalid data', { skipped: invalid.result().count });
      this.served = { key, clusters, invalidRows: invalid.result() };
    }
    // The same clusters array while nothing changed: derived data (fleetIndexOf) is built once for it.
    const snapshot: FleetSnapshot = { clusters: this.served.clusters, fetchedAt: now, source: 'demo', invalidRows: this.served.invalidRows };
    if (this.unreadableSince) {
      // Its age is the age of the last good read, so every card built from it says how old it is.
      snapshot.staleBecause = this.unreadableSince.reason;
      snapshot.fetchedAt = this.unreadableSince.lastGoodAt;
    }
    return snapshot;
  }

  async getClustersByName(name: string): Promise<Cluster[]> {
    return [...fleetIndexOf(await this.listClusters()).clustersNamed(name)];
  }

  private async currentRows(): Promise<ArcClusterRow[]> {
    const { filePath, logger } = this.options;
    try {
      const info = await stat(filePath);
      const version = `${info.mtimeMs}:${info.size}`;
      if (this.rows && version === this.loadedVersion) {
        this.lastGoodAt = this.options.clock.now();
        this.unreadableSince = undefined;
        return this.rows;
      }
      const content = JSON.parse(await readFile(filePath, 'utf8')) as FleetFileContent;
      const rows = Array.isArray(content) ? content : content?.data;
      if (!Array.isArray(rows)) throw new Error('expected an array of rows or an object with a "data" array');
      if (this.rows) logger.info('demo fleet file changed; reloaded', { filePath, clusters: rows.length });
      this.rows = rows;
      this.loadedVersion = version;
      this.unreadableSince = undefined;
      this.lastGoodAt = this.options.clock.now();
      return rows;
    } catch (error) {
      if (this.rows) {
        // Chat keeps answering from the last good fleet; the snapshot says it is stale, so the
        // monitor counts a failed read (and /healthz shows it) instead of trusting old data.
        if (!this.unreadableSince) logger.warn('demo fleet file unreadable; serving the last good version', { filePath, error: (error as Error).message });
        this.unreadableSince ??= { reason: `the demo fleet file ${filePath} cannot be read (${(error as Error).message})`, lastGoodAt: this.lastGoodAt ?? this.options.clock.now() };
        return this.rows;
      }
      const correlationId = randomUUID();
      logger.error('demo fleet file unreadable', { filePath, error: (error as Error).message, correlationId });
      // The user sees the file's name; the log line above has the path and the error.
      throw new DirectoryError('source-broken', `The demo fleet file ${path.basename(filePath)} cannot be read.`, correlationId, { cause: error });
    }
  }
}

function byId(a: Cluster, b: Cluster): number {
  const x = a.id.toLowerCase();
  const y = b.id.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
