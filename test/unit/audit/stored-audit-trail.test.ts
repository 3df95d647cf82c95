import type { AuditEntry } from '../../../src/chat/audit-port';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { AUDIT_KEY_PREFIX, MAX_ENTRIES_PER_CONVERSATION_DAY, StoredAuditTrail } from '../../../src/audit/stored-audit-trail';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { KeyValueStorage } from '../../../src/storage/key-value-storage';

const DAY = 86_400_000;

function entry(clock: ManualClock, conversationId: string, action: AuditEntry['action'], target: string): AuditEntry {
  return { at: clock.now().toISOString(), conversationId, aadObjectId: '00000000-0000-0000-0000-0000000000a1', userName: 'Ada', action, target, via: 'typed' };
}

/** Every key in a MemoryStorage (its items are private; a test-only peek). */
const keysOf = (storage: MemoryStorage) => [...(storage as unknown as { items: Map<string, unknown> }).items.keys()].sort();

describe('StoredAuditTrail', () => {
  test('keeps each conversation\'s entries apart, newest first, up to the limit, across days', async () => {
    const clock = new ManualClock('2026-12-01T23:58:00Z');
    const trail = new StoredAuditTrail(new MemoryStorage(), clock, createMemoryLogger(), 90);
    await trail.record(entry(clock, 'conv-1', 'subscribe', 'all clusters'));
    await clock.advance(60_000);
    await trail.record(entry(clock, 'conv-2', 'mute', 'cluster store-0001'));
    await clock.advance(2 * 60_000); // the next UTC day
    await trail.record(entry(clock, 'conv-1', 'mute', 'cluster store-0421'));
    await trail.record(entry(clock, 'conv-1', 'acknowledge', 'cluster store-0421 (resource group rg)'));

    expect((await trail.recent('conv-1', 10)).map((e) => `${e.at} ${e.action}`)).toEqual([
      '2026-12-02T00:01:00.000Z acknowledge', '2026-12-02T00:01:00.000Z mute', '2026-12-01T23:58:00.000Z subscribe',
    ]);
    expect((await trail.recent('conv-1', 2)).map((e) => e.action)).toEqual(['acknowledge', 'mute']);
    expect((await trail.recent('conv-2', 10)).map((e) => e.target)).toEqual(['cluster store-0001']);
    expect(await trail.recent('conv-3', 10)).toEqual([]);
  });

  test('one document per conversation per UTC day, plus one index', async () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const storage = new MemoryStorage();
    const trail = new StoredAuditTrail(storage, clock, createMemoryLogger(), 90);
    await trail.record(entry(clock, '19:a@thread.tacv2', 'subscribe', 'all clusters'));
    await trail.record(entry(clock, '19:a@thread.tacv2', 'mute', 'all clusters'));
    await trail.record(entry(clock, 'a:1;messageid=2', 'unmute', '#1 all clusters'));
    await clock.advance(DAY);
    await trail.record(entry(clock, '19:a@thread.tacv2', 'unsubscribe', 'all'));
    expect(keysOf(storage)).toEqual([
      `${AUDIT_KEY_PREFIX}2026-12-01/19:a@thread.tacv2`, `${AUDIT_KEY_PREFIX}2026-12-01/a:1;messageid=2`,
      `${AUDIT_KEY_PREFIX}2026-12-02/19:a@thread.tacv2`, `${AUDIT_KEY_PREFIX}index`,
    ]);
  });

  test('days older than the retention are deleted whole on the first record of a later day, and no longer shown', async () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const storage = new MemoryStorage();
    const logger = createMemoryLogger();
    const trail = new StoredAuditTrail(storage, clock, logger, 3);
    await trail.record(entry(clock, 'conv-1', 'subscribe', 'all clusters'));
    await clock.advance(DAY);
    await trail.record(entry(clock, 'conv-1', 'mute', 'all clusters'));
    await clock.advance(2 * DAY); // 2026-12-04: kept are 12-02, 12-03 and 12-04
    expect((await trail.recent('conv-1', 10)).map((e) => e.action)).toEqual(['mute']); // shown no more, even before pruning
    await trail.record(entry(clock, 'conv-1', 'unmute', '#1 all clusters'));
    expect(keysOf(storage)).toEqual([`${AUDIT_KEY_PREFIX}2026-12-02/conv-1`, `${AUDIT_KEY_PREFIX}2026-12-04/conv-1`, `${AUDIT_KEY_PREFIX}index`]);
    expect(logger.lines.find((l) => l.msg === 'audit: pruned days past the retention')?.fields).toMatchObject({ days: 1, retentionDays: 3 });
    const index = (await storage.read([`${AUDIT_KEY_PREFIX}index`]))[`${AUDIT_KEY_PREFIX}index`];
    expect(Object.keys(index.days).sort()).toEqual(['2026-12-02', '2026-12-04']);
  });

  test('every record is also one JSON log line with the same fields', async () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const logger = createMemoryLogger();
    const trail = new StoredAuditTrail(new MemoryStorage(), clock, logger, 90);
    const e = entry(clock, 'conv-1', 'diagnose', 'store-0421 (resource group rg)');
    await trail.record(e);
    expect(logger.lines.filter((l) => l.msg === 'audit').map((l) => l.fields)).toEqual([e]);
  });

  test('a storage failure does not fail the change: the entry is in the log, and the failure is logged', async () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const logger = createMemoryLogger();
    const broken: KeyValueStorage = { read: async () => ({}), write: async () => { throw new Error('disk full'); }, delete: async () => undefined };
    const trail = new StoredAuditTrail(broken, clock, logger, 90);
    await expect(trail.record(entry(clock, 'conv-1', 'mute', 'all clusters'))).resolves.toBeUndefined();
    expect(logger.lines.map((l) => `${l.level} ${l.msg}`)).toEqual(['info audit', 'error audit: storing the entry failed (it is in this log)']);
  });

  test('a conversation\'s day document stops growing at the cap; further entries go to the log only', async () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const logger = createMemoryLogger();
    const trail = new StoredAuditTrail(new MemoryStorage(), clock, logger, 90);
    for (let i = 0; i < MAX_ENTRIES_PER_CONVERSATION_DAY + 2; i++) await trail.record(entry(clock, 'conv-1', 'mute', `cluster s-${i}`));
    expect(await trail.recent('conv-1', 5000)).toHaveLength(MAX_ENTRIES_PER_CONVERSATION_DAY);
    expect(logger.lines.filter((l) => l.msg === 'audit')).toHaveLength(MAX_ENTRIES_PER_CONVERSATION_DAY + 2);
    expect(logger.lines.filter((l) => l.msg.startsWith('audit: day full'))).toHaveLength(2);
  });
});
