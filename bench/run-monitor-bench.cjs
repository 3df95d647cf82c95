#!/usr/bin/env node
/*
 * Compiles the monitor benchmark (bench/tsconfig.json -> dist/bench-build/) and runs it on this Node
 * (Node 24 under npm), trusting the Resource Graph stand-in's test CA through NODE_EXTRA_CA_CERTS.
 *
 * V8 flags: the bot's own (scripts/node-flags.cjs, the same for `npm start` and the Docker image),
 * plus --expose-gc so the bench can collect garbage before each measurement (that only makes the
 * "before" numbers cleaner). BENCH_NODE_FLAGS adds flags.
 *
 * First the full benchmark at BENCH_CLUSTERS (10,000): ticks, diff alone, delivery. Then the ticks
 * alone at each size of BENCH_SCALE (1k, 10k, 50k, 100k), each in a fresh process so its peak RSS is
 * its own, and one table of steady-state tick CPU per 1,000 clusters (BENCH_SCALE= skips it).
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { compileBench, root } = require('./compile-bench.cjs');
const { BOT_NODE_FLAGS } = require('../scripts/node-flags.cjs');

const bench = compileBench('monitor-bench');
const flags = [...BOT_NODE_FLAGS, ...(process.env.BENCH_NODE_FLAGS || '').split(/\s+/).filter(Boolean)];
// NODE_EXTRA_CA_CERTS is read at process start, so run the benchmark in a child process that has it.
const run = (extraEnv = {}, stdio = 'inherit') =>
  execFileSync(process.execPath, ['--expose-gc', ...flags, bench], {
    cwd: root,
    stdio: ['ignore', stdio, 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(root, 'test', 'fixtures', 'tls', 'ca.pem'), NODE_NO_WARNINGS: '1', ...extraEnv },
  });

run();

const sizes = (process.env.BENCH_SCALE ?? '1000,10000,50000,100000').split(',').map(Number).filter((n) => n > 0);
if (sizes.length) {
  console.log(`\n--- Scaling: ticks alone at ${sizes.join(', ')} clusters (each in its own process, flags [${flags.join(' ')}])`);
  const rows = [];
  for (const clusters of sizes) {
    const out = run({ BENCH_CLUSTERS: String(clusters), BENCH_TICKS_ONLY: '1', BENCH_STEADY_TICKS: process.env.BENCH_STEADY_TICKS ?? '3' }, 'pipe');
    const line = out.trim().split('\n').pop();
    const result = JSON.parse(line);
    const steady = result.ticks.filter((t) => t.label.startsWith('steady') || t.label === 'no change');
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const cpuMs = median(steady.map((t) => t.cpuMs));
    rows.push({
      clusters,
      steadyCpuMs: cpuMs,
      steadyWallMs: median(steady.map((t) => t.wallMs)),
      cpuPer1kMs: Number(((cpuMs * 1000) / clusters).toFixed(1)),
      confirmTickCpuMs: result.ticks.find((t) => t.label.startsWith('outage confirmed')).cpuMs,
      peakRssMb: Math.max(...result.ticks.map((t) => parseInt(t.rssPeakMb, 10))),
      steadyPeakRssMb: Math.max(...steady.map((t) => parseInt(t.rssPeakMb, 10))),
      retainedMb: Math.max(...result.ticks.map((t) => t.retainedMb)),
      requests: steady[0].requests,
      floor: steady[0].floor,
    });
  }
  console.table(rows);
  const at = (n) => rows.find((r) => r.clusters === n);
  if (at(10000) && at(100000)) {
    const ratio = at(100000).cpuPer1kMs / at(10000).cpuPer1kMs;
    console.log(`tick CPU per 1k clusters at 100k / at 10k: ${ratio.toFixed(2)} (target <= 1.2: ${ratio <= 1.2 ? 'met' : 'NOT met'}); ` +
      `peak RSS at 100k ${at(100000).peakRssMb} MB`);
  }
  console.log(JSON.stringify({ bench: 'monitor-scale', flags, rows }));
}
