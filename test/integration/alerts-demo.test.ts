import { shownText } from '../support/shown-text';
import { ManualClock } from '../../src/core/clock';
import { startTestBot, type TestBot } from '../support/bot-harness';
import { visibleText } from '../support/connector-standin';

/**
 * The demo promise: `npm start` with no configuration (bundled demo fleet, whose
 * simulated flappers go Offline at minute 3 of each 12-minute cycle) and default monitor settings
 * (60 s, 2 confirmations): after `subscribe`, a proactive alert arrives within a few minutes and the
 * recovery follows. Time is a ManualClock moved 5 s at a time; after each step the test waits until
 * the monitor's poll and delivery loops are parked again (app.whenIdle), so slow I/O on a busy machine
 * cannot make the simulated minutes run ahead of the work (no wall-clock sleeps).
 */
const CHANNEL = '19:general@thread.tacv2';

/** One simulated minute in 5 s steps, each followed by the work it started. */
async function oneMinute(clock: ManualClock, bot: TestBot): Promise<void> {
  for (let s = 0; s < 60; s += 5) {
    await clock.advance(5_000);
    await bot.app.whenIdle();
  }
}

describe('demo: proactive alert without configuration', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.stop();
  });

  it('subscribe, then within a few simulated minutes an Offline card, later its recovery', async () => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    bot = await startTestBot({ clock });
    await bot.app.whenIdle();
    const [reply] = await bot.say('subscribe', { scope: 'channel' });
    expect(shownText(reply)).toContain('Subscribed #1: all clusters, all events.');

    const alerts = () => bot!.connector.delivered(CHANNEL).filter((c) => /went Offline/.test(visibleText(c.activity)));
    let minutes = 0;
    while (alerts().length < 2 && minutes < 12) {
      await oneMinute(clock, bot);
      minutes++;
    }
    expect(minutes).toBeLessThanOrEqual(6); // Offline from minute 3, confirmed by the 2nd poll, delivered at 1/s
    expect(alerts().map((c) => visibleText(c.activity).split('\n')[0]).sort()).toEqual(['🔴 factory-osaka-01 went Offline', '🔴 store-0147 went Offline']);

    while (bot.connector.delivered(CHANNEL).filter((c) => c.method === 'PUT').length < 2 && minutes < 14) {
      await oneMinute(clock, bot);
      minutes++;
    }
    const updates = bot.connector.delivered(CHANNEL).filter((c) => c.method === 'PUT');
    expect(updates.map((u) => visibleText(u.activity).split('\n')[0]).sort()).toEqual([
      expect.stringMatching(/^✅ factory-osaka-01: recovered after \d+ min$/),
      expect.stringMatching(/^✅ store-0147: recovered after \d+ min$/),
    ]);
  });
});
