import { mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { ManualClock } from '../../src/core/clock';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { createTellStores } from '../../src/tell/stores/tell-stores';
import { startAlertBot } from '../support/alert-bot';
import { startTestBot, type TestBot } from '../support/bot-harness';

/**
 * /healthz tells the truth, over HTTP against the real app: 503 with the reason when storage cannot
 * be written, when its file is gone, when the cluster source keeps failing, when an alert waits too
 * long; a store that lost its fleet memory is reported. Reasons are fixed phrases, never error text.
 */
interface Health { status: string; problems?: string[]; dataLossAtStart?: string; undeliverableAlerts?: number }

async function health(bot: TestBot): Promise<{ status: number; body: Health }> {
  const res = await fetch(`${bot.url}/healthz`);
  return { status: res.status, body: (await res.json()) as Health };
}

const tempFile = (name: string) => path.join(mkdtempSync(path.join(tmpdir(), 'arc-health-')), name);

/** MemoryStorage that can be switched to fail writes the way a read-only SQLite file does. */
class SwitchableStorage extends MemoryStorage {
  readOnly = false;
  override async write(changes: StoreItems): Promise<void> {
    if (this.readOnly) throw new Error('SQLITE_READONLY: attempt to write a readonly database (/secret/path/arc.db)');
    return super.write(changes);
  }
}

test('a store that cannot be written: 503 "storage cannot be written", without the error text', async () => {
  const storage = new SwitchableStorage();
  const bot = await startTestBot({ storage });
  try {
    expect((await health(bot)).status).toBe(200);
    storage.readOnly = true;
    const { status, body } = await health(bot);
    expect(status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.problems).toEqual(['storage cannot be written']);
    expect(JSON.stringify(body)).not.toMatch(/SQLITE|secret/);
  } finally {
    await bot.stop();
  }
});

test('a SQLite file deleted under the running bot: 503 "the storage file is gone"', async () => {
  const file = tempFile('arc.db');
  const bot = await startTestBot({ env: { STORAGE: 'sqlite', SQLITE_PATH: file } });
  try {
    expect((await health(bot)).status).toBe(200);
    unlinkSync(file);
    const { status, body } = await health(bot);
    expect(status).toBe(503);
    expect(body.problems).toContain('the storage file is gone');
  } finally {
    await bot.stop();
  }
});

test('a cluster source that fails MONITOR_DEGRADED_AFTER polls in a row: 503 with the count', async () => {
  const fleetFile = tempFile('fleet.json');
  writeFileSync(fleetFile, '{ not a fleet');
  const clock = new ManualClock('2026-11-01T12:00:00Z');
  const bot = await startTestBot({ clock, env: { DEMO_FLEET_FILE: fleetFile, MONITOR_DEGRADED_AFTER: '3', MONITOR_INTERVAL_SECONDS: '60' } });
  try {
    await bot.app.whenIdle();
    expect((await health(bot)).status).toBe(200); // one failed poll is not an outage yet
    for (let i = 0; i < 2; i++) {
      await clock.advance(60_000);
      await bot.app.whenIdle();
    }
    const { status, body } = await health(bot);
    expect(status).toBe(503);
    expect(body.problems).toEqual(['the cluster source has failed 3 polls in a row']);
  } finally {
    await bot.stop();
  }
});

test('an alert waiting longer than HEALTH_MAX_ALERT_AGE_MINUTES: 503 until it is delivered', async () => {
  const t = await startAlertBot({ HEALTH_MAX_ALERT_AGE_MINUTES: '15', ALERT_DELIVERY_MAX_AGE_MINUTES: '120' });
  try {
    const conv = '19:throttled-for-long@thread.tacv2';
    await t.subscribe(conv);
    t.bot.connector.behave(conv, { status: 429, headers: { 'retry-after': '1800' } });
    await t.alert(conv, 'old-1');
    await t.advance(14 * 60_000, 10_000);
    expect((await health(t.bot)).status).toBe(200);
    await t.advance(2 * 60_000, 10_000);
    const { status, body } = await health(t.bot);
    expect(status).toBe(503);
    expect(body.problems).toEqual(['an alert has waited 16 min for delivery']);
    t.bot.connector.heal(conv);
    await t.advance(20 * 60_000, 10_000); // past the 30 min Retry-After
    expect(await t.stateOf('old-1')).toBe('sent');
    expect((await health(t.bot)).status).toBe(200);
  } finally {
    await t.bot.stop();
  }
});

test('subscriptions without fleet memory at start are reported, not silently re-baselined', async () => {
  const file = tempFile('arc.db');
  const seed = new SqliteStorage(file);
  await createTellStores(seed).subscriptions.add('19:kept@thread.tacv2', { filter: {}, kinds: [], createdAt: '2026-11-01T11:00:00Z' }, () => false);
  seed.close();
  const bot = await startTestBot({ env: { STORAGE: 'sqlite', SQLITE_PATH: file } });
  try {
    const { body } = await health(bot);
    expect(body.dataLossAtStart).toMatch(/^1 conversation has subscriptions but the fleet memory is empty/);
    expect(bot.logger.lines.some((l) => l.level === 'error' && /storage lost data/.test(l.msg))).toBe(true);
  } finally {
    await bot.stop();
  }
});
