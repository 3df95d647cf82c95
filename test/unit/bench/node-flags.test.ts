import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BOT_NODE_FLAGS } = require(path.join(root, 'scripts', 'node-flags.cjs')) as { BOT_NODE_FLAGS: string[] };

test('npm start, the Docker image and the benchmarks run the bot with the same V8 flags', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts['start:bot']).toContain(`node ${BOT_NODE_FLAGS.join(' ')} dist/src/index.js`);
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  expect(/NODE_OPTIONS=(\S+)/.exec(dockerfile)?.[1]).toBe(BOT_NODE_FLAGS.join(' '));
});
