/**
 * Benchmark: chat questions through the real HTTP server, answered from Resource Graph (the HTTPS
 * stand-in with a generated fleet), next to a bare botbuilder echo bot measured in the same run.
 * A round trip is the time from POST /api/messages until the bot's reply reached the connector
 * stand-in. Prints numbers; asserts nothing about time.
 *
 * For each fleet size: `status <name>` at 1, 20 and 100 concurrent users, with the bot's fleet
 * snapshot fresh, 20 s old (older than the 15 s name cache) and 70 s old (older than
 * FLEET_MAX_AGE_SECONDS: a refresh runs in the background during the run), each point in alternating
 * rounds with the echo bot; the Resource Graph queries each point caused. Then, on the largest
 * fleet, the CPU per request of fleet-wide commands (`clusters offline`, `status` alone).
 *
 * Run: npm run bench:status. Knobs: BENCH_FLEETS (2000,50000), BENCH_USERS (1,20,100),
 * BENCH_REQUESTS (600 per bot per point with several users), BENCH_SOLO_REQUESTS (150 with one user),
 * BENCH_ROUNDS (3), BENCH_WARMUP (200), BENCH_FLEET_COMMANDS (40 requests per fleet-wide command).
 */
import os from 'node:os';
import path from 'node:path';
import { generateClusterRows, startResourceGraphStandIn, type ResourceGraphStandIn } from '../test/support/resource-graph-standin';
import { type BenchBot, cpuMs, killAllBots, load, type RunResult, sanityCheck, startBot } from './bench-bots';
import { BenchConnector } from './bench-connector';
import { type LatencySummary, summarise } from './bench-stats';

const FLEETS = intList('BENCH_FLEETS', [2000, 50_000]);
const USER_LEVELS = intList('BENCH_USERS', [1, 20, 100]);
const REQUESTS = intList('BENCH_REQUESTS', [600])[0];
const SOLO_REQUESTS = intList('BENCH_SOLO_REQUESTS', [150])[0];
const ROUNDS = intList('BENCH_ROUNDS', [3])[0];
const WARMUP = intList('BENCH_WARMUP', [200])[0];
const FLEET_COMMAND_REQUESTS = intList('BENCH_FLEET_COMMANDS', [40])[0];
const STATUS_CPU_REQUESTS = 300;
const WHOLE_RUN_LIMIT_MS = 20 * 60_000;
const AGES = [
  { label: 'fresh', ageMs: 0 },
  { label: '20 s old', ageMs: 20_000 },
  { label: '70 s old', ageMs: 70_000 },
];
const FLEET_COMMANDS = ['clusters offline', 'status'];

function intList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const values = raw.split(',').map((v) => Number(v.trim()));
  if (!values.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`${name}="${raw}" must be positive whole numbers, comma-separated`);
  return values;
}

const clusterName = (fleet: number, i: number) => `cluster-${String(((i * 7919) % fleet) + 1).padStart(5, '0')}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

interface PointResult {
  fleet: number;
  users: number;
  age: string;
  echo: LatencySummary;
  status: LatencySummary;
  /** Median of the per-round p50 ratios status/echo. */
  p50Ratio: number;
  resourceGraphQueries: number;
}

/** Echo and status alternate round by round (echo, status, status, echo, ...) so machine noise hits both. */
async function measurePoint(echo: BenchBot, bot: BenchBot, connector: BenchConnector, rg: ResourceGraphStandIn, fleet: number, users: number, age: (typeof AGES)[number]): Promise<PointResult> {
  await bot.ask({ cmd: 'refresh' });
  if (age.ageMs) await bot.ask({ cmd: 'age', ms: age.ageMs });
  const queriesBefore = rg.queryRequests().length;
  const perRound = Math.ceil((users === 1 ? SOLO_REQUESTS : REQUESTS) / ROUNDS);
  const runs = new Map<BenchBot, RunResult[]>([[echo, []], [bot, []]]);
  let offset = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const b of round % 2 === 0 ? [echo, bot] : [bot, echo]) {
      const start = offset;
      runs.get(b)!.push(await load(b.url, connector, (i) => `status ${clusterName(fleet, start + i)}`, perRound, users));
    }
    offset += perRound;
  }
  await bot.ask({ cmd: 'settle' });
  const pooled = (b: BenchBot) => {
    const all = runs.get(b)!;
    return summarise(all.flatMap((r) => r.latencies), all.reduce((n, r) => n + r.errors, 0), all.reduce((n, r) => n + r.wallMs, 0));
  };
  const ratios = runs.get(bot)!.map((r, i) => summarise(r.latencies, r.errors, r.wallMs).p50Ms / summarise(runs.get(echo)![i].latencies, 0, 1).p50Ms);
  for (const [b, all] of runs) {
    const failed = all.find((r) => r.firstError);
    if (failed) console.log(`  ${b.kind}: errors, first: ${failed.firstError}`);
  }
  return { fleet, users, age: age.label, echo: pooled(echo), status: pooled(bot), p50Ratio: median(ratios), resourceGraphQueries: rg.queryRequests().length - queriesBefore };
}

interface FleetCommandCost {
  command: string;
  botCpuMs: number;
  echoCpuMs: number;
  /** CPU of the first such request after a new snapshot arrived (it builds the snapshot's derived data). */
  firstAfterNewSnapshotCpuMs: number;
}

/**
 * CPU time per request in one bot's process, one user at a time: unlike latency on a shared machine,
 * it does not depend on what else is running, so it shows what a question costs.
 */
async function cpuPerRequest(b: BenchBot, connector: BenchConnector, textOf: (i: number) => string, count: number): Promise<number> {
  const before = await b.ask({ cmd: 'cpu' });
  await load(b.url, connector, textOf, count, 1);
  return cpuMs(before, await b.ask({ cmd: 'cpu' })) / count;
}

/** CPU per request of a fleet-wide command in the bot, next to the echo bot's for the same message. */
async function measureFleetCommand(echo: BenchBot, bot: BenchBot, connector: BenchConnector, command: string): Promise<FleetCommandCost> {
  await bot.ask({ cmd: 'refresh' });
  const first = await cpuPerRequest(bot, connector, () => command, 1);
  const echoCpuMs = await cpuPerRequest(echo, connector, () => command, FLEET_COMMAND_REQUESTS);
  const botCpuMs = await cpuPerRequest(bot, connector, () => command, FLEET_COMMAND_REQUESTS);
  return { command, botCpuMs, echoCpuMs, firstAfterNewSnapshotCpuMs: first };
}

function printPoints(points: PointResult[]): void {
  const header = ['users', 'snapshot', 'echo p50', 'bot p50', 'p50 ratio', 'echo p99', 'bot p99', 'echo req/s', 'bot req/s', 'RG queries'];
  const rows = points.map((p) => [String(p.users), p.age, fmt(p.echo.p50Ms), fmt(p.status.p50Ms), `${fmt(p.p50Ratio)}x`, fmt(p.echo.p99Ms), fmt(p.status.p99Ms), fmt(p.echo.requestsPerSecond, 0), fmt(p.status.requestsPerSecond, 0), String(p.resourceGraphQueries)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [header, ...rows]) console.log(r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}

async function main(): Promise<void> {
  const guard = setTimeout(() => {
    console.error(`status bench: still running after ${WHOLE_RUN_LIMIT_MS / 60_000} min; stopping.`);
    killAllBots();
    process.exit(2);
  }, WHOLE_RUN_LIMIT_MS);
  guard.unref();
  const connector = new BenchConnector();
  await connector.start();
  const root = path.resolve(__dirname, '..', '..', '..');
  // The bot trusts the stand-in's test certificate, as `npm test` does.
  const botEnv = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(root, 'test', 'fixtures', 'tls', 'ca.pem'), NODE_NO_WARNINGS: '1' };
  console.log(`chat benchmark: Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0].toFixed(2)}; ` +
    `${ROUNDS} alternating rounds per point, ${REQUESTS} requests per bot per point with several users, ${SOLO_REQUESTS} with one; times in ms`);
  console.log('round trip = POST /api/messages until the reply reached the loopback connector stand-in; each bot in its own process; p50 ratio = median of the per-round ratios');
  if (os.loadavg()[0] > os.cpus().length) console.log(`warning: the machine is busy (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs): compare ratios, not absolute numbers`);
  const echo = await startBot('echo', [], botEnv);
  const points: PointResult[] = [];
  const fleetCommands: FleetCommandCost[] = [];
  const statusCpu: { fleet: number; botCpuMs: number; echoCpuMs: number }[] = [];
  try {
    await sanityCheck(echo, connector, 'status cluster-00001', '');
    for (const fleet of FLEETS) {
      const rg = await startResourceGraphStandIn({ rows: generateClusterRows(fleet) });
      const bot = await startBot('status', [rg.url], botEnv);
      try {
        await sanityCheck(bot, connector, `status ${clusterName(fleet, 0)}`, clusterName(fleet, 0));
        for (const b of [echo, bot]) await load(b.url, connector, (i) => `status ${clusterName(fleet, i)}`, WARMUP, 20);
        console.log(`\n${fleet.toLocaleString('en-US')} clusters (${Math.ceil(fleet / 1000)} Resource Graph pages per fleet read): status <name>`);
        const fleetPoints: PointResult[] = [];
        for (const users of USER_LEVELS) for (const age of AGES) fleetPoints.push(await measurePoint(echo, bot, connector, rg, fleet, users, age));
        printPoints(fleetPoints);
        points.push(...fleetPoints);
        const statusText = (i: number) => `status ${clusterName(fleet, 1000 + i)}`;
        const cpu = { fleet, echoCpuMs: await cpuPerRequest(echo, connector, statusText, STATUS_CPU_REQUESTS), botCpuMs: await cpuPerRequest(bot, connector, statusText, STATUS_CPU_REQUESTS) };
        statusCpu.push(cpu);
        console.log(`status <name> CPU ms per request (one user, ${STATUS_CPU_REQUESTS} requests): bot ${fmt(cpu.botCpuMs)}, echo ${fmt(cpu.echoCpuMs)}, ratio ${fmt(cpu.botCpuMs / cpu.echoCpuMs)}x`);
        if (fleet === Math.max(...FLEETS)) {
          console.log(`\n${fleet.toLocaleString('en-US')} clusters: fleet-wide commands, CPU ms per request (one user, ${FLEET_COMMAND_REQUESTS} requests; echo = the echo bot answering the same text)`);
          for (const command of FLEET_COMMANDS) {
            const cost = await measureFleetCommand(echo, bot, connector, command);
            fleetCommands.push(cost);
            console.log(`${command.padEnd(18)} bot ${fmt(cost.botCpuMs)}  echo ${fmt(cost.echoCpuMs)}  bot minus echo ${fmt(cost.botCpuMs - cost.echoCpuMs)}  first after a new snapshot ${fmt(cost.firstAfterNewSnapshotCpuMs, 1)}`);
          }
        }
      } finally {
        await bot.stop();
        await rg.close();
      }
    }
    if (connector.unexpected) console.log(`connector stand-in saw ${connector.unexpected} calls it did not expect`);
    console.log(JSON.stringify({ bench: 'chat', points: points.map((p) => ({ fleet: p.fleet, users: p.users, age: p.age, echoP50: p.echo.p50Ms, botP50: p.status.p50Ms, p50Ratio: p.p50Ratio, echoP99: p.echo.p99Ms, botP99: p.status.p99Ms, echoRps: p.echo.requestsPerSecond, botRps: p.status.requestsPerSecond, errors: p.status.errors + p.echo.errors, queries: p.resourceGraphQueries })), statusCpu, fleetCommands }));
  } finally {
    await echo.stop();
    await connector.close();
    killAllBots();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error('status bench failed:', error);
    killAllBots();
    process.exit(1);
  },
);
