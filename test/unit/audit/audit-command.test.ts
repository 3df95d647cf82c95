import { auditCards, buildAuditTrailCard } from '../../../src/audit/audit-card';
import { AUDIT_MAX_ENTRIES, createAuditCommand } from '../../../src/audit/audit-command';
import { StoredAuditTrail } from '../../../src/audit/stored-audit-trail';
import type { AuditEntry } from '../../../src/chat/audit-port';
import type { CommandContext } from '../../../src/chat/command';
import type { MessageReply } from '../../../src/chat/reply';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { expectGoldenCard } from '../cards/card-checks';

const ctx: CommandContext = { conversation: { id: 'conv-1', type: 'channel' }, user: { id: '29:1', name: 'Ada', aadObjectId: 'aad-ada' }, correlationId: 'c' };

const ENTRIES: AuditEntry[] = [
  { at: '2026-12-02T03:12:00.000Z', conversationId: 'conv-1', aadObjectId: 'aad-ada', userName: 'Ada', action: 'acknowledge', target: 'cluster store-0421 (resource group rg-stores)', via: 'button' },
  { at: '2026-12-02T03:05:00.000Z', conversationId: 'conv-1', aadObjectId: 'aad-bob', userName: 'Bob *admin*', action: 'mute', target: 'clusters named store-*', detail: 'for 2 h, until 2026-12-02 05:05 UTC', via: 'typed' },
  { at: '2026-12-01T17:40:00.000Z', conversationId: 'conv-1', aadObjectId: 'aad-ada', userName: 'Ada', action: 'diagnose', target: 'store-0421 (resource group rg-stores)', via: 'typed' },
];

describe('audit [n]', () => {
  async function setup(count: number) {
    const clock = new ManualClock('2026-12-02T10:00:00Z');
    const trail = new StoredAuditTrail(new MemoryStorage(), clock, createMemoryLogger(), 90);
    for (let i = 0; i < count; i++) {
      await trail.record({ at: new Date(clock.now().getTime() - (count - i) * 60_000).toISOString(), conversationId: 'conv-1', userName: 'Ada', action: 'mute', target: `cluster s-${i}`, via: 'typed' });
    }
    return createAuditCommand({ trail, retentionDays: 90 });
  }
  const modelOf = (r: unknown) => (r as MessageReply).view!.model as { entries: AuditEntry[]; retentionDays: number };

  test('only operators when OPERATOR_IDS is set (the gate reads this flag)', async () => {
    expect((await setup(0)).requiresOperator).toBe(true);
  });

  test('shows the last 10 by default, newest first; n up to 50', async () => {
    const audit = await setup(60);
    const reply = await audit.handle('', ctx);
    expect((reply as MessageReply).view!.card).toBe('audit-trail');
    expect(modelOf(reply).entries.map((e) => e.target)).toEqual(Array.from({ length: 10 }, (_, i) => `cluster s-${59 - i}`));
    expect(modelOf(await audit.handle('3', ctx)).entries).toHaveLength(3);
    expect(modelOf(await audit.handle('500', ctx)).entries).toHaveLength(AUDIT_MAX_ENTRIES);
    expect(modelOf(await audit.handle('0', ctx)).entries).toHaveLength(1);
  });

  test('anything but a number gets the usage in one line, nothing echoed', async () => {
    const reply = (await (await setup(1)).handle('everything please', ctx)) as MessageReply;
    expect(reply.text).toBe('Usage: audit [n, up to 50], e.g. `audit 25`.');
  });

  test('an empty trail says so', async () => {
    expect((await (await setup(0)).handle('', ctx) as MessageReply).text).toMatch(/^🧾 Audit trail: nothing recorded here/);
  });
});

describe('the audit trail card', () => {
  test('golden: who, when, what and target, button or typed; names are data, not markdown', () => {
    const { card, text } = buildAuditTrailCard({ entries: ENTRIES, retentionDays: 90 });
    expect(text.split('\n')).toEqual([
      '🧾 Audit trail: the last 3 entries here',
      '2026-12-02 03:12 UTC · Ada · acknowledge cluster store-0421 (resource group rg-stores) · card button',
      '2026-12-02 03:05 UTC · Bob *admin* · mute clusters named store-* · for 2 h, until 2026-12-02 05:05 UTC',
      '2026-12-01 17:40 UTC · Ada · diagnose store-0421 (resource group rg-stores)',
    ]);
    expect(JSON.stringify(card)).toContain('Bob \\\\*admin\\\\*');
    expectGoldenCard('audit-trail-card', card);
    expect(auditCards.builders['audit-trail']({ entries: ENTRIES, retentionDays: 90 })).toEqual(card);
  });
});
