#!/usr/bin/env node
/*
 * Process benchmark: start-up time and idle memory of the bot next to the bare botbuilder echo bot
 * (bench/echo-bot.ts), same run, same V8 flags (scripts/node-flags.cjs, as `npm start` and the
 * Docker image). Each bot runs alone in a fresh child (bench/bench-server.ts: the composed app on the
 * demo fleet with memory storage, or the echo bot); rounds alternate echo, bot, bot, echo, ...
 *  - start-up: from spawning `node` until GET /healthz answers 200 (both bots have the route);
 *  - idle RSS: the child's resident memory (/proc/<pid>/status VmRSS) BENCH_IDLE_MS (3,000) after that.
 * Prints medians of BENCH_PROCESS_ROUNDS (3) per bot and the ratios. Prints numbers; asserts nothing.
 */
const { fork } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { compileBench, root } = require('./compile-bench.cjs');
const { BOT_NODE_FLAGS } = require('../scripts/node-flags.cjs');

const server = compileBench('bench-server');
const ROUNDS = Number(process.env.BENCH_PROCESS_ROUNDS ?? 3);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 3000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);

async function once(kind) {
  const t0 = performance.now();
  const child = fork(server, [kind], { cwd: root, execArgv: BOT_NODE_FLAGS, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  const { url } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${kind} bot exited (${code}) before it listened`)));
  });
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (performance.now() - t0 > 60_000) throw new Error(`${kind} bot: /healthz not 200 within 60 s`);
    await sleep(5);
  }
  const startupMs = performance.now() - t0;
  await sleep(IDLE_MS);
  const idleRssMb = rssMb(child.pid);
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  return { startupMs, idleRssMb };
}

async function main() {
  const results = { echo: [], bot: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of round % 2 ? ['status', 'echo'] : ['echo', 'status']) results[kind === 'echo' ? 'echo' : 'bot'].push(await once(kind));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const row = (list) => ({ startupMs: Math.round(median(list.map((r) => r.startupMs))), idleRssMb: median(list.map((r) => r.idleRssMb)), rounds: list.length });
  const table = { echo: row(results.echo), bot: row(results.bot) };
  console.log(`process benchmark: Node ${process.version}, flags [${BOT_NODE_FLAGS.join(' ')}], median of ${ROUNDS} starts each`);
  console.table(table);
  const rss = table.bot.idleRssMb / table.echo.idleRssMb;
  const startup = table.bot.startupMs / table.echo.startupMs;
  console.log(`idle RSS bot/echo ${rss.toFixed(2)} (target <= 1.15: ${rss <= 1.15 ? 'met' : 'NOT met'}); start-up to /healthz 200 bot/echo ${startup.toFixed(2)}`);
  console.log(JSON.stringify({ bench: 'process', flags: BOT_NODE_FLAGS, ...table, ratios: { idleRss: rss, startup } }));
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
