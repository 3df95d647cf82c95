#!/usr/bin/env node
/**
 * Production-mode smoke test: the Dockerfile's steps, run without Docker (no engine on CI machines).
 *
 *   1. build:            npm run build            (Dockerfile stage "build": tsc -> dist/)
 *   2. fresh folder:     copy dist/, data/, package.json, package-lock.json into a temp dir
 *   3. prod deps only:   npm ci --omit=dev --ignore-scripts   (the same line as the Dockerfile)
 *   4. start directly:   <Node 24> dist/src/index.js with the image's environment (no npm scripts)
 *   5. check:            GET /healthz is ok; a Teams-shaped "status <cluster>" message POSTed to
 *                        /api/messages is answered, on a loopback serviceUrl served here, with a card
 *   6. stop:             SIGTERM; the process must exit cleanly
 *
 * Usage: node scripts/production-smoke.cjs [--skip-build] [--keep]
 * Exit code 0 when every step passed; 1 with the failing step and the server's log otherwise.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** The repo's own Node 24 (npm package "node"); the image's node:24-slim plays this role in Docker. */
const NODE_24 = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
const CLUSTER = 'store-0421';
const STEP_TIMEOUT_MS = 30_000;

const args = new Set(process.argv.slice(2));
const log = (message) => console.log(`[production-smoke] ${message}`);

function run(command, commandArgs, options) {
  log(`$ ${command} ${commandArgs.join(' ')}${options.cwd !== ROOT ? `   (in ${options.cwd})` : ''}`);
  // npm runs on the repo's Node 24 too (its `#!/usr/bin/env node` finds node_modules/.bin first),
  // as it does on the node:24-slim image.
  const env = { ...process.env, PATH: `${path.dirname(NODE_24)}${path.delimiter}${process.env.PATH}` };
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env, ...options });
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (exit ${result.status})`);
}

/** A stand-in for the Bot Connector: records what the bot sends to the activity's serviceUrl. */
function startConnector() {
  const received = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // The Teams member API (the bot asks it whether the user is a guest): a plain member, as Teams
      // answers it (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/get-teams-context).
      const member = /\/v3\/conversations\/[^/]+\/members\/([^/?]+)$/.exec(req.url || '');
      if (req.method === 'GET' && member) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: decodeURIComponent(member[1]), name: 'Smoke Test', userRole: 'user' }));
        return;
      }
      const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url || '');
      if (req.method === 'POST' && match) {
        received.push(JSON.parse(body || '{}'));
        waiters.splice(0).forEach((wake) => wake());
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${received.length}` }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        received,
        async waitFor(predicate, what) {
          const deadline = Date.now() + STEP_TIMEOUT_MS;
          for (;;) {
            const found = received.find(predicate);
            if (found) return found;
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the connector received: ${JSON.stringify(received).slice(0, 2000)}`);
            await new Promise((wake) => {
              waiters.push(wake);
              setTimeout(wake, 1000).unref();
            });
          }
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** Starts the built bot like the image's CMD does and resolves with its base URL from the "bot listening" log line. */
function startBot(appDir) {
  const child = spawn(NODE_24, ['dist/src/index.js'], {
    cwd: appDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // The Dockerfile's ENV lines (PORT=0 here: an ephemeral port instead of 3978).
      NODE_ENV: 'production',
      NODE_OPTIONS: '--max-semi-space-size=8',
      PLAYGROUND: 'off',
      PORT: '0',
      CLUSTER_SOURCE: 'demo',
      SQLITE_PATH: path.join(appDir, 'state', 'arc-bot.db'),
      MicrosoftAppId: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not log "bot listening" within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /"msg":"bot listening".*?"url":"(http:\/\/[^"]+)\/api\/messages"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited (code ${code}) before listening`));
    });
  });
  return { child, url, output: () => output };
}

function teamsMessage(text, serviceUrl) {
  return {
    type: 'message',
    id: 'smoke-1',
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:smoke-user', name: 'Smoke Test', aadObjectId: '00000000-0000-0000-0000-0000000000a1' },
    recipient: { id: '28:arc-connectivity-bot', name: 'Arc Connectivity' },
    conversation: { id: 'a:smoke-personal-chat', conversationType: 'personal', tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' },
    channelData: { tenant: { id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' } },
    text,
    textFormat: 'plain',
    locale: 'en-US',
  };
}

async function stopBot(child) {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

async function main() {
  if (!fs.existsSync(NODE_24)) throw new Error(`no Node 24 binary at ${NODE_24} (run npm ci in the repo first)`);
  if (!args.has('--skip-build')) run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'index.js'))) throw new Error('dist/src/index.js is missing: the build did not produce the entry point');

  const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-bot-prod-'));
  log(`fresh folder ${appDir}`);
  let bot;
  let connector;
  try {
    for (const entry of ['dist', 'data']) fs.cpSync(path.join(ROOT, entry), path.join(appDir, entry), { recursive: true, filter: (src) => !/\.db(-\w+)?$/.test(src) });
    for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(ROOT, file), path.join(appDir, file));
    // Same line as the Dockerfile. --ignore-scripts: botbuilder-dialogs' postinstall runs
    // `npx rimraf`, which is a devDependency.
    run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: appDir });
    for (const devOnly of ['jest', 'typescript', '@microsoft/m365agentsplayground', 'playwright-core']) {
      if (fs.existsSync(path.join(appDir, 'node_modules', devOnly))) throw new Error(`devDependency ${devOnly} was installed in production mode`);
    }
    log('production install has no devDependencies');

    connector = await startConnector();
    bot = startBot(appDir);
    const baseUrl = await bot.url;
    log(`bot listening at ${baseUrl} (${spawnSync(NODE_24, ['--version'], { encoding: 'utf8' }).stdout.trim()})`);

    const health = await fetch(`${baseUrl}/healthz`);
    const healthBody = await health.json();
    if (health.status !== 200 || healthBody.status !== 'ok') throw new Error(`/healthz answered ${health.status} ${JSON.stringify(healthBody)}`);
    log(`GET /healthz -> 200 ${JSON.stringify(healthBody)}`);

    const post = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(teamsMessage(`status ${CLUSTER}`, connector.url)),
    });
    if (post.status >= 300) throw new Error(`POST /api/messages answered ${post.status}: ${await post.text()}`);
    const reply = await connector.waitFor(
      (activity) => JSON.stringify(activity.attachments ?? []).includes(CLUSTER),
      `a card about ${CLUSTER}`,
    );
    const card = (reply.attachments || []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
    if (!card) throw new Error(`the reply has no Adaptive Card: ${JSON.stringify(reply).slice(0, 1000)}`);
    const status = /(Connected|Offline|Expired|Connecting)/.exec(JSON.stringify(card.content));
    if (!status) throw new Error(`the card does not state a connectivity status: ${JSON.stringify(card.content).slice(0, 1000)}`);
    log(`POST /api/messages "status ${CLUSTER}" -> Adaptive Card: ${CLUSTER} is ${status[1]}`);

    const code = await stopBot(bot.child);
    if (code !== 0) throw new Error(`the bot exited with ${code} on SIGTERM (expected 0)`);
    log('SIGTERM -> clean exit');
    log('PASS');
  } catch (error) {
    if (bot) console.error(`--- bot output ---\n${bot.output().slice(-4000)}\n------------------`);
    throw error;
  } finally {
    if (bot) await stopBot(bot.child);
    if (connector) await connector.close();
    if (args.has('--keep')) log(`kept ${appDir}`);
    else fs.rmSync(appDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[production-smoke] FAIL: ${error.message}`);
  process.exit(1);
});
