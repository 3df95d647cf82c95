import { SLOW_DOWN_LINE } from '../../src/chat/flood-limit';
import { ManualClock } from '../../src/core/clock';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { createTellStores } from '../../src/tell/stores/tell-stores';
import { startTestBot, type TestBot, teamsMessage } from '../support/bot-harness';
import { visibleText } from '../support/connector-standin';

/**
 * One user flooding (50 messages within one second of the injected clock, which never moves while
 * they arrive) gets their per-minute count answered and ONE "slow down"; the rest cost nothing.
 * Another user, in the same channel or elsewhere, is answered at once, and the monitor still polls.
 */
const USER_LIMIT = 20;
const POLL_MS = 60_000;
const CHANNEL = '19:general@thread.tacv2';

describe('a flood from one user', () => {
  let bot: TestBot;
  let storage: MemoryStorage;
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  beforeAll(async () => {
    storage = new MemoryStorage();
    bot = await startTestBot({ clock, storage, env: { FLOOD_USER_MESSAGES_PER_MINUTE: String(USER_LIMIT), FLOOD_CONVERSATION_MESSAGES_PER_MINUTE: '60' } });
    await bot.app.whenIdle();
  });
  afterAll(async () => bot?.stop());

  /** A message from a user with an Entra object id of their own (the limit counts per person). */
  const from = (userId: string, text: string, conversationId = CHANNEL) => {
    const a = teamsMessage(text, bot.connector.url, { scope: 'channel', conversationId, userId, userName: userId });
    a.from.aadObjectId = `00000000-0000-0000-0000-${Buffer.from(userId).toString('hex').slice(-12).padStart(12, '0')}`;
    return a;
  };

  test('50 messages at once: 20 answers and one "slow down", the rest dropped; another user is answered next, and the monitor still polls', async () => {
    const mark = bot.connector.calls.length;
    const statuses = await Promise.all(Array.from({ length: 50 }, () => bot.post(from('29:mallory', 'status store-0421'))));
    expect(statuses.map((s) => s.status)).toEqual(Array(50).fill(200));
    const floodReplies = bot.connector.calls.slice(mark).map((c) => visibleText(c.activity));
    expect(floodReplies.filter((t) => t.includes('**store-0421** is'))).toHaveLength(USER_LIMIT);
    expect(floodReplies.filter((t) => t === SLOW_DOWN_LINE(3))).toHaveLength(1);
    expect(floodReplies).toHaveLength(USER_LIMIT + 1);
    expect(bot.logger.lines.filter((l) => l.msg === 'messages refused: flood limit')).toHaveLength(1);

    // Still inside the same second: the next message of another user in the same channel is the
    // very next thing the connector sees, an ordinary answer.
    const next = bot.connector.calls.length;
    await bot.post(from('29:ada', 'status store-0421'));
    expect(bot.connector.calls.slice(next).map((c) => visibleText(c.activity))).toEqual([expect.stringContaining('**store-0421** is')]);
    await bot.post(from('29:bob', 'summary', 'a:personal-bob'));
    expect(bot.connector.calls.slice(next + 1).map((c) => c.conversationId)).toEqual(['a:personal-bob']);

    // Mallory is still refused, silently; the monitor polls on time all the same.
    const quiet = bot.connector.calls.length;
    await bot.post(from('29:mallory', 'status'));
    expect(bot.connector.calls.length).toBe(quiet);
    const heartbeat = createTellStores(storage).heartbeat;
    const polled = (await heartbeat.get()).lastPollAt;
    await clock.advance(POLL_MS);
    await bot.app.whenIdle();
    expect((await heartbeat.get()).lastPollAt).not.toBe(polled);
    expect((await heartbeat.get()).lastPollAt).toBe(clock.now().toISOString());

    // A minute later Mallory's bucket has refilled: answered again.
    const after = bot.connector.calls.length;
    await bot.post(from('29:mallory', 'status store-0421'));
    expect(bot.connector.calls.slice(after).map((c) => visibleText(c.activity))).toEqual([expect.stringContaining('**store-0421** is')]);
  });

  test('a flood of card clicks (Action.Execute) is answered "slow down" in the click itself, nothing posted', async () => {
    const click = () => ({
      ...from('29:clicker', ''), type: 'invoke', name: 'adaptiveCard/action', replyToId: 'card-1', text: undefined,
      value: { action: { type: 'Action.Execute', verb: 'command', data: { command: 'status store-0421', inPlace: true } }, trigger: 'manual' },
    });
    const mark = bot.connector.calls.length;
    const answers = [];
    for (let i = 0; i < USER_LIMIT + 5; i++) answers.push(JSON.parse((await bot.post(click())).body));
    expect(answers.slice(0, USER_LIMIT).every((a) => a.type === 'application/vnd.microsoft.card.adaptive')).toBe(true);
    expect(answers.slice(USER_LIMIT)).toEqual(Array(5).fill({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: SLOW_DOWN_LINE(3) }));
    // Each admitted click edited its card once; the refused ones reached Teams not at all.
    expect(bot.connector.calls.slice(mark).map((c) => c.method)).toEqual(Array(USER_LIMIT).fill('PUT'));
  });
});
