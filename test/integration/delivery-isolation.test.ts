import { POLL_MS, startAlertBot, type AlertBot } from '../support/alert-bot';
import type { ConnectorCall } from '../support/connector-standin';

/**
 * Conversations do not wait for each other: a conversation whose connector hangs, or that is told
 * to come back in an hour, delays only itself; an abandoned send is cancelled on the wire, so it
 * can never arrive later as a duplicate; stopping the app abandons a hung send instead of waiting.
 * Over HTTP with the connector stand-in, on the injected ManualClock.
 */
const isAlert = (c: ConnectorCall) => /^alert /.test(c.activity.text ?? '');
const alertCalls = (t: AlertBot, conversationId: string) => t.bot.connector.attempts(conversationId).filter(isAlert);

/** Moves the clock in 100 ms steps (no idle wait: a hung send keeps delivery busy) until `done()`. */
async function advanceUntil(t: AlertBot, done: () => boolean, limitMs: number): Promise<number> {
  const start = t.clock.now().getTime();
  while (!done()) {
    if (t.clock.now().getTime() - start >= limitMs) throw new Error(`not done within ${limitMs} ms of clock time`);
    await t.clock.advance(100);
    for (let i = 0; i < 50 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  }
  return t.clock.now().getTime() - start;
}

describe('a hanging conversation among healthy ones', () => {
  let t: AlertBot;
  beforeAll(async () => { t = await startAlertBot({ ALERT_SEND_TIMEOUT_SECONDS: '30' }); });
  afterAll(async () => t?.bot.stop());

  it('delays only itself; its abandoned send is aborted and delivered once, later', async () => {
    const hanging = '19:hanging@thread.tacv2';
    const healthy = ['19:healthy-a@thread.tacv2', '19:healthy-b@thread.tacv2', '19:healthy-c@thread.tacv2'];
    for (const conv of [hanging, ...healthy]) await t.subscribe(conv);
    t.bot.connector.behave(hanging, 'hang');
    await t.alert(hanging, 'hang-1');
    for (const conv of healthy) await t.alert(conv, `ok-${conv}`);

    // The delivery loop wakes within one poll interval; the hanging send goes first (oldest).
    await advanceUntil(t, () => alertCalls(t, hanging).length === 1, POLL_MS);
    const healthyDelivered = () => healthy.every((conv) => alertCalls(t, conv).some((c) => c.status === 200));
    const waited = await advanceUntil(t, healthyDelivered, 25_000);
    expect(waited).toBeLessThanOrEqual(1000);
    const [hung] = alertCalls(t, hanging);
    expect(hung).toMatchObject({ status: 0 });
    expect(hung.aborted).toBeFalsy();
    expect(await t.stateOf('hang-1')).toBe('pending');

    // At ALERT_SEND_TIMEOUT_SECONDS the send is abandoned: its request is cancelled, not left running.
    await advanceUntil(t, () => !!hung.aborted, 31_000);
    expect(await t.stateOf('hang-1')).toBe('pending');

    t.bot.connector.heal(hanging);
    await advanceUntil(t, () => alertCalls(t, hanging).some((c) => c.status === 200), 2 * POLL_MS);
    await t.bot.app.whenIdle();
    expect(alertCalls(t, hanging).map((c) => c.status)).toEqual([0, 200]);
    expect(await t.stateOf('hang-1')).toBe('sent');
  });
});

describe('Retry-After 3600 from one conversation', () => {
  let t: AlertBot;
  beforeAll(async () => { t = await startAlertBot({ ALERT_DELIVERY_MAX_AGE_MINUTES: '120' }); });
  afterAll(async () => t?.bot.stop());

  it('holds back only that conversation, for exactly that long', async () => {
    const throttled = '19:come-back-later@thread.tacv2';
    const other = '19:busy-channel@thread.tacv2';
    await t.subscribe(throttled);
    await t.subscribe(other);
    t.bot.connector.behave(throttled, { status: 429, headers: { 'retry-after': '3600' } });
    await t.alert(throttled, 'later-1');
    await t.advance(POLL_MS);
    expect(alertCalls(t, throttled)).toHaveLength(1);
    const throttledAt = t.clock.now().getTime();

    // The other conversation keeps its own pace: each new alert goes out within seconds, not an hour.
    for (let i = 0; i < 5; i++) {
      await t.alert(other, `busy-${i}`);
      const before = t.clock.now().getTime();
      while (!(await t.stateOf(`busy-${i}`) === 'sent')) {
        await t.advance(1000);
        expect(t.clock.now().getTime() - before).toBeLessThanOrEqual(6000);
      }
    }
    expect(alertCalls(t, other).filter((c) => c.status === 200)).toHaveLength(5);

    t.bot.connector.heal(throttled);
    await t.advance(throttledAt + 3_600_000 - t.clock.now().getTime() - 1000, 10_000);
    expect(alertCalls(t, throttled)).toHaveLength(1);
    await t.advance(2000);
    expect(alertCalls(t, throttled)).toHaveLength(2);
    expect(await t.stateOf('later-1')).toBe('sent');
  });
});

describe('stopping with a hung send', () => {
  it('abandons it (request cancelled, alert kept for the next start) instead of waiting for the timeout', async () => {
    const t = await startAlertBot({ ALERT_SEND_TIMEOUT_SECONDS: '600' });
    try {
      const hanging = '19:hung-at-shutdown@thread.tacv2';
      await t.subscribe(hanging);
      t.bot.connector.behave(hanging, 'hang');
      await t.alert(hanging, 'shutdown-1');
      await advanceUntil(t, () => alertCalls(t, hanging).length === 1, POLL_MS);
      const started = Date.now();
      await t.bot.app.stop();
      // The manual clock never reaches the 600 s timeout: only abandoning can end this.
      expect(Date.now() - started).toBeLessThan(8000);
      await t.bot.connector.waitForAbort((c) => c.conversationId === hanging);
      expect(await t.stateOf('shutdown-1')).toBe('pending');
    } finally {
      await t.bot.stop();
    }
  });
});
