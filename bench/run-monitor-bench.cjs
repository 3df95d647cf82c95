#!/usr/bin/env node
/*
 * Compiles the monitor benchmark (bench/tsconfig.json -> dist/bench-build/) and runs it on this Node
 * (Node 24 under npm), trusting the Resource Graph stand-in's test CA through NODE_EXTRA_CA_CERTS.
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
// NODE_EXTRA_CA_CERTS is read at process start, so run the benchmark in a child process that has it.
execFileSync(process.execPath, ['--expose-gc', path.join(root, 'dist', 'bench-build', 'bench', 'monitor-bench.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(root, 'test', 'fixtures', 'tls', 'ca.pem'), NODE_NO_WARNINGS: '1' },
});
