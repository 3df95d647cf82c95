import { cardOf } from '../../support/cards';
import { createDiagnoseCommand } from '../../../src/fix/diagnose-command';
import type { MessageReply, Reply } from '../../../src/chat/reply';
import { fromClusterFacts, type ClusterFacts } from '../../../src/clusters/cluster-facts';
import { aCluster, lookupOver, offline, TEST_NOW as NOW } from '../../support/clusters';
import { CTX } from './channel-context';

const STORE = offline(aCluster(), NOW, 180);
const TWIN_A = offline(aCluster({ name: 'edge-01', resourceGroup: 'rg-a' }), NOW, 180);
const TWIN_B = offline(aCluster({ name: 'edge-01', resourceGroup: 'rg-b' }), NOW, 180);
const AGENTLESS = aCluster({ name: 'eks-prod', status: 'AgentNotInstalled' });
const FLEET = [STORE, offline(aCluster({ name: 'store-0422' }), NOW, 180), TWIN_A, TWIN_B, AGENTLESS];

function message(reply: Reply | Reply[]): MessageReply {
  const r = Array.isArray(reply) ? reply[0] : reply;
  expect(r.kind).toBe('message');
  return r as MessageReply;
}

describe('diagnose command', () => {
  const command = createDiagnoseCommand({ lookup: lookupOver(FLEET) });

  test('a known cluster starts the diagnose dialog with a JSON snapshot of it', async () => {
    const reply = (await command.handle('Store-0421', CTX)) as Reply;
    expect(reply).toMatchObject({ kind: 'startDialog', dialogId: 'diagnose', options: { clusterId: STORE.id } });
    const facts = (reply as unknown as { options: { cluster: ClusterFacts } }).options.cluster;
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
    expect(fromClusterFacts(facts)).toEqual(STORE);
  });

  test('an unknown cluster gets suggestions and no dialog', async () => {
    const r = message(await command.handle('store-421', CTX));
    expect(r.text).toBe('I could not find a cluster named "store-421". Did you mean: store-0421, store-0422?');
    expect(JSON.stringify(cardOf(r))).toContain('"command":"diagnose store-0421"');
  });

  test('a name in several resource groups asks which, with one button per resource id', async () => {
    const r = message(await command.handle('edge-01', CTX));
    expect(r.text).toMatch(/exists in several places/);
    expect(JSON.stringify(cardOf(r))).toContain(`"command":"diagnose ${TWIN_B.id}"`);
    const chosen = (await command.handle(TWIN_B.id, CTX)) as Reply;
    expect(chosen).toMatchObject({ kind: 'startDialog', options: { clusterId: TWIN_B.id } });
  });

  test('agentless clusters have nothing to diagnose; bad or empty names are explained', async () => {
    expect(message(await command.handle('eks-prod', CTX)).text).toMatch(/AgentNotInstalled: it has no Arc agents by design/);
    expect(message(await command.handle('', CTX)).text).toMatch(/Usage: `diagnose <cluster>`/);
    expect(message(await command.handle('bad name!', CTX)).text).toMatch(/is not a valid cluster name/);
  });
});
