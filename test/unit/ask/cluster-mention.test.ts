import { createAsk } from '../../../src/ask/ask-feature';
import type { AskDeps } from '../../../src/ask/ask-deps';
import type { Cluster } from '../../../src/clusters/cluster';
import type { ClusterDirectory } from '../../../src/clusters/cluster-directory';
import { ClusterFinder } from '../../../src/clusters/cluster-finder';
import type { CommandContext } from '../../../src/chat/command';
import { createCommandRouter } from '../../../src/chat/registry';
import type { MessageReply } from '../../../src/chat/reply';
import { ManualClock } from '../../../src/core/clock';
import { cardOf } from '../../support/cards';
import { aCluster, offline, TEST_NOW } from '../../support/clusters';

const ctx: CommandContext = { conversation: { id: 'c', type: 'personal' }, user: { id: 'u' }, correlationId: 'corr' };

function routerOver(clusters: Cluster[], broken = false) {
  const directory: ClusterDirectory = {
    description: 'test fleet',
    listClusters: async () => {
      if (broken) throw new Error('fleet unreadable');
      return { clusters, fetchedAt: TEST_NOW, source: 'demo' };
    },
    getClustersByName: async (name) => clusters.filter((c) => c.name.toLowerCase() === name.toLowerCase()),
  };
  const deps: AskDeps = { directory, finder: new ClusterFinder(directory, 0), clock: new ManualClock(TEST_NOW), fleetMaxAgeMs: 0, portalHost: 'https://portal.azure.com', pageSize: 20 };
  return createCommandRouter([createAsk(deps)]);
}

const fleet = [offline(aCluster({ name: 'store-0421' })), aCluster({ name: 'store-0101' })];

async function only(router: ReturnType<typeof routerOver>, text: string): Promise<MessageReply> {
  const replies = await router.route(text, ctx);
  expect(replies).toHaveLength(1);
  return replies[0] as MessageReply;
}

describe('forgiving input: a cluster named without a command', () => {
  test('a message that is just a cluster name answers its status card', async () => {
    const reply = await only(routerOver(fleet), 'store-0421');
    expect(reply.view?.card).toBe('status');
    expect(reply.text).toMatch(/^store-0421: Offline/);
    expect((await only(routerOver(fleet), 'STORE-0421')).view?.card).toBe('status');
  });

  test('a sentence naming a known cluster answers its status, with a Diagnose button', async () => {
    const reply = await only(routerOver(fleet), 'why is store-0421 down?');
    expect(reply.text).toMatch(/^store-0421: Offline/);
    const buttons = cardOf(reply).actions!.map((a) => a.title);
    expect(buttons).toContain('Diagnose');
  });

  test('anything else gets the one-line answer, also when the fleet cannot be read', async () => {
    expect((await only(routerOver(fleet), 'why is store-9999 down?')).text).toMatch(/^I don't know "why"\. Closest commands: /);
    expect((await only(routerOver(fleet, true), 'store-0421')).text).toMatch(/^I don't know "store-0421"\./);
  });
});
