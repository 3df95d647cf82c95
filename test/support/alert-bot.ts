import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { ManualClock } from '../../src/core/clock';
import { BUNDLED_DEMO_FLEET_FILE } from '../../src/core/project-root';
import { createTellStores, type TellStores } from '../../src/tell/stores/tell-stores';
import { startTestBot, type TestBot } from './bot-harness';

/** The monitor's poll interval in these tests; the delivery loop never sleeps longer than this. */
export const POLL_MS = 60_000;

const STEP_MS = 1000;

export interface AlertBot {
  bot: TestBot;
  clock: ManualClock;
  stores: TellStores;
  /** A channel that said `subscribe` (so the bot has its address and a subscription). */
  subscribe(conversationId: string): Promise<void>;
  /** Puts one alert for `conversationId` in the outbox, as the monitor would. */
  alert(conversationId: string, key: string): Promise<void>;
  /**
   * Moves the injected clock a second at a time, waiting after each step until the monitor and
   * delivery loops are parked again: a send in flight finishes before more time passes (one big
   * jump would also fire its send timeout while the request is on the wire).
   */
  advance(ms: number, stepMs?: number): Promise<void>;
  stateOf(key: string): Promise<string | undefined>;
}

/**
 * The real composed app over HTTP on an injected ManualClock, with a fleet file that never changes
 * (so the monitor enqueues nothing by itself) and storage the test can read: alerts are put in the
 * outbox directly and delivery is observed at the connector stand-in.
 */
export async function startAlertBot(env: Record<string, string> = {}): Promise<AlertBot> {
  const clock = new ManualClock('2026-11-01T12:00:00Z');
  const storage = new MemoryStorage();
  const fleetFile = path.join(mkdtempSync(path.join(tmpdir(), 'arc-alerts-')), 'fleet.json');
  copyFileSync(BUNDLED_DEMO_FLEET_FILE, fleetFile);
  const bot = await startTestBot({
    clock,
    storage,
    env: { DEMO_FLEET_FILE: fleetFile, MONITOR_INTERVAL_SECONDS: String(POLL_MS / 1000), FLEET_MAX_AGE_SECONDS: '0', ...env },
  });
  const stores = createTellStores(storage);
  await bot.app.whenIdle();
  return {
    bot,
    clock,
    stores,
    async subscribe(conversationId) {
      await bot.say('subscribe', { scope: 'channel', conversationId });
    },
    async alert(conversationId, key) {
      await stores.outbox.enqueue([{ key, conversationId, action: 'send', message: { text: `alert ${key}` } }], clock.now());
    },
    async advance(ms, stepMs = STEP_MS) {
      for (let left = ms; left > 0; left -= stepMs) {
        await clock.advance(Math.min(stepMs, left));
        await bot.app.whenIdle();
      }
    },
    async stateOf(key) {
      return (await stores.outbox.all()).find((i) => i.key === key)?.state;
    },
  };
}
