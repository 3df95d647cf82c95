import { POLL_MS, startAlertBot, type AlertBot } from '../support/alert-bot';

/**
 * Proactive delivery against a Bot Connector stand-in that refuses: an alert is "sent" only after a
 * 2xx, each attempt is exactly one HTTP request (no SDK retry underneath the outbox's), 429 waits for
 * its Retry-After, 5xx backs off and retries, 403/404 disable that conversation's subscriptions once.
 * Time is the injected ManualClock; waits are on the app's own idle signal.
 */
let t: AlertBot;
/** Proactive sends to `conversationId` (the reply to `subscribe` there is not one). */
const alertCalls = (conversationId: string) => t.bot.connector.attempts(conversationId).filter((c) => /^alert /.test(c.activity.text ?? ''));

describe('delivery when Teams refuses', () => {
  beforeAll(async () => { t = await startAlertBot(); });
  afterAll(async () => t?.bot.stop());

  it('a persistent 429 is never marked sent, and is retried exactly when Retry-After says', async () => {
    const conv = '19:throttled@thread.tacv2';
    await t.subscribe(conv);
    t.bot.connector.behave(conv, { status: 429, headers: { 'retry-after': '120' } });
    await t.alert(conv, 'throttled-1');
    await t.advance(POLL_MS);
    expect(alertCalls(conv)).toHaveLength(1);
    expect(await t.stateOf('throttled-1')).toBe('pending');
    const [pending] = await t.stores.outbox.pending();
    expect(Date.parse(pending.nextAttemptAt) - t.clock.now().getTime()).toBe(120_000);

    await t.advance(120_000 - 1);
    expect(alertCalls(conv)).toHaveLength(1);
    await t.advance(1);
    expect(alertCalls(conv)).toHaveLength(2);
    expect(await t.stateOf('throttled-1')).toBe('pending');

    t.bot.connector.heal(conv);
    await t.advance(120_000);
    expect(alertCalls(conv).filter((c) => c.status === 200)).toHaveLength(1);
    expect(alertCalls(conv)).toHaveLength(3);
    expect(await t.stateOf('throttled-1')).toBe('sent');
    expect(t.bot.logger.lines.some((l) => /unhandled error in turn/.test(l.msg))).toBe(false);
  });

  it('a run of 5xx is retried with backoff, one request per attempt, and marked sent only after the 2xx', async () => {
    const conv = '19:flaky@thread.tacv2';
    await t.subscribe(conv);
    t.bot.connector.behave(conv, { status: 503 });
    await t.alert(conv, 'flaky-1');
    const attemptTimes: number[] = [];
    while (attemptTimes.length < 4) {
      await t.advance(1000);
      if (alertCalls(conv).length > attemptTimes.length) attemptTimes.push(t.clock.now().getTime());
      expect(alertCalls(conv).length).toBe(attemptTimes.length);
      expect(await t.stateOf('flaky-1')).toBe('pending');
    }
    const gaps = attemptTimes.slice(1).map((at, i) => at - attemptTimes[i]);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]);
    t.bot.connector.heal(conv);
    await t.advance(POLL_MS);
    expect(alertCalls(conv)).toHaveLength(5);
    expect(alertCalls(conv).filter((c) => c.status === 200)).toHaveLength(1);
    expect(await t.stateOf('flaky-1')).toBe('sent');
  });

  it.each([
    [403, 'blocked', 'BotNotInConversationRoster'],
    [404, 'removed', 'ConversationNotFound'],
  ])('a %s disables the conversation\'s subscriptions once and nothing more is sent there', async (status, conversationStatus, code) => {
    const conv = `19:gone-${status}@thread.tacv2`;
    await t.subscribe(conv);
    t.bot.connector.behave(conv, { status, body: { error: { code, message: 'refused' } } });
    await t.alert(conv, `gone-${status}-1`);
    await t.advance(POLL_MS);
    expect(alertCalls(conv)).toHaveLength(1);
    expect(await t.stateOf(`gone-${status}-1`)).toBe('dropped');
    expect((await t.stores.subscriptions.list(conv)).disabledReason).toContain(String(status));
    expect((await t.stores.conversations.get(conv))?.status).toBe(conversationStatus);

    await t.alert(conv, `gone-${status}-2`);
    await t.advance(POLL_MS);
    expect(alertCalls(conv)).toHaveLength(1);
    expect(await t.stateOf(`gone-${status}-2`)).toBe('dropped');
    const disabledLines = t.bot.logger.lines.filter((l) => /subscriptions disabled/.test(l.msg) && l.fields.conversationId === conv);
    expect(disabledLines).toHaveLength(1);
  });
});

describe('delivery that never succeeds', () => {
  beforeAll(async () => { t = await startAlertBot({ ALERT_DELIVERY_MAX_AGE_MINUTES: '3' }); });
  afterAll(async () => t?.bot.stop());

  it('is retried until ALERT_DELIVERY_MAX_AGE_MINUTES, then recorded as undeliverable', async () => {
    const conv = '19:down@thread.tacv2';
    await t.subscribe(conv);
    t.bot.connector.behave(conv, { status: 502 });
    await t.alert(conv, 'down-1');
    for (let i = 0; i < 4; i++) await t.advance(POLL_MS);
    expect(await t.stateOf('down-1')).toBe('failed');
    const attempts = alertCalls(conv).length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(t.bot.logger.lines.some((l) => /alert delivery gave up/.test(l.msg) && l.fields.conversationId === conv)).toBe(true);
    await t.advance(POLL_MS);
    expect(alertCalls(conv)).toHaveLength(attempts);
    const health = (await (await fetch(`${t.bot.url}/healthz`)).json()) as { undeliverableAlerts?: number };
    expect(health.undeliverableAlerts).toBe(1);
  });
});
