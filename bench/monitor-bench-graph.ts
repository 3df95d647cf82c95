/**
 * Child process for bench/monitor-bench.ts: runs the Resource Graph stand-in outside the measured
 * process, so the monitor's CPU and RSS are its own. Protocol on stdio, one JSON line each:
 * out {url} once; in {"outage": n} -> out {"ok": true}; in {"requests": true} -> out {"requests": n}.
 */
import * as readline from 'node:readline';
import type { ArcClusterRow } from '../src/clusters/arc-cluster-row';
import { generateClusterRows, startResourceGraphStandIn } from '../test/support/resource-graph-standin';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const now = new Date(Number(process.env.BENCH_NOW ?? Date.now()));

/** Flips `count` Connected clusters to Offline (heartbeat 40 min old). */
export function withOutage(rows: ArcClusterRow[], count: number, at: Date): ArcClusterRow[] {
  let flipped = 0;
  return rows.map((r) => {
    if (flipped >= count || r.properties?.connectivityStatus !== 'Connected') return r;
    flipped++;
    return { ...r, properties: { ...r.properties, connectivityStatus: 'Offline', lastConnectivityTime: new Date(at.getTime() - 40 * 60_000).toISOString() } };
  });
}

async function main() {
  const rows = generateClusterRows(CLUSTERS, { now });
  const graph = await startResourceGraphStandIn({ rows });
  const say = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');
  say({ url: graph.url });
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const msg = JSON.parse(line) as { outage?: number; requests?: boolean };
    if (msg.outage !== undefined) {
      graph.setRows(withOutage(rows, msg.outage, now));
      say({ ok: true });
    } else if (msg.requests) say({ requests: graph.queryRequests().length });
  });
  lines.on('close', () => void graph.close().then(() => process.exit(0)));
}

if (require.main === module) void main();
