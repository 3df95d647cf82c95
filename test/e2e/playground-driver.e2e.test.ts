import { startEchoBot, type EchoBot } from '../support/playground-echo-bot';
import { startPlayground, type PlaygroundSession } from '../support/playground-driver';
import { describeWithChromium } from '../support/playground-e2e';

/**
 * Checks the Playground driver itself against a tiny echo bot, so a driver break is told apart
 * from a bot break (the real bot's journey is in playground.e2e.test.ts).
 */
jest.setTimeout(120_000);

describeWithChromium('Agents Playground driver (echo bot)', () => {
  let bot: EchoBot;
  let playground: PlaygroundSession;

  beforeAll(async () => {
    bot = await startEchoBot();
    playground = await startPlayground(bot.endpoint, { artifactsDir: 'test-artifacts/playground-driver' });
  });

  afterAll(async () => {
    await playground?.close();
    await bot?.close();
  });

  test('a typed message reaches the bot and its Adaptive Card is rendered', async () => {
    await playground.send('card store-0421');
    const card = await playground.waitForCardContaining('store-0421');
    await expect(card.textContent()).resolves.toContain('Connected');
    expect(bot.received).toContainEqual(expect.objectContaining({ text: 'card store-0421', conversationType: 'personal' }));
    await playground.screenshot('driver-1-card');
  });

  test('clicking a card button sends its data.command to the bot, which answers', async () => {
    await playground.clickCardButton('Ping');
    await playground.waitForTextContaining('pong');
    expect(bot.received).toContainEqual(expect.objectContaining({ value: { command: 'ping' } }));
    await playground.screenshot('driver-2-button');
  });

  test('in a channel the bot hears an @mention and answers in the thread', async () => {
    await playground.switchToChannel();
    await playground.mentionBot('hello channel');
    await playground.waitForTextContaining('echo: hello channel (channel)');
    await playground.screenshot('driver-3-channel');
  });

  test('a second @mention replies in the same thread and is answered there', async () => {
    await playground.mentionBot('second message');
    const answer = await playground.waitForTextContaining('echo: second message (channel)');
    // The answer sits in the thread the first mention started.
    const thread = playground.page.getByRole('group').filter({ hasText: 'hello channel' }).filter({ has: answer });
    await expect(thread.count()).resolves.toBe(1);
    expect(bot.received.filter((m) => m.conversationType === 'channel').map((m) => m.text)).toEqual(
      expect.arrayContaining(['hello channel', 'second message']),
    );
  });
});
