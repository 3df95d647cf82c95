import { startTestBot, type TestBot, teamsMessage } from '../support/bot-harness';

// With MicrosoftAppId set, Bot Framework authentication is enforced (https://github.com/microsoft/botbuilder-js/blob/main/libraries/botbuilder-core/src/configurationBotFrameworkAuthentication.ts):
// an activity without a valid token is refused and never reaches the bot.
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({
    env: { MicrosoftAppId: '3f6d6c2e-8b1a-4c59-9a3e-2d1f0b7c9e11', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' },
  });
});
afterAll(async () => bot?.stop());

test('a request without an Authorization header is refused with 401 and nothing is sent', async () => {
  const res = await bot.post(teamsMessage('status store-0421', bot.connector.url));
  expect(res.status).toBe(401);
  expect(bot.connector.calls).toHaveLength(0);
});

test('a forged bearer token is refused too', async () => {
  const res = await bot.post(teamsMessage('status store-0421', bot.connector.url), { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
  expect([401, 403]).toContain(res.status);
  expect(bot.connector.calls).toHaveLength(0);
});

