#!/usr/bin/env node
// Runs on whatever Node is on PATH (a fresh machine has Node 20): installs the locked
// dependencies once, so `npm start` and `npm test` work on a clean clone without a separate step.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
if (!existsSync(marker) || !existsSync(path.join(root, 'node_modules', 'botbuilder'))) {
  console.error('[setup] installing dependencies (npm ci) ...');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
