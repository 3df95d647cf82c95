/**
 * Benchmark: the `status <cluster>` round trip through the real HTTP server on the bundled
 * demo fleet, next to a bare botbuilder echo bot measured in the same run. A round trip is the time
 * from POST /api/messages until the bot's reply reached the connector stand-in. 20 concurrent users
 * (each waits for its reply before the next message), bounded request counts, loopback only.
 * Prints numbers; asserts nothing about time. Target: bot p50 within 1.5x of the echo bot's p50.
 *
 * Run: npm run bench:status  (or node bench/run-status-bench.cjs). Knobs: BENCH_REQUESTS (2000),
 * BENCH_WARMUP (200), BENCH_USERS (20), BENCH_ROUNDS (5: the two bots alternate, so machine noise hits both),
 * BENCH_SOLO_REQUESTS (300 per bot with one user after the main run: service time without queueing; 0 skips).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BUNDLED_DEMO_FLEET_FILE } from '../src/core/project-root';
import { teamsMessage } from '../test/support/bot-harness';
import { BenchConnector } from './bench-connector';
import { formatTable, type LatencySummary, summarise } from './bench-stats';

const REQUESTS = positiveInt('BENCH_REQUESTS', 2000);
const WARMUP = positiveInt('BENCH_WARMUP', 200);
const USERS = positiveInt('BENCH_USERS', 20);
const ROUNDS = positiveInt('BENCH_ROUNDS', 5);
/** Requests per bot with ONE user after the main run: the service time without queueing (0 skips it). */
const SOLO = nonNegativeInt('BENCH_SOLO_REQUESTS', 300);
const REPLY_TIMEOUT_MS = 10_000;
const WHOLE_RUN_LIMIT_MS = 10 * 60_000;
const TARGET_RATIO = 1.5;

type BotKind = 'echo' | 'status';

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw ? Number(raw) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}="${raw}" must be a positive whole number`);
  return n;
}

function nonNegativeInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw ? Number(raw) : fallback;
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}="${raw}" must be a whole number >= 0`);
  return n;
}

/** Unique cluster names of the bundled demo fleet (a name in two resource groups would ask "which one?"). */
function demoClusterNames(): string[] {
  const content = JSON.parse(readFileSync(BUNDLED_DEMO_FLEET_FILE, 'utf8')) as { data?: { name: string }[] } | { name: string }[];
  const rows = Array.isArray(content) ? content : content.data ?? [];
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.name.toLowerCase(), (counts.get(r.name.toLowerCase()) ?? 0) + 1);
  return rows.map((r) => r.name).filter((n) => counts.get(n.toLowerCase()) === 1);
}

const children = new Set<ChildProcess>();

/** Starts one bot in its own process; resolves with its URL and a stop function. */
function startBot(kind: BotKind): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(path.join(__dirname, 'bench-server.js'), [kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.connected) child.send('stop');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    children.delete(child);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} bot did not start within 30 s`)), 30_000);
    child.once('message', (m: { url?: string }) => {
      clearTimeout(timer);
      if (m?.url) resolve({ url: m.url, stop });
      else reject(new Error(`${kind} bot sent ${JSON.stringify(m)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} bot exited with code ${code} before listening`));
    });
  });
}

interface RunResult {
  latencies: number[];
  errors: number;
  wallMs: number;
  firstError?: string;
}

/** `count` messages from `users` concurrent users; each user sends, waits for the reply, then sends again. */
async function load(botUrl: string, connector: BenchConnector, names: string[], count: number, offset: number, users = USERS): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const user = async (u: number) => {
    while (issued < count) {
      const i = offset + issued++;
      const activity = teamsMessage(`status ${names[i % names.length]}`, connector.url, {
        conversationId: `a:bench-personal-${u}`,
        userId: `29:bench-user-${u}`,
        userName: `Bench User ${u}`,
      });
      const reply = connector.replyTo(activity.id, REPLY_TIMEOUT_MS);
      reply.catch(() => undefined); // observed below; avoid an unhandled rejection if the POST fails first
      const started = performance.now();
      try {
        const res = await fetch(`${botUrl}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        });
        await res.arrayBuffer();
        if (res.status >= 300) throw new Error(`POST /api/messages answered ${res.status}`);
        latencies.push((await reply) - started);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: users }, (_, u) => user(u)));
  return { latencies, errors, wallMs: performance.now() - t0, firstError };
}

/** One message whose reply body is kept: proves the bot answers with what we think we measure. */
async function sanityCheck(kind: BotKind, botUrl: string, connector: BenchConnector, name: string): Promise<void> {
  const activity = teamsMessage(`status ${name}`, connector.url, { conversationId: 'a:bench-sanity' });
  connector.keepBody(activity.id);
  const reply = connector.replyTo(activity.id, REPLY_TIMEOUT_MS);
  const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await res.arrayBuffer();
  await reply;
  const body = connector.keptBody(activity.id) ?? '';
  const ok = kind === 'echo' ? body.includes(`Echo: status ${name}`) : body.includes('application/vnd.microsoft.card.adaptive') && body.includes(name);
  if (!ok) throw new Error(`${kind} bot did not answer as expected: ${body.slice(0, 300)}`);
}

interface BotUnderTest {
  kind: BotKind;
  url: string;
  stop(): Promise<void>;
  latencies: number[];
  errors: number;
  wallMs: number;
  roundP50s: number[];
  firstError?: string;
}

async function main(): Promise<void> {
  const guard = setTimeout(() => {
    console.error(`status bench: still running after ${WHOLE_RUN_LIMIT_MS / 60_000} min; stopping.`);
    for (const c of children) c.kill('SIGKILL');
    process.exit(2);
  }, WHOLE_RUN_LIMIT_MS);
  guard.unref();

  const names = demoClusterNames();
  const connector = new BenchConnector();
  await connector.start();
  console.log(`status round-trip benchmark: Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(2)}, ` +
    `${USERS} concurrent users, ${WARMUP} warm-up + ${REQUESTS} measured requests per bot in ${ROUNDS} alternating rounds, ` +
    `demo fleet ${BUNDLED_DEMO_FLEET_FILE} (${names.length} unique names)`);
  console.log('round trip = POST /api/messages until the reply reached the loopback connector stand-in; each bot runs in its own process\n');
  if (os.loadavg()[0] > os.cpus().length) {
    console.log(`warning: the machine is busy (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs); both bots then wait for the CPU alike and the ratio understates the difference\n`);
  }
  const bots: BotUnderTest[] = [];
  try {
    for (const kind of ['echo', 'status'] as const) {
      const started = await startBot(kind);
      bots.push({ kind, ...started, latencies: [], errors: 0, wallMs: 0, roundP50s: [] });
    }
    for (const bot of bots) {
      await sanityCheck(bot.kind, bot.url, connector, names[0]);
      await load(bot.url, connector, names, WARMUP, 0);
    }
    // Alternating rounds (echo, status, status, echo, ...) so that whatever else the machine is doing
    // hits both bots alike; the per-round ratio shows how steady the comparison was.
    const perRound = Math.ceil(REQUESTS / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? bots : [...bots].reverse();
      for (const bot of order) {
        const count = Math.min(perRound, REQUESTS - round * perRound);
        if (count <= 0) continue;
        const run = await load(bot.url, connector, names, count, WARMUP + round * perRound);
        bot.latencies.push(...run.latencies);
        bot.errors += run.errors;
        bot.wallMs += run.wallMs;
        bot.roundP50s.push(summarise(run.latencies, run.errors, run.wallMs).p50Ms);
        bot.firstError ??= run.firstError;
      }
    }
    const [echo, status] = bots.map((b) => summarise(b.latencies, b.errors, b.wallMs));
    console.log(formatTable([
      ['echo bot (bare botbuilder)', echo],
      ['arc bot: status <cluster>', status],
    ]));
    for (const b of bots) if (b.firstError) console.log(`${b.kind}: ${b.errors} errors, first: ${b.firstError}`);
    const ratio = status.p50Ms / echo.p50Ms;
    const roundRatios = bots[1].roundP50s.map((p, i) => p / bots[0].roundP50s[i]);
    const sortedRatios = [...roundRatios].sort((a, b) => a - b);
    const medianRoundRatio = sortedRatios[Math.floor((sortedRatios.length - 1) / 2)];
    console.log(`\np50 ratio status/echo: ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`);
    console.log(`per-round p50 ratios: ${roundRatios.map((r) => r.toFixed(2)).join(', ')} (median ${medianRoundRatio.toFixed(2)}x)`);
    console.log(`p99 ratio status/echo: ${(status.p99Ms / echo.p99Ms).toFixed(2)}x; throughput ratio: ${(status.requestsPerSecond / echo.requestsPerSecond).toFixed(2)}x`);
    let single: { echo: LatencySummary; status: LatencySummary } | undefined;
    if (SOLO > 0) {
      // One user, no queueing: what a single question costs each bot (alternating halves again).
      const solo = new Map<BotKind, { latencies: number[]; errors: number; wallMs: number }>(bots.map((b) => [b.kind, { latencies: [], errors: 0, wallMs: 0 }]));
      for (let half = 0; half < 2; half++) {
        for (const bot of half === 0 ? bots : [...bots].reverse()) {
          const run = await load(bot.url, connector, names, Math.ceil(SOLO / 2), half * SOLO, 1);
          const acc = solo.get(bot.kind)!;
          acc.latencies.push(...run.latencies);
          acc.errors += run.errors;
          acc.wallMs += run.wallMs;
        }
      }
      const [soloEcho, soloStatus] = bots.map((b) => {
        const acc = solo.get(b.kind)!;
        return summarise(acc.latencies, acc.errors, acc.wallMs);
      });
      console.log(`\none user at a time (${SOLO} requests per bot):`);
      console.log(formatTable([
        ['echo bot (bare botbuilder)', soloEcho],
        ['arc bot: status <cluster>', soloStatus],
      ]));
      console.log(`single-user p50 ratio status/echo: ${(soloStatus.p50Ms / soloEcho.p50Ms).toFixed(2)}x`);
      single = { echo: soloEcho, status: soloStatus };
    }
    if (connector.unexpected) console.log(`connector stand-in saw ${connector.unexpected} calls it did not expect`);
    console.log(JSON.stringify({ bench: 'status', users: USERS, requests: REQUESTS, rounds: ROUNDS, echo, status, p50Ratio: Number(ratio.toFixed(3)), medianRoundP50Ratio: Number(medianRoundRatio.toFixed(3)), singleUser: single }));
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
    await connector.close();
    for (const c of children) c.kill('SIGKILL');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error('status bench failed:', error);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  },
);
