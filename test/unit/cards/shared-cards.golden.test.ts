import { helpCard } from '../../../src/cards/help-card';
import { chooseClusterCard, notFoundCard } from '../../../src/cards/message-cards';
import { aCluster } from '../../support/clusters';
import { expectGoldenCard } from './card-checks';

/** Golden JSON of the shared cards (UPDATE_GOLDEN=1 rewrites test/fixtures/golden/*.json). */
describe('shared cards, golden', () => {
  test('help: the intro, one entry per command with its first example, who may change alerts, and the two quick buttons', () => {
    const card = helpCard(
      [
        { usage: 'status [cluster]', description: 'Fleet summary, or one cluster in detail.', examples: ['status store-0421', 'status'] },
        { usage: 'diagnose <cluster>', description: 'A guided connectivity check.', examples: ['diagnose store-0421'] },
      ],
      'I did not understand "stauts".',
      'Only operators (2, OPERATOR_IDS) can use subscribe, unsubscribe, mute, unmute, acknowledge, audit; everyone here can use the rest.',
    );
    expectGoldenCard('help-card', card);
  });

  test('which one?: a name found in two resource groups, one button per resource id', () => {
    const here = aCluster({ name: 'edge-gw', resourceGroup: 'rg-edge-prod' });
    const there = aCluster({ name: 'edge-gw', resourceGroup: 'rg-lab', subscriptionId: '22222222-3333-4444-5555-666666666666', status: 'Offline' });
    expectGoldenCard('choose-cluster-card', chooseClusterCard('edge-gw', [here, there], 'status'));
  });

  test('not found, with "did you mean" buttons', () => {
    expectGoldenCard('cluster-not-found-card', notFoundCard('stor-0421', ['store-0421', 'store-0422'], 'diagnose'));
  });

  test('not found, nothing close: points to `clusters`', () => {
    expectGoldenCard('cluster-not-found-no-suggestions-card', notFoundCard('zzz', [], 'status'));
  });
});
