import { MemoryStorage } from '../../../src/storage/memory-storage';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { AlertDelivery } from '../../../src/tell/delivery';
import { MAY_REPEAT_NOTE, type SendGuard } from '../../../src/tell/delivery-attempt';
import type { ProactiveSender } from '../../../src/chat/proactive-port';
import type { Message } from '../../../src/chat/reply';
import type { NewOutboxItem } from '../../../src/tell/stores/outbox-store';
import { createTellStores, type TellStores } from '../../../src/tell/stores/tell-stores';
import { conversation } from './fake-sender';
import { deliveryDefaults } from '../../support/config-defaults';

/** "Teams", shared by every replica: what reached it, and a send that can be made to hang (a replica dying mid-send). */
class SharedTeams {
  readonly received: { replica: string; text: string; note?: string }[] = [];
  hangNextSendOf: string | undefined;
  senderFor(replica: string): ProactiveSender {
    return {
      send: async (_address, message: Message) => {
        if (this.hangNextSendOf === replica) {
          this.hangNextSendOf = undefined;
          // Teams accepted it, but the replica died before hearing back: the answer never arrives.
          this.received.push({ replica, text: message.text, note: message.note });
          return new Promise(() => {});
        }
        this.received.push({ replica, text: message.text, note: message.note });
        return { activityId: `act-${this.received.length}` };
      },
      update: async () => {},
    };
  }
}

const CLAIM_STALE_MS = 35_000;

function replica(name: string, storage: MemoryStorage, clock: ManualClock, teams: SharedTeams, fence: () => boolean = () => true) {
  const stores = createTellStores(storage);
  const guard: SendGuard = { fence, claimant: name, claimStaleAfterMs: CLAIM_STALE_MS };
  const delivery = new AlertDelivery(stores, teams.senderFor(name), clock, createMemoryLogger(), { ...deliveryDefaults(), guard });
  return { stores, delivery };
}

const item = (conversationId: string, key: string): NewOutboxItem => ({ key, conversationId, action: 'send', message: { text: key } });

async function seed(stores: TellStores, clock: ManualClock, ids: string[], perConversation: number) {
  for (const id of ids) {
    await stores.conversations.upsert(conversation(id), true);
  }
  const items = ids.flatMap((id) => Array.from({ length: perConversation }, (_, i) => item(id, `${id}-alert-${i}`)));
  await stores.outbox.enqueue(items, clock.now());
  return items.map((i) => i.key);
}

async function drainBoth(clock: ManualClock, deliveries: AlertDelivery[], rounds = 40) {
  for (let i = 0; i < rounds; i++) {
    await Promise.all(deliveries.map((d) => d.deliverDue()));
    await clock.advance(1000);
  }
}

describe('outbox claims: exactly once across replicas', () => {
  it('two replicas both believing they lead (fences open) still send every alert exactly once', async () => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const storage = new MemoryStorage();
    const teams = new SharedTeams();
    const a = replica('replica-a', storage, clock, teams);
    const b = replica('replica-b', storage, clock, teams);
    const keys = await seed(a.stores, clock, ['c1', 'c2', 'c3'], 4);
    await drainBoth(clock, [a.delivery, b.delivery]);
    expect(teams.received.map((r) => r.text).sort()).toEqual([...keys].sort());
    expect(await a.stores.outbox.pending()).toEqual([]);
    expect(teams.received.every((r) => r.note === undefined)).toBe(true);
  });

  it('a replica whose fence is closed sends nothing; the leader sends everything', async () => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const storage = new MemoryStorage();
    const teams = new SharedTeams();
    const standby = replica('standby', storage, clock, teams, () => false);
    const leader = replica('leader', storage, clock, teams);
    const keys = await seed(leader.stores, clock, ['c1', 'c2'], 2);
    await drainBoth(clock, [standby.delivery]);
    expect(teams.received).toEqual([]);
    await drainBoth(clock, [leader.delivery]);
    expect(teams.received.map((r) => r.replica)).toEqual(keys.map(() => 'leader'));
  });

  it('after the leader dies mid-send, the new leader waits out the claim, sends that one alert again marked as a possible repeat, and never resends what was recorded as sent', async () => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const storage = new MemoryStorage();
    const teams = new SharedTeams();
    let oldLeaderAlive = true;
    const old = replica('old-leader', storage, clock, teams, () => oldLeaderAlive);
    await seed(old.stores, clock, ['c1'], 3);
    // The first two are sent and recorded; the third is accepted by Teams as the old leader dies.
    await old.delivery.deliverDue();
    await clock.advance(1000);
    await old.delivery.deliverDue();
    await clock.advance(1000);
    teams.hangNextSendOf = 'old-leader';
    void old.delivery.deliverDue();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    oldLeaderAlive = false;
    expect(teams.received.map((r) => r.text)).toEqual(['c1-alert-0', 'c1-alert-1', 'c1-alert-2']);

    const next = replica('new-leader', storage, clock, teams);
    await next.delivery.deliverDue();
    expect(teams.received).toHaveLength(3);
    await clock.advance(CLAIM_STALE_MS);
    await drainBoth(clock, [next.delivery], 5);
    expect(teams.received.slice(3)).toEqual([{ replica: 'new-leader', text: 'c1-alert-2', note: MAY_REPEAT_NOTE }]);
    expect(await next.stores.outbox.pending()).toEqual([]);
    const sent = (await next.stores.outbox.all()).filter((i) => i.state === 'sent');
    expect(sent.map((i) => i.key).sort()).toEqual(['c1-alert-0', 'c1-alert-1', 'c1-alert-2']);
  });
});
