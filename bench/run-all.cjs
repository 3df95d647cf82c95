#!/usr/bin/env node
/*
 * Runs every benchmark runner in bench/ (files named run-<name>-bench.cjs), one after the other,
 * on this Node. Used by `npm run bench`. A failing benchmark is reported and the next one still runs;
 * the exit code is non-zero if any failed (numbers are never judged here).
 */
const { spawnSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const path = require('node:path');

const runners = readdirSync(__dirname).filter((f) => /^run-.+-bench\.cjs$/.test(f)).sort();
let failed = 0;
for (const runner of runners) {
  console.log(`\n=== ${runner} ===`);
  const result = spawnSync(process.execPath, [path.join(__dirname, runner)], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    failed++;
    console.error(`${runner} failed (exit ${result.status ?? result.signal})`);
  }
}
if (!runners.length) console.log('no benchmarks found (bench/run-*-bench.cjs)');
process.exit(failed ? 1 : 0);
