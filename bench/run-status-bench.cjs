#!/usr/bin/env node
/*
 * Compiles the status benchmark with the project's TypeScript (bench/tsconfig.json -> dist/bench-build/)
 * and runs it on this Node (npm scripts put node_modules/.bin first, so Node 24). No ts-node needed.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
try {
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'bench', 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('bench: TypeScript compilation failed (see above).');
  process.exit(1);
}
require(path.join(root, 'dist', 'bench-build', 'bench', 'status-bench.js'));
