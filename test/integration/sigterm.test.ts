import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLED_DEMO_FLEET_FILE, projectRoot } from '../../src/core/project-root';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { createTellStores } from '../../src/tell/stores/tell-stores';
import { ConnectorStandIn } from '../support/connector-standin';

/**
 * The real process (src/index.ts in a child Node) with an alert in its outbox and a Bot Connector
 * that never answers: SIGTERM must end it, cleanly, well inside Docker's 10 s grace period
 * (https://docs.docker.com/reference/cli/docker/container/stop/), abandoning the hung send
 * (cancelled on the wire, kept in the outbox for the next start) instead of waiting 30 s for it.
 */
const CHANNEL = '19:sigterm@thread.tacv2';
const ROOT = projectRoot();

test('SIGTERM with a hung send exits with code 0 within 8 s', async () => {
  const connector = new ConnectorStandIn();
  const serviceUrl = await connector.start();
  connector.behave(CHANNEL, 'hang');
  const dir = mkdtempSync(path.join(tmpdir(), 'arc-sigterm-'));
  const dbFile = path.join(dir, 'arc.db');
  const fleetFile = path.join(dir, 'fleet.json');
  copyFileSync(BUNDLED_DEMO_FLEET_FILE, fleetFile);

  const seed = new SqliteStorage(dbFile);
  const stores = createTellStores(seed);
  const now = new Date();
  await stores.conversations.upsert({
    id: CHANNEL, lastSeen: now.toISOString(),
    address: { channel: 'msteams', serviceUrl, conversationId: CHANNEL, conversationType: 'channel', tenantId: 'tenant-1', bot: { id: '28:bot', name: 'Arc' } },
  }, true);
  await stores.subscriptions.add(CHANNEL, { filter: {}, kinds: [], createdAt: now.toISOString() }, () => false);
  await stores.outbox.enqueue([{ key: 'sigterm-1', conversationId: CHANNEL, action: 'send', message: { text: 'alert sigterm-1' } }], now);
  seed.close();

  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/support/ts-register.cjs'), path.join(ROOT, 'src/index.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH, PORT: '0', PLAYGROUND: 'off', STORAGE: 'sqlite', SQLITE_PATH: dbFile, DEMO_FLEET_FILE: fleetFile,
      MONITOR_INTERVAL_SECONDS: '60', ALERT_SEND_TIMEOUT_SECONDS: '30', LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? String(signal))));
  try {
    await connector.waitForAttempts(1, (c) => c.conversationId === CHANNEL);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    expect(Date.now() - signalledAt).toBeLessThan(8000);
    expect(code).toBe(0);
    expect(connector.attempts(CHANNEL)[0].aborted).toBe(true);

    const after = new SqliteStorage(dbFile);
    try {
      expect((await createTellStores(after).outbox.pending()).map((i) => i.key)).toEqual(['sigterm-1']);
    } finally {
      after.close();
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- process output ---\n${output.slice(-4000)}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await connector.close();
  }
}, 60_000);
