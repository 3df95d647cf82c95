/*
 * Compiles the benchmarks with the project's TypeScript (bench/tsconfig.json -> dist/bench-build/),
 * so no ts-node is needed, and returns the path of one compiled benchmark. Exits on a compile error.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function compileBench(name) {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'bench', 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
  } catch {
    console.error('bench: TypeScript compilation failed (see above).');
    process.exit(1);
  }
  return path.join(root, 'dist', 'bench-build', 'bench', `${name}.js`);
}

module.exports = { compileBench, root };
