import { FloodLimit } from '../../../src/chat/flood-limit';
import { ManualClock } from '../../../src/core/clock';

describe('flood limit (token buckets per user and per conversation)', () => {
  test('a user gets their per-minute count at once, then one "tell" refusal and silent ones; the bucket refills over the minute', async () => {
    const clock = new ManualClock();
    const flood = new FloodLimit({ userPerMinute: 5, conversationPerMinute: 100 }, clock);
    const verdicts = Array.from({ length: 8 }, () => flood.admit('ada', 'c1'));
    expect(verdicts.map((v) => (v.ok ? 'ok' : v.tell ? 'tell' : 'drop'))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'tell', 'drop', 'drop']);
    expect(verdicts[5]).toEqual({ ok: false, tell: true, retryInSeconds: 12 });
    await clock.advance(11_999);
    expect(flood.admit('ada', 'c1').ok).toBe(false);
    await clock.advance(1);
    expect(flood.admit('ada', 'c1').ok).toBe(true);
    // Admitted again: the next flood is told once more.
    expect(flood.admit('ada', 'c1')).toMatchObject({ ok: false, tell: true });
  });

  test('one user\'s flood does not use up the conversation: another user in it is still answered', () => {
    const flood = new FloodLimit({ userPerMinute: 5, conversationPerMinute: 10 }, new ManualClock());
    for (let i = 0; i < 50; i++) flood.admit('mallory', 'channel');
    expect(flood.admit('ada', 'channel').ok).toBe(true);
    expect(flood.admit('bob', 'elsewhere').ok).toBe(true);
  });

  test('several users together are held to the conversation\'s limit', () => {
    const flood = new FloodLimit({ userPerMinute: 5, conversationPerMinute: 10 }, new ManualClock());
    const admitted = ['a', 'b', 'c'].flatMap((u) => Array.from({ length: 5 }, () => flood.admit(u, 'channel').ok)).filter(Boolean);
    expect(admitted).toHaveLength(10);
    expect(flood.admit('d', 'other').ok).toBe(true);
  });

  test('memory stays bounded under many distinct senders', () => {
    const flood = new FloodLimit({ userPerMinute: 5, conversationPerMinute: 10 }, new ManualClock());
    for (let i = 0; i < 30_000; i++) flood.admit(`user-${i}`, 'c');
    expect(flood.size).toBeLessThanOrEqual(10_000);
  });
});
