/**
 * Monitor benchmark. Prints numbers; asserts nothing.
 *  1. One monitor tick over a 10,000-cluster fleet served by the Resource Graph stand-in (real SDK,
 *     paged): wall time, CPU, RSS, Resource Graph requests per tick (floor ceil(N/1000) (https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results)).
 *  2. Diff + alert planning alone (pure part), on the same fleet with 500 transitions.
 *  3. Delivery of 500 transitions to 50 conversations as digests under the Teams rate limits
 *     (1 msg/s per conversation, global cap 20 RPS, simulated clock).
 * Targets: tick under 1 s of CPU and under 150 MB RSS at 10,000 clusters; requests per tick at the floor.
 *
 * Memory is reported so the RSS number means something: this process loads every module of the bot
 * (src/compose.ts) before measuring, prints that floor (and bare Node's), and for each tick the RSS
 * just before it (after a full GC), the peak during it (kernel high-water mark, or 2 ms samples when
 * the tick did not set a new high), the heap it leaves behind, and V8's young-generation size, which
 * is most of the growth with Node's default heap settings (bench/run-monitor-bench.cjs also reruns
 * the ticks with the young generation capped, for comparison).
 */
import { execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as v8 from 'node:v8';
import { MemoryStorage } from '../src/storage/memory-storage';
import { parseClusterRows } from '../src/clusters/cluster';
import { createResourceGraphDirectory } from '../src/clusters/resource-graph/resource-graph-directory';
import { ManualClock, systemClock } from '../src/core/clock';
import { silentLogger } from '../src/core/logger';
import { planAlerts } from '../src/tell/alert-planner';
import { sameFilter } from '../src/clusters/cluster-filter';
import { AlertDelivery } from '../src/tell/delivery';
import { observeFleet } from '../src/tell/fleet-diff';
import { ConnectivityMonitor } from '../src/tell/monitor';
import type { ProactiveSender } from '../src/chat/proactive-port';
import { createTellStores, type TellStores } from '../src/tell/stores/tell-stores';
import { DEFAULT_CONFIG, resourceGraphDefaults } from '../test/support/config-defaults';
import { DEFAULT_TEST_SUBSCRIPTIONS, generateClusterRows, staticTokenCredential } from '../test/support/resource-graph-standin';
import { withOutage } from './monitor-bench-graph';
// Loads every module the bot process loads (botbuilder, restify, the Azure SDK, the
// commands and cards) without starting anything, so this process's RSS before the first tick is
// the bot's own floor and "peak RSS" means what it would mean in the running bot.
import '../src/compose';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const TRANSITIONS = Number(process.env.BENCH_TRANSITIONS ?? 500);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 50);
const STEADY_TICKS = Number(process.env.BENCH_STEADY_TICKS ?? 5);
const MB = 1024 * 1024;

/** The Resource Graph stand-in in its own process (bench/monitor-bench-graph.ts). */
async function startGraphProcess(now: Date) {
  const child = spawn(process.execPath, [path.join(__dirname, 'monitor-bench-graph.js')], {
    env: { ...process.env, BENCH_CLUSTERS: String(CLUSTERS), BENCH_NOW: String(now.getTime()) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: ((v: any) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  const next = () => new Promise<any>((resolve) => waiting.push(resolve));
  const ask = (msg: unknown) => { const p = next(); child.stdin!.write(JSON.stringify(msg) + '\n'); return p; };
  const { url } = await next();
  return {
    url: url as string,
    outage: (n: number) => ask({ outage: n }),
    requests: async () => ((await ask({ requests: true })) as { requests: number }).requests,
    close: () => { child.stdin!.end(); },
  };
}

async function subscribeConversations(stores: TellStores, n: number, now: Date) {
  for (let i = 0; i < n; i++) {
    const id = `19:bench-${i}@thread.tacv2`;
    await stores.conversations.upsert({ id, address: { channel: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversationId: id, conversationType: 'channel', bot: { id: 'bot' } }, lastSeen: now.toISOString() }, true);
    await stores.subscriptions.add(id, { filter: {}, kinds: [], createdAt: now.toISOString() }, sameFilter);
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => Math.round(bytes / MB);
/** The OS high-water mark of this process's RSS (getrusage; kB on Linux). */
const highWaterRss = () => process.resourceUsage().maxRSS * 1024;
/** Physical memory of V8's young generation (the scavenger's semi-spaces), which V8 grows on its own. */
const youngGenBytes = () => v8.getHeapSpaceStatistics().filter((s) => s.space_name.startsWith('new')).reduce((n, s) => n + s.physical_space_size, 0);

interface Measured<T> {
  result: T;
  wallMs: number;
  cpuMs: number;
  /** RSS after a full GC just before the work: the process's baseline for this measurement. */
  rssBeforeMb: number;
  /** Highest RSS while the work ran: exact (getrusage high-water) when the work set a new process peak, else the highest 2 ms sample. */
  rssPeakMb: number;
  rssPeakExact: boolean;
  heapPeakMb: number;
  /** heapUsed after a full GC once the work is done: what it left behind (fleet memory, snapshot cache). */
  retainedHeapMb: number;
  youngGenMb: number;
  externalMb: number;
}

/**
 * Runs `work` with a GC first (so garbage from earlier steps does not count), samples RSS and heap
 * every 2 ms while it runs (async gaps: between pages, storage calls), and reads the kernel's RSS
 * high-water mark, which also covers the synchronous stretches (diff, JSON) the sampler cannot see.
 */
async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  gc?.();
  const before = process.memoryUsage();
  const highWaterBefore = highWaterRss();
  let rssPeak = before.rss;
  let heapPeak = before.heapUsed;
  let youngPeak = youngGenBytes();
  let externalPeak = before.external;
  const sample = () => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
    externalPeak = Math.max(externalPeak, m.external);
    youngPeak = Math.max(youngPeak, youngGenBytes());
  };
  const sampler = setInterval(sample, 2);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await work();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  sample();
  const highWaterAfter = highWaterRss();
  const rssPeakExact = highWaterAfter > highWaterBefore;
  if (rssPeakExact) rssPeak = Math.max(rssPeak, highWaterAfter);
  gc?.();
  return {
    result, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, rssBeforeMb: mb(before.rss), rssPeakMb: mb(rssPeak), rssPeakExact,
    heapPeakMb: mb(heapPeak), retainedHeapMb: mb(process.memoryUsage().heapUsed), youngGenMb: mb(youngPeak), externalMb: mb(externalPeak),
  };
}

/** RSS of a fresh Node process after loading `modules` and a full GC. */
function processFloorMb(modules: string[]): number {
  const script = `for (const m of ${JSON.stringify(modules)}) require(m); gc(); process.stdout.write(String(process.memoryUsage().rss))`;
  const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { cwd: path.resolve(__dirname, '..', '..', '..'), encoding: 'utf8' });
  return mb(Number(out));
}

function tickRow(label: string, m: Measured<unknown>, requests: number, floor: number, events: number, enqueued: number) {
  return {
    label, wallMs: Math.round(m.wallMs), cpuMs: Math.round(m.cpuMs), requests, floor, events, enqueued,
    rssBeforeMb: m.rssBeforeMb, rssPeakMb: `${m.rssPeakMb}${m.rssPeakExact ? '' : '~'}`, deltaMb: m.rssPeakMb - m.rssBeforeMb,
    heapPeakMb: m.heapPeakMb, retainedMb: m.retainedHeapMb, youngGenMb: m.youngGenMb, externalMb: m.externalMb,
  };
}

async function main() {
  const now = new Date();
  console.log(`monitor benchmark: Node ${process.version}, ${CLUSTERS} clusters, ${TRANSITIONS} transitions, ${CONVERSATIONS} conversations\n`);

  // --- 1. whole ticks through the Resource Graph stand-in ------------------------------------
  const graph = await startGraphProcess(now);
  const directory = createResourceGraphDirectory({
    ...resourceGraphDefaults(), subscriptionIds: DEFAULT_TEST_SUBSCRIPTIONS, resourceManagerEndpoint: graph.url, credential: staticTokenCredential(), clock: systemClock, logger: silentLogger, fleetMaxAgeMs: 0,
  });
  const stores = createTellStores(new MemoryStorage());
  await subscribeConversations(stores, CONVERSATIONS, now);
  const noSend: ProactiveSender = { send: async () => ({ activityId: 'x' }), update: async () => {} };
  const monitor = new ConnectivityMonitor(directory, stores, new AlertDelivery(stores, noSend, systemClock, silentLogger, DEFAULT_CONFIG.delivery), systemClock, silentLogger, DEFAULT_CONFIG.monitor);
  const floor = Math.ceil(CLUSTERS / 1000);
  gc?.();
  const loaded = process.memoryUsage();
  const bareNodeMb = processFloorMb([]);
  const botFloorMb = mb(loaded.rss);
  console.log(`Node ${process.version}, flags [${process.execArgv.join(' ')}], V8 heap limit ${mb(v8.getHeapStatistics().heap_size_limit)} MB`);
  console.log(`RSS floor: bare Node ${bareNodeMb} MB; this process with every module of the bot loaded (src/compose.ts: botbuilder, ` +
    `restify, Azure SDK), before the first tick: ${botFloorMb} MB (heap used ${mb(loaded.heapUsed)} MB)\n`);
  const ticks: ReturnType<typeof tickRow>[] = [];
  const measured: Measured<unknown>[] = [];
  const runTick = async (label: string) => {
    const before = await graph.requests();
    const m = await measure(() => monitor.tick());
    const requests = (await graph.requests()) - before;
    const outcome = m.result;
    measured.push(m);
    ticks.push(tickRow(label, m, requests, floor, outcome.kind === 'observed' ? outcome.events.length : 0, outcome.kind === 'observed' ? outcome.enqueued : 0));
  };
  await runTick('baseline (first start)');
  await runTick('no change');
  await graph.outage(TRANSITIONS);
  await runTick(`outage seen once (${TRANSITIONS} pending)`);
  await runTick('outage confirmed (events + digests planned)');
  for (let i = 1; i <= STEADY_TICKS; i++) await runTick(`steady state ${i}`);
  graph.close();
  console.log(`1. One monitor tick, fetch (real SDK, ${floor} pages over loopback HTTPS, each diffed as it arrives) + plan + storage (memory):`);
  console.table(ticks);
  console.log('   The stand-in runs in its own process; CPU and RSS are the monitor process only. rssBefore = after a full GC just before the tick;');
  console.log('   rssPeak = kernel high-water mark when the tick set a new one, else (~) the highest 2 ms sample; delta = peak - before;');
  console.log('   retained = heap still used after the tick and a full GC (the fleet memory);');
  console.log('   youngGen = physical size of V8\'s young generation, which V8 grows by itself (up to 2 x --max-semi-space-size) as ticks allocate.\n');

  const printTargets = () => {
    const confirmed = ticks.find((t) => t.label.startsWith('outage confirmed'))!;
    const peak = measured.reduce((a, b) => (b.rssPeakMb > a.rssPeakMb ? b : a));
    const worstDelta = Math.max(...measured.map((m) => m.rssPeakMb - m.rssBeforeMb));
    console.log(`targets: tick CPU ${confirmed.cpuMs} ms (< 1000: ${confirmed.cpuMs < 1000 ? 'met' : 'NOT met'}); ` +
      `requests/tick ${confirmed.requests} (floor ${floor}: ${confirmed.requests === floor ? 'met' : 'NOT met'}); ` +
      `peak RSS ${peak.rssPeakMb} MB (< 150: ${peak.rssPeakMb < 150 ? 'met' : 'NOT met'})`);
    console.log(`   RSS budget: ${botFloorMb} MB is Node + the bot's modules before any cluster is fetched (bare Node ${bareNodeMb} MB), ` +
      `leaving ${150 - botFloorMb} MB for the tick under the 150 MB target; the largest tick delta (peak - before) was ${worstDelta} MB, ` +
      `the heap a tick leaves behind ${peak.retainedHeapMb} MB, V8's young generation ${peak.youngGenMb} MB of the peak.`);
  };
  if (process.env.BENCH_TICKS_ONLY === '1') {
    printTargets();
    console.log(JSON.stringify({ bench: 'monitor-ticks', clusters: CLUSTERS, floorMb: { bareNode: bareNodeMb, botModules: botFloorMb }, nodeFlags: process.execArgv, ticks }));
    return;
  }

  // --- 2. the pure part alone -----------------------------------------------------------------
  const rows = generateClusterRows(CLUSTERS, { now });
  const clusters = parseClusterRows(rows);
  const outage = parseClusterRows(withOutage(rows, TRANSITIONS, now));
  const base = observeFleet(undefined, clusters, now, { confirmations: 1 }).memory;
  const subscriptions = await stores.subscriptions.all();
  const pure = await measure(async () => {
    const r = observeFleet(base, outage, new Date(now.getTime() + 60_000), { confirmations: 1 });
    const plan = planAlerts({ events: r.events, subscriptions, mutes: {}, now, generation: r.memory.generation, digestThreshold: 5 });
    return { events: r.events.length, items: plan.items.length };
  });
  console.log(`2. Diff + plan only (${CLUSTERS} clusters, ${pure.result.events} events -> ${pure.result.items} outbox items): ` +
    `${pure.wallMs.toFixed(1)} ms wall, ${pure.cpuMs.toFixed(1)} ms CPU\n`);

  // --- 3. delivery under the rate limits (simulated time) -------------------------------------
  const clock = new ManualClock(now);
  const deliveryStores = createTellStores(new MemoryStorage());
  await subscribeConversations(deliveryStores, CONVERSATIONS, now);
  const r = observeFleet(base, outage, now, { confirmations: 1 });
  const plan = planAlerts({ events: r.events, subscriptions: await deliveryStores.subscriptions.all(), mutes: {}, now, generation: 1, digestThreshold: 5 });
  await deliveryStores.outbox.enqueue(plan.items, clock.now());
  let sent = 0;
  let maxPerSecond = 0;
  const perSecond = new Map<number, number>();
  const sender: ProactiveSender = {
    send: async () => {
      sent++;
      const s = Math.floor(clock.now().getTime() / 1000);
      perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
      maxPerSecond = Math.max(maxPerSecond, perSecond.get(s)!);
      return { activityId: `a${sent}` };
    },
    update: async () => {},
  };
  const delivery = new AlertDelivery(deliveryStores, sender, clock, silentLogger, DEFAULT_CONFIG.delivery);
  const start = clock.now().getTime();
  const wall = await measure(async () => {
    for (;;) {
      const round = await delivery.deliverDue();
      if (!round.nextAt) break;
      await clock.advance(Math.max(0, round.nextAt.getTime() - clock.now().getTime()));
    }
  });
  const simulatedS = (clock.now().getTime() - start) / 1000;
  console.log(`3. Delivery: ${TRANSITIONS} transitions x ${CONVERSATIONS} conversations -> ${plan.items.length} digest cards; ` +
    `${sent} sent in ${simulatedS.toFixed(2)} s simulated time (max ${maxPerSecond}/s globally, cap 20/s, 1/s per conversation); ` +
    `${wall.wallMs.toFixed(0)} ms wall, ${wall.cpuMs.toFixed(0)} ms CPU`);
  console.log(`   Without digests this would be ${TRANSITIONS * CONVERSATIONS} cards: at least ${Math.ceil((TRANSITIONS * CONVERSATIONS) / 20)} s at 20 msg/s.\n`);

  printTargets();
  console.log(JSON.stringify({ bench: 'monitor', clusters: CLUSTERS, floorMb: { bareNode: bareNodeMb, botModules: botFloorMb }, nodeFlags: process.execArgv, ticks, pure: { wallMs: pure.wallMs, cpuMs: pure.cpuMs }, delivery: { items: plan.items.length, sent, simulatedS, maxPerSecond, wallMs: wall.wallMs } }));
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
