import { ManualClock } from '../../src/core/clock';
import { startTestBot, type TestBot } from '../support/bot-harness';
import { visibleText } from '../support/connector-standin';

/**
 * The demo promise of issue 3: `npm start` with no configuration (bundled demo fleet, whose
 * simulated flappers go Offline at minute 3 of each 12-minute cycle) and default monitor settings
 * (60 s, 2 confirmations): after `subscribe`, a proactive alert arrives within a few minutes and the
 * recovery follows. Time is a ManualClock moved a minute at a time; between steps the event loop is
 * turned until the app is idle (no wall-clock sleeps).
 */
const CHANNEL = '19:general@thread.tacv2';

async function turnEventLoop(times = 200): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('demo: proactive alert without configuration', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.stop();
  });

  it('subscribe, then within a few simulated minutes an Offline card, later its recovery', async () => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    bot = await startTestBot({ clock });
    await turnEventLoop();
    const [reply] = await bot.say('subscribe', { scope: 'channel' });
    expect(reply.text).toContain('Subscribed #1: all clusters, all events.');

    const alerts = () => bot!.connector.delivered(CHANNEL).filter((c) => /went Offline/.test(visibleText(c.activity)));
    let minutes = 0;
    while (alerts().length < 2 && minutes < 12) {
      for (let s = 0; s < 60; s += 5) {
        await clock.advance(5_000);
        await turnEventLoop(20);
      }
      minutes++;
      await turnEventLoop();
    }
    expect(minutes).toBeLessThanOrEqual(6); // Offline from minute 3, confirmed by the 2nd poll, delivered at 1/s
    expect(alerts().map((c) => visibleText(c.activity).split('\n')[0]).sort()).toEqual(['🔴 factory-osaka-01 went Offline', '🔴 store-0147 went Offline']);

    while (bot.connector.delivered(CHANNEL).filter((c) => c.method === 'PUT').length < 2 && minutes < 14) {
      for (let s = 0; s < 60; s += 5) {
        await clock.advance(5_000);
        await turnEventLoop(20);
      }
      minutes++;
      await turnEventLoop();
    }
    const updates = bot.connector.delivered(CHANNEL).filter((c) => c.method === 'PUT');
    expect(updates.map((u) => visibleText(u.activity).split('\n')[0]).sort()).toEqual([
      expect.stringMatching(/^✅ factory-osaka-01: recovered after \d+ min$/),
      expect.stringMatching(/^✅ store-0147: recovered after \d+ min$/),
    ]);
  });
});
