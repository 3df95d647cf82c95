#!/usr/bin/env node
/*
 * Compiles the monitor benchmark (bench/tsconfig.json -> dist/bench-build/) and runs it on this Node
 * (Node 24 under npm), trusting the Resource Graph stand-in's test CA through NODE_EXTRA_CA_CERTS.
 *
 * V8 flags: the main run uses Node's defaults, exactly as `npm start` and the Dockerfile run the bot,
 * plus --expose-gc so the bench can collect garbage before each measurement (that only makes the
 * "before" numbers cleaner). BENCH_NODE_FLAGS adds flags to that run. A second, ticks-only run then
 * shows what a capped young generation (--max-semi-space-size, settable through NODE_OPTIONS)
 * would change; skip it with BENCH_HEAP_COMPARE=0.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { compileBench, root } = require('./compile-bench.cjs');

const bench = compileBench('monitor-bench');
// NODE_EXTRA_CA_CERTS is read at process start, so run the benchmark in a child process that has it.
const run = (flags, extraEnv = {}) =>
  execFileSync(process.execPath, ['--expose-gc', ...flags, bench], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(root, 'test', 'fixtures', 'tls', 'ca.pem'), NODE_NO_WARNINGS: '1', ...extraEnv },
  });

run((process.env.BENCH_NODE_FLAGS || '').split(/\s+/).filter(Boolean));
if (process.env.BENCH_HEAP_COMPARE !== '0') {
  const capped = '--max-semi-space-size=8';
  console.log(`\n--- For comparison, the same ticks with V8's young generation capped (${capped}; NODE_OPTIONS would set it for the bot):`);
  run([capped], { BENCH_TICKS_ONLY: '1' });
}
