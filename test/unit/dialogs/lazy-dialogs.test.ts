import { ManualClock } from '../../../src/core/clock';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { visibleText } from '../../support/connector-standin';

/**
 * botbuilder-dialogs (and its recognizers) is a large part of the process at start; most
 * conversations never run a dialog. It must load with the first dialog, not with the app.
 */
let dialogsLoaded = 0;
jest.doMock('botbuilder-dialogs', () => {
  dialogsLoaded++;
  return jest.requireActual('botbuilder-dialogs');
});
// Required after the mock is in place (a static import would be hoisted above it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startTestBot } = require('../../support/bot-harness') as typeof import('../../support/bot-harness');

test('the composed app loads botbuilder-dialogs with the first diagnose, once', async () => {
  const bot = await startTestBot({ env: { FLEET_MAX_AGE_SECONDS: '0' }, clock: new ManualClock('2026-11-01T12:00:00Z'), storage: new MemoryStorage() });
  try {
    const ana = { scope: 'channel' as const, userId: '29:ana', userName: 'Ana' };
    expect(dialogsLoaded).toBe(0);
    const [status] = await bot.say('status store-0421', ana);
    expect(visibleText(status)).toContain('store-0421');
    expect(dialogsLoaded).toBe(0);

    const [step1] = await bot.say('diagnose store-0421', ana);
    expect(visibleText(step1)).toContain('Diagnose store-0421 · step 1');
    expect(dialogsLoaded).toBe(1);
    await bot.say('diagnose store-0519', { ...ana, userId: '29:bo', userName: 'Bo' });
    expect(dialogsLoaded).toBe(1);
  } finally {
    await bot.stop();
  }
});
