import type { ClusterDirectory } from '../../../src/clusters/cluster-directory';
import type { CommandContext } from '../../../src/chat/command';
import type { MessageReply } from '../../../src/chat/reply';
import { ManualClock } from '../../../src/core/clock';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { buildClusterAlertCard } from '../../../src/tell/alert-cards';
import { createAlertRefreshCommand } from '../../../src/tell/alert-refresh-command';
import { clusterAlertMessage } from '../../../src/tell/alert-messages';
import { createMuteCommands } from '../../../src/tell/mute-commands';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import { tellCards, type ClusterAlertModel } from '../../../src/tell/tell-cards';
import { aCluster, MIN, offline } from '../../support/clusters';
import { tellCommandDefaults } from '../../support/config-defaults';

const clock = new ManualClock('2026-11-25T12:00:00Z');
const cluster = offline(aCluster({ name: 'store-0421' }, clock.now()), clock.now(), 20);
const directory: ClusterDirectory = {
  description: 'x',
  listClusters: async () => ({ clusters: [cluster], fetchedAt: clock.now(), source: 'x' }),
  getClustersByName: async (name) => (name === cluster.name ? [cluster] : []),
};
const ctx: CommandContext = { conversation: { id: 'conv-1', type: 'channel' }, user: { id: 'u1', name: 'Ada' }, correlationId: 'c', cardAction: { replacesCard: true } };

describe('the alert card\'s Refresh', () => {
  test('is a button whose answer replaces the alert card', () => {
    const state = { ...cluster, status: 'Offline', heartbeatStale: false, agentSupported: true, statusSince: clock.now().toISOString(), seq: 1 };
    const refresh = buildClusterAlertCard({ kinds: ['offline'], state, cluster, now: clock.now() }).card.actions!.find((a) => a.title === 'Refresh')!;
    expect(refresh).toMatchObject({ type: 'Action.Execute', data: { command: `refresh-alert ${cluster.id}`, inPlace: true } });
  });

  test('redraws the same alert with the facts of now and the mute someone set meanwhile', async () => {
    const stores = createTellStores(new MemoryStorage());
    const deps = { stores, directory, clock, ...tellCommandDefaults() };
    const state = { ...cluster, status: 'Offline', heartbeatStale: false, agentSupported: true, statusSince: clock.now().toISOString(), seq: 1 };
    const message = clusterAlertMessage({ kinds: ['offline'], state, previousStatus: 'Connected', cluster, now: clock.now() });
    await stores.outbox.enqueue([{ key: 'alert-1', conversationId: 'conv-1', action: 'send', message }], clock.now());
    await stores.alertCards.set('conv-1', cluster.id, { activityId: 'card-1', kind: 'offline', sentAt: clock.now().toISOString(), outboxKey: 'alert-1' });
    await clock.advance(30 * MIN);
    const [mute] = createMuteCommands(deps);
    await mute.handle('store-0421 2h', { ...ctx, cardAction: undefined });

    const reply = (await createAlertRefreshCommand(deps).handle(cluster.id, ctx)) as MessageReply;
    expect(reply.view?.card).toBe('cluster-alert');
    const card = JSON.stringify(tellCards.builders['cluster-alert'](reply.view!.model as ClusterAlertModel));
    expect(card).toContain('store-0421 went Offline');
    expect(card).toContain('"title":"Last heartbeat","value":"50 min ago');
    expect(card).toContain('As of 2026-11-25 12:30 UTC');
    expect(card).toContain('🔕 Muted until 14:30 UTC by Ada');
  });

  test('without the stored alert, says how to see the cluster now', async () => {
    const deps = { stores: createTellStores(new MemoryStorage()), directory, clock, ...tellCommandDefaults() };
    expect(((await createAlertRefreshCommand(deps).handle(cluster.id, ctx)) as MessageReply).text).toMatch(/`status store-0421`/);
  });

  test('is not offered in help or as a closest command', async () => {
    const { createCommandRouter } = await import('../../../src/chat/registry');
    const router = createCommandRouter([{ commands: [createAlertRefreshCommand({ stores: createTellStores(new MemoryStorage()), directory, clock, ...tellCommandDefaults() })] }]);
    expect(JSON.stringify(router.help())).not.toContain('refresh-alert');
    expect(((await router.route('refresh-alrt', ctx))[0] as MessageReply).text).not.toContain('refresh-alert');
  });
});
