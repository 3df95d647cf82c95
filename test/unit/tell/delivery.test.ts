import { MemoryStorage } from '../../../src/storage/memory-storage';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { AlertDelivery } from '../../../src/tell/delivery';
import { DeliveryError } from '../../../src/chat/proactive-port';
import { classifyDeliveryFailure } from '../../../src/tell/delivery-verdict';
import type { NewOutboxItem } from '../../../src/tell/stores/outbox-store';
import { createTellStores, type TellStores } from '../../../src/tell/stores/tell-stores';
import { conversation, FakeSender } from './fake-sender';
import { deliveryDefaults } from '../../support/config-defaults';

function setup(options: Parameters<typeof deliveryDefaults>[0] = {}) {
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  const storage = new MemoryStorage();
  const stores = createTellStores(storage);
  const sender = new FakeSender(clock);
  const logger = createMemoryLogger();
  const delivery = new AlertDelivery(stores, sender, clock, logger, deliveryDefaults(options));
  return { clock, storage, stores, sender, logger, delivery };
}

const msg = (conversationId: string, key: string, extra: Partial<NewOutboxItem> = {}): NewOutboxItem =>
  ({ key, conversationId, action: 'send', message: { text: key }, ...extra });

async function addConversations(stores: TellStores, ...ids: string[]) {
  for (const id of ids) {
    await stores.conversations.upsert(conversation(id), true);
    await stores.subscriptions.add(id, { filter: {}, kinds: [], createdAt: '2026-11-25T12:00:00Z' }, () => false);
  }
}

/** Runs delivery rounds, advancing the manual clock to each round's nextAt, until the outbox is empty. */
async function drain(clock: ManualClock, delivery: AlertDelivery, limitMs = 10 * 60_000) {
  const start = clock.now().getTime();
  for (;;) {
    const round = await delivery.deliverDue();
    if (!round.nextAt) return;
    if (round.nextAt.getTime() - start > limitMs) throw new Error('delivery did not finish');
    await clock.advance(Math.max(0, round.nextAt.getTime() - clock.now().getTime()));
  }
}

describe('AlertDelivery', () => {
  it('delivers in order, at most one message per second per conversation', async () => {
    const { clock, stores, sender, delivery } = setup();
    await addConversations(stores, 'c1', 'c2');
    await stores.outbox.enqueue([msg('c1', 'k1'), msg('c1', 'k2'), msg('c2', 'k3'), msg('c1', 'k4')], clock.now());
    await drain(clock, delivery);
    expect(sender.sent.map((s) => s.text)).toEqual(['k1', 'k3', 'k2', 'k4']);
    const c1 = sender.sent.filter((s) => s.conversationId === 'c1').map((s) => s.at);
    for (let i = 1; i < c1.length; i++) expect(c1[i] - c1[i - 1]).toBeGreaterThanOrEqual(1000);
    expect((await stores.outbox.pending())).toEqual([]);
  });

  it('keeps the global rate under the cap across many conversations', async () => {
    const { clock, stores, sender, delivery } = setup({ globalMaxPerSecond: 10 });
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    await addConversations(stores, ...ids);
    await stores.outbox.enqueue(ids.map((id) => msg(id, `k-${id}`)), clock.now());
    await drain(clock, delivery);
    expect(sender.sent).toHaveLength(30);
    const times = sender.sent.map((s) => s.at);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i] && t < times[i] + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(10);
    }
  });

  it('an enqueued key is sent once, even if enqueued again (re-decided after a crash)', async () => {
    const { clock, stores, sender, delivery } = setup();
    await addConversations(stores, 'c1');
    expect(await stores.outbox.enqueue([msg('c1', 'same')], clock.now())).toEqual(['same']);
    await drain(clock, delivery);
    expect(await stores.outbox.enqueue([msg('c1', 'same')], clock.now())).toEqual([]);
    await drain(clock, delivery);
    expect(sender.sent).toHaveLength(1);
  });

  it('honours Retry-After on 429 then succeeds', async () => {
    const { clock, stores, sender, delivery } = setup();
    await addConversations(stores, 'c1');
    sender.failures.push(new DeliveryError('throttled', 429, 7000));
    await stores.outbox.enqueue([msg('c1', 'k1')], clock.now());
    await drain(clock, delivery);
    expect(sender.attempts.map((a) => a.at - sender.attempts[0].at)).toEqual([0, 7000]);
    expect(sender.sent).toHaveLength(1);
  });

  it('backs off exponentially with jitter on 502/503/504/412 and gives up after maxAttempts with a log line', async () => {
    const { clock, stores, sender, delivery, logger } = setup({ maxAttempts: 4, baseBackoffMs: 1000, perConversationIntervalMs: 100 });
    await addConversations(stores, 'c1');
    sender.failures.push(new DeliveryError('bad gateway', 502), new DeliveryError('busy', 503), new DeliveryError('precondition', 412), new DeliveryError('timeout', 504));
    await stores.outbox.enqueue([msg('c1', 'k1'), msg('c1', 'k2')], clock.now());
    await drain(clock, delivery);
    const t = sender.attempts.map((a) => a.at - sender.attempts[0].at);
    // random() = 0.5 -> 75% of 1 s, 2 s, 4 s
    expect(t.slice(0, 4)).toEqual([0, 750, 750 + 1500, 750 + 1500 + 3000]);
    expect(sender.sent.map((s) => s.text)).toEqual(['k2']);
    expect(logger.lines.find((l) => l.msg === 'alert delivery gave up')?.fields).toMatchObject({ alertKey: 'k1', status: 504, attempts: 4 });
    expect((await stores.outbox.all()).find((i) => i.key === 'k1')?.state).toBe('failed');
  });

  it('keeps retrying through a Teams outage of minutes (backoff capped at 60 s) and delivers once it ends', async () => {
    const { clock, stores, sender, delivery, logger } = setup();
    await addConversations(stores, 'c1');
    for (let i = 0; i < 12; i++) sender.failures.push(new DeliveryError('Service Unavailable', 503));
    await stores.outbox.enqueue([msg('c1', 'k1')], clock.now());
    await drain(clock, delivery, 60 * 60_000);
    expect(sender.attempts).toHaveLength(13);
    expect(sender.sent.map((s) => s.text)).toEqual(['k1']);
    const gaps = sender.attempts.slice(1).map((a, i) => a.at - sender.attempts[i].at);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
    expect(sender.sent[0].at - sender.attempts[0].at).toBeGreaterThan(5 * 60_000);
    expect(logger.lines.some((l) => l.msg === 'alert delivery gave up')).toBe(false);
  });

  it('gives up by item age (30 min by default), with a log line, not after a handful of tries', async () => {
    const { clock, stores, sender, delivery, logger } = setup();
    await addConversations(stores, 'c1');
    sender.failures = Array.from({ length: 1000 }, () => new DeliveryError('Service Unavailable', 503));
    const start = clock.now().getTime();
    await stores.outbox.enqueue([msg('c1', 'k1')], clock.now());
    await drain(clock, delivery, 60 * 60_000);
    const last = sender.attempts[sender.attempts.length - 1].at - start;
    expect(last).toBeGreaterThan(28 * 60_000);
    expect(last).toBeLessThanOrEqual(30 * 60_000);
    expect((await stores.outbox.all())[0].state).toBe('failed');
    expect(logger.lines.find((l) => l.msg === 'alert delivery gave up')?.fields).toMatchObject({ alertKey: 'k1', status: 503 });
  });

  it.each(['tell/outbox', 'tell/alert-cards'])('a storage error (%s) after Teams accepted never re-sends: only the bookkeeping is retried', async (failingKey) => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const inner = new MemoryStorage();
    let failIndexWrites = 0;
    const storage = {
      read: (keys: string[]) => inner.read(keys),
      delete: (keys: string[]) => inner.delete(keys),
      write: (changes: Record<string, any>) => {
        if (failIndexWrites > 0 && changes[failingKey]) { failIndexWrites--; return Promise.reject(new Error('database is locked')); }
        return inner.write(changes);
      },
    };
    const stores = createTellStores(storage);
    const fake = new FakeSender(clock);
    const sender = { send: async (c: any, m: any) => { const r = await fake.send(c, m); failIndexWrites = 2; return r; }, update: (c: any, id: string, m: any) => fake.update(c, id, m) };
    const logger = createMemoryLogger();
    const delivery = new AlertDelivery(stores, sender, clock, logger, deliveryDefaults());
    await addConversations(stores, 'c1');
    await stores.outbox.enqueue([msg('c1', 'k1', { trackAlertFor: { clusterId: '/x/a', kind: 'offline' } }), msg('c1', 'k2')], clock.now());
    await drain(clock, delivery);
    expect(fake.sent.map((s) => s.text)).toEqual(['k1', 'k2']);
    expect((await stores.outbox.all()).map((i) => `${i.key}:${i.state}`).sort()).toEqual(['k1:sent', 'k2:sent']);
    expect((await stores.alertCards.get('c1', '/x/a'))?.activityId).toBe('act-1');
    expect(logger.lines.some((l) => /recording it failed/.test(l.msg))).toBe(true);
  });

  it('updates with no alert card to update are closed in the same round without using rate-limit slots', async () => {
    const { clock, stores, sender, delivery } = setup();
    await addConversations(stores, 'c1', 'c2');
    const orphans = Array.from({ length: 50 }, (_, i) => msg('c1', `upd-${i}`, { action: 'update', updateAlertFor: { clusterId: `/x/${i}` } }));
    await stores.outbox.enqueue([...orphans, msg('c2', 'real-alert')], clock.now());
    const start = clock.now().getTime();
    // One round closes all 50 and sends the real alert at once (each used to take a 50 ms global slot).
    expect(await delivery.deliverDue()).toEqual({ sent: 1 });
    expect(sender.sent.map((s) => `${s.text}@${s.at - start}`)).toEqual(['real-alert@0']);
    expect((await stores.outbox.all()).filter((i) => i.state === 'dropped')).toHaveLength(50);
  });

  it.each([403, 404])('%s disables that conversation\'s subscriptions and drops its queue', async (status) => {
    const { clock, stores, sender, delivery, logger } = setup();
    await addConversations(stores, 'gone', 'ok');
    sender.failures.push(new DeliveryError('no', status));
    await stores.outbox.enqueue([msg('gone', 'k1'), msg('gone', 'k2'), msg('ok', 'k3')], clock.now());
    await drain(clock, delivery);
    expect(sender.sent.map((s) => s.text)).toEqual(['k3']);
    expect((await stores.subscriptions.list('gone')).disabledReason).toContain(String(status));
    expect((await stores.conversations.get('gone'))?.status).toBe(status === 404 ? 'removed' : 'blocked');
    expect(logger.lines.some((l) => l.level === 'warn' && /subscriptions disabled/.test(l.msg))).toBe(true);
  });

  it('does not retry 400; retries 500 like the other 5xx', async () => {
    const { clock, stores, sender, delivery } = setup();
    await addConversations(stores, 'c1');
    sender.failures.push(new DeliveryError('bad', 400), new DeliveryError('oops', 500));
    await stores.outbox.enqueue([msg('c1', 'k1'), msg('c1', 'k2')], clock.now());
    await drain(clock, delivery);
    expect(sender.attempts).toHaveLength(3);
    expect(sender.sent.map((s) => s.text)).toEqual(['k2']);
  });

  it('remembers the alert card and later updates it in place', async () => {
    const { clock, stores, sender, delivery } = setup();
    await addConversations(stores, 'c1');
    await stores.outbox.enqueue([msg('c1', 'alert', { trackAlertFor: { clusterId: '/x/a', kind: 'offline' } })], clock.now());
    await drain(clock, delivery);
    await stores.outbox.enqueue([msg('c1', 'upd', { action: 'update', updateAlertFor: { clusterId: '/x/a' } }), msg('c1', 'upd-again', { action: 'update', updateAlertFor: { clusterId: '/x/a' } })], clock.now());
    await drain(clock, delivery);
    expect(sender.sent.map((s) => `${s.action}:${s.activityId}`)).toEqual(['send:act-1', 'update:act-1']);
    expect(await stores.alertCards.get('c1', '/x/a')).toBeUndefined();
  });

  it('a crash after Teams accepted but before "sent" was recorded re-sends only that one', async () => {
    const { clock, storage, stores, sender } = setup();
    await addConversations(stores, 'c1');
    await stores.outbox.enqueue([msg('c1', 'k1'), msg('c1', 'k2'), msg('c1', 'k3')], clock.now());
    // The first process loses its storage (is killed) right after Teams accepted k2.
    let dead = false;
    const dying = {
      read: (keys: string[]) => storage.read(keys),
      delete: (keys: string[]) => (dead ? Promise.reject(new Error('killed')) : storage.delete(keys)),
      write: (changes: Record<string, any>) => (dead ? Promise.reject(new Error('killed')) : storage.write(changes)),
    };
    const first = new AlertDelivery(createTellStores(dying), {
      send: async (c, m) => {
        const r = await sender.send(c, m);
        if (m.text === 'k2') dead = true;
        return r;
      },
      update: async () => {},
    }, clock, createMemoryLogger(), deliveryDefaults());
    await first.deliverDue();
    await clock.advance(1000);
    await first.deliverDue().catch(() => undefined);
    expect(sender.sent.map((s) => s.text)).toEqual(['k1', 'k2']);
    // Restart on the same storage.
    const restarted = new AlertDelivery(createTellStores(storage), sender, clock, createMemoryLogger(), deliveryDefaults());
    await drain(clock, restarted);
    expect(sender.sent.map((s) => s.text)).toEqual(['k1', 'k2', 'k2', 'k3']);
  });
});

describe('failure classification', () => {
  it('follows the Teams status-code table', () => {
    const failed = (status?: number, retryAfterMs?: number) => new DeliveryError('x', status, retryAfterMs);
    expect(classifyDeliveryFailure(failed(429, 3000))).toEqual({ kind: 'retry-after', waitMs: 3000 });
    expect(classifyDeliveryFailure(failed(412)).kind).toBe('backoff');
    expect(classifyDeliveryFailure(failed(undefined)).kind).toBe('backoff');
    expect(classifyDeliveryFailure(new Error('ECONNRESET')).kind).toBe('backoff');
    expect(classifyDeliveryFailure(failed(403)).kind).toBe('conversation-gone');
    expect(classifyDeliveryFailure(failed(404)).kind).toBe('conversation-gone');
    expect(classifyDeliveryFailure(failed(413)).kind).toBe('permanent');
  });
});

describe('AlertDelivery across conversations', () => {
  /** A sender whose sends to `hanging` conversations stay open until released. */
  function gatedSender(clock: ManualClock, hanging: Set<string>) {
    const inner = new FakeSender(clock);
    const gates: (() => void)[] = [];
    let open = 0;
    let maxOpen = 0;
    const sender = {
      inner,
      release: () => gates.splice(0).forEach((g) => g()),
      get maxOpen() { return maxOpen; },
      async send(address: Parameters<FakeSender['send']>[0], message: Parameters<FakeSender['send']>[1]) {
        open++;
        maxOpen = Math.max(maxOpen, open);
        try {
          if (hanging.has(address.conversationId)) await new Promise<void>((resolve) => gates.push(resolve));
          return await inner.send(address, message);
        } finally {
          open--;
        }
      },
      update: (...args: Parameters<FakeSender['update']>) => inner.update(...args),
    };
    return sender;
  }

  it('a hanging conversation does not hold back the others; its own next alert waits behind it', async () => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const stores = createTellStores(new MemoryStorage());
    const hanging = new Set(['slow']);
    const sender = gatedSender(clock, hanging);
    const delivery = new AlertDelivery(stores, sender, clock, createMemoryLogger(), deliveryDefaults({ globalMaxPerSecond: 1000 }));
    await addConversations(stores, 'slow', 'a', 'b');
    await stores.outbox.enqueue([msg('slow', 's1'), msg('slow', 's2'), msg('a', 'a1'), msg('b', 'b1')], clock.now());
    const round = delivery.deliverDue();
    // The global pace (here 1 ms between starts) is the only wait; 'slow' never answers meanwhile.
    for (let i = 0; i < 50 && sender.inner.sent.length < 2; i++) {
      await clock.advance(1);
      await new Promise((r) => setImmediate(r));
    }
    expect(sender.inner.sent.map((s) => s.text).sort()).toEqual(['a1', 'b1']);
    hanging.delete('slow');
    sender.release();
    await round;
    expect(sender.inner.sent.map((s) => s.text)).toEqual(['a1', 'b1', 's1']);
    await drain(clock, delivery);
    expect(sender.inner.sent.map((s) => s.text)).toEqual(['a1', 'b1', 's1', 's2']);
  });

  it('keeps at most maxConcurrentSends in flight', async () => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const stores = createTellStores(new MemoryStorage());
    const ids = ['c1', 'c2', 'c3', 'c4'];
    const sender = gatedSender(clock, new Set(ids));
    const delivery = new AlertDelivery(stores, sender, clock, createMemoryLogger(), deliveryDefaults({ globalMaxPerSecond: 1000, maxConcurrentSends: 2 }));
    await addConversations(stores, ...ids);
    await stores.outbox.enqueue(ids.map((id) => msg(id, `k-${id}`)), clock.now());
    const round = delivery.deliverDue();
    for (let n = 0; n < 50 && sender.inner.sent.length < 4; n++) {
      await clock.advance(1);
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      if (n % 5 === 4) sender.release();
    }
    await round;
    expect(sender.inner.sent).toHaveLength(4);
    expect(sender.maxOpen).toBe(2);
  });
});
