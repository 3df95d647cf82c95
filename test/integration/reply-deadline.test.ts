import { startTestBot, teamsMessage, type TestBot } from '../support/bot-harness';

/**
 * Every call to the Bot Connector made while answering has a deadline (CONNECTOR_TIMEOUT_SECONDS):
 * a hanging connector cannot hold the inbound request, and the hung request is cancelled. These
 * tests measure how long the app takes against that real-time deadline; they never sleep.
 */
let bot: TestBot;
beforeAll(async () => { bot = await startTestBot({ env: { CONNECTOR_TIMEOUT_SECONDS: '1' } }); });
afterAll(async () => bot?.stop());

test('a reply to a hanging connector gives up at the deadline and the inbound request is answered', async () => {
  const conversationId = 'a:hanging-reply';
  bot.connector.behave(conversationId, 'hang');
  const started = Date.now();
  const res = await bot.post(teamsMessage('help', bot.connector.url, { conversationId }));
  const tookMs = Date.now() - started;
  expect(res.status).toBeLessThan(500);
  // The reply and the "sorry" after it each wait at most 1 s.
  expect(tookMs).toBeLessThan(4000);
  await bot.connector.waitForAbort((c) => c.conversationId === conversationId);
  bot.connector.heal(conversationId);
});

test('an unreachable serviceUrl is one refused connection, not a retry loop', async () => {
  const started = Date.now();
  const res = await bot.post(teamsMessage('help', 'http://127.0.0.1:9/', { conversationId: 'a:unreachable' }));
  expect(res.status).toBeLessThan(500);
  expect(Date.now() - started).toBeLessThan(2000);
});
