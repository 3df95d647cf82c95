/*
 * The V8 flags the bot runs with, wherever it runs: `npm start` (package.json start:bot), the Docker
 * image (NODE_OPTIONS in the Dockerfile) and the benchmarks. A unit test keeps the three equal.
 * --max-semi-space-size=8 caps V8's young generation (semi-spaces of 8 MB): without it V8 grows
 * the young generation by itself to tens of MB per semi-space as the monitor's ticks allocate,
 * and that memory stays resident (bench/README.md has the figures).
 */
const BOT_NODE_FLAGS = ['--max-semi-space-size=8'];

module.exports = { BOT_NODE_FLAGS };
