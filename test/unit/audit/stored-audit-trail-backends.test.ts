import { storageBackends } from '../../support/storage-backends';
import type { KeyValueStorage } from '../../../src/storage/key-value-storage';
import { AUDIT_KEY_PREFIX, StoredAuditTrail } from '../../../src/audit/stored-audit-trail';
import type { AuditEntry } from '../../../src/chat/audit-port';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';

const DAY = 86_400_000;
/** Teams conversation ids hold ':' '@' ';' (a key the blob backend percent-encodes). */
const CHANNEL = '19:abc@thread.tacv2;messageid=1700000000000';

const BACKENDS = storageBackends('audit');

function entry(at: Date, action: AuditEntry['action'], target: string): AuditEntry {
  return { at: at.toISOString(), conversationId: CHANNEL, aadObjectId: 'aad-ada', userName: 'Ada', action, target, via: 'typed' };
}

/** The audit trail on each storage production can use: the same records, the same pruning, no lost write between replicas. */
describe.each(BACKENDS)('StoredAuditTrail on %s', (_name, make) => {
  it('records, reads newest first, and deletes days past the retention', async () => {
    const storage = await make();
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const trail = new StoredAuditTrail(storage, clock, createMemoryLogger(), 2);
    await trail.record(entry(clock.now(), 'subscribe', 'all clusters'));
    await clock.advance(DAY);
    await trail.record(entry(clock.now(), 'mute', 'cluster store-0421'));
    expect((await trail.recent(CHANNEL, 10)).map((e) => e.action)).toEqual(['mute', 'subscribe']);
    await clock.advance(DAY);
    await trail.record(entry(clock.now(), 'unmute', '#1 cluster store-0421'));
    expect((await trail.recent(CHANNEL, 10)).map((e) => e.action)).toEqual(['unmute', 'mute']);
    const oldDay = `${AUDIT_KEY_PREFIX}2026-12-01/${CHANNEL}`;
    expect(await storage.read([oldDay])).toEqual({});
  });

  it('another replica writing the same day document between our read and our write: both entries land (the backend\'s eTag check)', async () => {
    const shared = await make();
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const dayKey = `${AUDIT_KEY_PREFIX}2026-12-01/${CHANNEL}`;
    const otherReplica = new StoredAuditTrail(shared, clock, createMemoryLogger(), 90);
    await otherReplica.record(entry(clock.now(), 'subscribe', 'all clusters'));
    let raced = false;
    const racing: KeyValueStorage = {
      read: (keys) => shared.read(keys),
      delete: (keys) => shared.delete(keys),
      write: async (changes) => {
        if (!raced && changes[dayKey]) {
          raced = true;
          // Written straight to the backend, as another process would: our write now carries a stale eTag.
          const current = (await shared.read([dayKey]))[dayKey];
          await shared.write({ [dayKey]: { entries: [...current.entries, entry(clock.now(), 'unmute', '#1 all clusters')], eTag: current.eTag } });
        }
        return shared.write(changes);
      },
    };
    await new StoredAuditTrail(racing, clock, createMemoryLogger(), 90).record(entry(clock.now(), 'mute', 'all clusters'));
    expect(raced).toBe(true);
    expect((await otherReplica.recent(CHANNEL, 10)).map((e) => e.action)).toEqual(['mute', 'unmute', 'subscribe']);
  });
});
