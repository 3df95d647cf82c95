import type { AuditEntry, AuditTrail } from '../../../src/chat/audit-port';
import type { ClusterDirectory } from '../../../src/clusters/cluster-directory';
import type { Cluster } from '../../../src/clusters/cluster';
import type { CommandContext } from '../../../src/chat/command';
import type { MessageReply, Reply } from '../../../src/chat/reply';
import { ManualClock } from '../../../src/core/clock';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { createAcknowledgeCommand } from '../../../src/tell/acknowledge-command';
import { clusterAlertMessage } from '../../../src/tell/alert-messages';
import { createMuteCommands } from '../../../src/tell/mute-commands';
import { createTellStores, type TellStores } from '../../../src/tell/stores/tell-stores';
import { aCluster, MIN, offline } from '../../support/clusters';
import { cardOf } from '../../support/cards';
import { tellCommandDefaults } from '../../support/config-defaults';

let clock = new ManualClock('2026-11-25T12:00:00Z');
let fleet: Cluster[];
const directory: ClusterDirectory = {
  description: 'x',
  listClusters: async () => ({ clusters: fleet, fetchedAt: clock.now(), source: 'x' }),
  getClustersByName: async (name) => fleet.filter((c) => c.name.toLowerCase() === name.toLowerCase()),
};
const ada: CommandContext = { conversation: { id: 'conv-1', type: 'channel' }, user: { id: '29:ada', name: 'Ada', aadObjectId: 'aad-ada' }, correlationId: 'c', cardAction: { replacesCard: true } };
const bob: CommandContext = { ...ada, user: { id: '29:bob', name: 'Bob', aadObjectId: 'aad-bob' } };
const typed = (ctx: CommandContext): CommandContext => ({ ...ctx, cardAction: undefined });
const textOf = (r: Reply | Reply[]) => (r as MessageReply).text;

function setup(storage = new MemoryStorage()) {
  const stores = createTellStores(storage);
  const recorded: AuditEntry[] = [];
  const audit: AuditTrail = { record: async (e) => { recorded.push(e); }, recent: async () => [] };
  const deps = { stores, directory, clock, ...tellCommandDefaults(), audit };
  return { storage, stores, recorded, acknowledge: createAcknowledgeCommand(deps), mute: createMuteCommands(deps)[0] };
}

/** What the monitor and delivery leave behind for a posted Offline alert: its message in the outbox and its open card. */
async function postedAlert(stores: TellStores, cluster: Cluster, conversationId = 'conv-1', key = `alert-${cluster.name}`) {
  const state = { ...cluster, status: 'Offline', heartbeatStale: false, agentSupported: true, statusSince: clock.now().toISOString(), seq: 1 };
  const message = clusterAlertMessage({ kinds: ['offline'], state, previousStatus: 'Connected', cluster, now: clock.now() });
  await stores.outbox.enqueue([{ key, conversationId, action: 'send', message }], clock.now());
  await stores.alertCards.set(conversationId, cluster.id, { activityId: `card-${cluster.name}`, kind: 'offline', sentAt: clock.now().toISOString(), outboxKey: key });
}

beforeEach(() => {
  clock = new ManualClock('2026-11-25T12:00:00Z');
  fleet = [offline(aCluster({ name: 'store-0421' }, clock.now()), clock.now(), 20)];
});

describe('acknowledge (the alert card\'s Acknowledge button and `acknowledge <cluster>`)', () => {
  test('only operators when OPERATOR_IDS is set (the gate reads this flag)', () => {
    expect(setup().acknowledge.requiresOperator).toBe(true);
  });

  test('clicked: the same card says "Acknowledged by Ada at 12:30 UTC" for everyone, without the button; stored, and audited', async () => {
    const { stores, acknowledge, recorded } = setup();
    await postedAlert(stores, fleet[0]);
    await clock.advance(30 * MIN);
    const reply = (await acknowledge.handle(fleet[0].id, ada)) as MessageReply;
    expect((await stores.outbox.pending()).filter((i) => i.action === 'update')).toEqual([]); // the edge replaces the clicked card itself
    const card = cardOf(reply)!;
    expect(JSON.stringify(card)).toContain('✋ Acknowledged by Ada at 12:30 UTC');
    expect(card.actions!.map((a) => a.title)).toEqual(['Refresh', 'Diagnose', 'Mute 1h', 'Open in portal']);
    expect(reply.text).toContain('Acknowledged by Ada at 12:30 UTC.');
    expect((await stores.alertCards.get('conv-1', fleet[0].id))?.acknowledged).toEqual({ by: 'Ada', aadObjectId: 'aad-ada', at: '2026-11-25T12:30:00.000Z' });
    expect(recorded).toEqual([{
      at: '2026-11-25T12:30:00.000Z', conversationId: 'conv-1', aadObjectId: 'aad-ada', userName: 'Ada', action: 'acknowledge',
      target: 'cluster store-0421 (resource group rg-edge-prod)', via: 'button',
    }]);
  });

  test('a second click (anyone) answers in one line who has it, and changes nothing', async () => {
    const { stores, acknowledge, recorded } = setup();
    await postedAlert(stores, fleet[0]);
    await acknowledge.handle(fleet[0].id, ada);
    await clock.advance(5 * MIN);
    expect(textOf(await acknowledge.handle(fleet[0].id, bob))).toMatch(/^✋ store-0421: already acknowledged by Ada at \d\d:\d\d UTC\.$/);
    expect((await stores.alertCards.get('conv-1', fleet[0].id))?.acknowledged?.by).toBe('Ada');
    expect(recorded).toHaveLength(1);
  });

  test('an alert that already recovered (its card closed) answers in one line', async () => {
    const { stores, acknowledge, recorded } = setup();
    await postedAlert(stores, fleet[0]);
    await stores.alertCards.delete('conv-1', fleet[0].id); // what delivering the recovery does
    fleet = [aCluster({ name: 'store-0421' }, clock.now())];
    expect(textOf(await acknowledge.handle(fleet[0].id, ada))).toBe('✅ store-0421 has already recovered (Connected): there is nothing to acknowledge.');
    expect(textOf(await acknowledge.handle('lab-9', typed(ada)))).toBe('There is no open alert for lab-9 in this conversation: nothing to acknowledge.');
    expect(recorded).toEqual([]);
  });

  test('kept in storage: another process (a new leader) sees it, and a reminder card for the cluster keeps it', async () => {
    const first = setup();
    await postedAlert(first.stores, fleet[0]);
    await first.acknowledge.handle(fleet[0].id, ada);
    const second = setup(first.storage); // same storage, new stores: nothing shared in memory
    expect((await second.stores.alertCards.list()).map((c) => c.acknowledged?.by)).toEqual(['Ada']);
    await second.stores.alertCards.set('conv-1', fleet[0].id, { activityId: 'reminder-1', kind: 'expiring', sentAt: clock.now().toISOString(), outboxKey: 'alert-2' });
    expect(await second.stores.alertCards.get('conv-1', fleet[0].id)).toMatchObject({ activityId: 'reminder-1', acknowledged: { by: 'Ada' } });
  });

  test('typed by name: one line, and the alert delivery edits the open card (which stays open) to say it', async () => {
    const { stores, acknowledge } = setup();
    await postedAlert(stores, fleet[0]);
    expect(textOf(await acknowledge.handle('STORE-0421', typed(ada)))).toBe(
      '✋ store-0421: acknowledged by Ada at 12:00 UTC. The alert card will say so in a moment, and so will its reminders and its recovery.');
    expect((await stores.alertCards.get('conv-1', fleet[0].id))?.acknowledged?.by).toBe('Ada');
    const [redraw] = (await stores.outbox.pending()).filter((i) => i.action === 'update');
    expect(redraw).toMatchObject({ conversationId: 'conv-1', updateAlertFor: { clusterId: fleet[0].id.toLowerCase(), keepOpen: true } });
    expect(JSON.stringify(cardOf(await stores.outbox.message(redraw.key)))).toContain('✋ Acknowledged by Ada at 12:00 UTC');
  });

  test('typed, a name with open alerts in two resource groups asks for the button instead of guessing', async () => {
    const { stores, acknowledge } = setup();
    const twin = offline(aCluster({ name: 'store-0421', resourceGroup: 'rg-lab' }, clock.now()), clock.now(), 20);
    fleet.push(twin);
    await postedAlert(stores, fleet[0]);
    await postedAlert(stores, twin, 'conv-1', 'alert-twin');
    expect(textOf(await acknowledge.handle('store-0421', typed(ada)))).toBe('2 open alerts here are for clusters named store-0421 (resource groups rg-edge-prod, rg-lab): use the Acknowledge button on the card you take.');
    expect((await stores.alertCards.list()).filter((c) => c.acknowledged)).toEqual([]);
  });

  test('the redrawn card keeps a mute set from it, and a later Mute 1h keeps the acknowledgement', async () => {
    const { stores, acknowledge, mute } = setup();
    await postedAlert(stores, fleet[0]);
    await mute.handle(`${fleet[0].id} 1h`, ada);
    const acked = JSON.stringify(cardOf((await acknowledge.handle(fleet[0].id, bob)) as MessageReply));
    expect(acked).toContain('✋ Acknowledged by Bob at 12:00 UTC');
    expect(acked).toContain('🔕 Muted until 13:00 UTC by Ada');
    const remuted = JSON.stringify(cardOf((await mute.handle(`${fleet[0].id} 1h`, ada)) as MessageReply));
    expect(remuted).toContain('✋ Acknowledged by Bob at 12:00 UTC');
  });

  test('anything but one cluster gets the usage', async () => {
    expect(textOf(await setup().acknowledge.handle('', typed(ada)))).toMatch(/^Usage: acknowledge <cluster>/);
    expect(textOf(await setup().acknowledge.handle('store-0421 please, I am on it', typed(ada)))).toMatch(/^Usage: acknowledge <cluster>/);
  });
});
