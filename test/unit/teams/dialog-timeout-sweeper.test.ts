import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { DialogTimeoutSweeper } from '../../../src/teams/dialog-deadlines';

describe('DialogTimeoutSweeper', () => {
  test('sweeps once per interval of the injected clock, only while this replica should (the leader), survives a failed sweep, and stops', async () => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const logger = createMemoryLogger();
    let leader = false;
    let sweeps = 0;
    const sweeper = new DialogTimeoutSweeper({
      sweep: async () => {
        sweeps++;
        if (sweeps === 2) throw new Error('storage down');
      },
      clock, intervalMs: 60_000, shouldSweep: () => leader, logger,
    });
    sweeper.start();
    await clock.advance(60_000);
    expect(sweeps).toBe(0);
    leader = true;
    for (let i = 0; i < 3; i++) await clock.advance(60_000);
    expect(sweeps).toBe(3);
    expect(logger.lines.filter((l) => l.msg === 'dialog timeout sweep failed')).toHaveLength(1);
    await clock.advance(59_000);
    expect(sweeps).toBe(3);
    await sweeper.stop();
    await clock.advance(10 * 60_000);
    expect(sweeps).toBe(3);
  });
});
