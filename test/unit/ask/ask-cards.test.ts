import { cardOf } from '../../support/cards';
import { createAsk } from '../../../src/ask/ask-feature';
import { cardSizeBytes, CARD_SIZE_LIMIT_BYTES, type AdaptiveCard } from '../../../src/cards/adaptive-card';
import { statusCard } from '../../../src/ask/status-card';
import type { Cluster } from '../../../src/clusters/cluster';
import type { ClusterDirectory, FleetSnapshot } from '../../../src/clusters/cluster-directory';
import { ClusterFinder } from '../../../src/clusters/cluster-finder';
import { assessHealth } from '../../../src/clusters/connectivity';
import type { AskDeps } from '../../../src/ask/ask-deps';
import type { CommandContext } from '../../../src/chat/command';
import { createCommandRouter } from '../../../src/chat/registry';
import type { MessageReply } from '../../../src/chat/reply';
import { ManualClock } from '../../../src/core/clock';
import { aCluster, DAY, MIN, offline } from '../../support/clusters';
import { elementsOfType, expectTeamsSafeCard } from '../cards/card-checks';
import { expectGolden } from '../../support/golden';

const NOW = '2026-11-01T12:00:00.000Z';
const now = new Date(NOW);
const ago = (ms: number) => new Date(now.getTime() - ms);
const ahead = (ms: number) => new Date(now.getTime() + ms);
const ctx: CommandContext = { conversation: { id: 'c', type: 'personal' }, user: { id: 'u' }, correlationId: 'corr' };

class FixedDirectory implements ClusterDirectory {
  readonly description = 'demo fleet (test)';
  constructor(private readonly clusters: Cluster[]) {}
  async listClusters(): Promise<FleetSnapshot> {
    return { clusters: this.clusters, fetchedAt: now, source: 'demo' };
  }
  async getClustersByName(name: string): Promise<Cluster[]> {
    return this.clusters.filter((c) => c.name.toLowerCase() === name.toLowerCase());
  }
}

function routerOver(clusters: Cluster[], pageSize = 20) {
  const directory = new FixedDirectory(clusters);
  const deps: AskDeps = {
    directory,
    finder: new ClusterFinder(directory, 0),
    clock: new ManualClock(NOW),
    fleetMaxAgeMs: 0,
    portalHost: 'https://portal.azure.com',
    pageSize,
  };
  return createCommandRouter([createAsk(deps)]);
}

async function ask(router: ReturnType<typeof routerOver>, text: string): Promise<MessageReply & { card: AdaptiveCard }> {
  const replies = await router.route(text, ctx);
  expect(replies).toHaveLength(1);
  const { view: _view, ...reply } = replies[0] as MessageReply;
  // The card as the channel edge renders it, so golden files hold what Teams receives.
  return { ...reply, card: cardOf(replies[0] as MessageReply) };
}

/** A small fleet with one cluster in every interesting state, as of 2026-11-01T12:00Z. */
const fleet: Cluster[] = [
  aCluster({ name: 'store-0421',
    status: 'Offline',
    lastConnectivityTime: ago(41 * MIN),
    certificateExpiresAt: ahead(38 * DAY + 7 * 3600_000),
    agentVersion: '1.35.3',
    tags: { env: 'prod', site: 'store-0421', owner: 'platform-team' },
  }, now),
  aCluster({ name: 'store-0519', status: 'Expired', lastConnectivityTime: ago(95 * DAY), certificateExpiresAt: ago(4 * DAY) }, now),
  aCluster({ name: 'store-0610', lastConnectivityTime: ago(22 * MIN) }, now),
  aCluster({ name: 'store-0733', status: 'Offline', lastConnectivityTime: ago(40 * DAY), certificateExpiresAt: ahead(3 * DAY) }, now),
  aCluster({ name: 'store-0101' }, now),
  aCluster({ name: 'store-0124', agentVersion: '1.34.2' }, now),
  aCluster({ name: 'store-0147', tags: {} }, now),
  aCluster({ name: 'edge-gw', resourceGroup: 'rg-edge-prod' }, now),
  aCluster({ name: 'edge-gw', resourceGroup: 'rg-lab', status: 'Offline', lastConnectivityTime: ago(5 * 3600_000) }, now),
  aCluster({ name: 'lab-k3s-01', resourceGroup: 'rg-lab', agentVersion: '1.29.0', location: 'eastus', privateLinkEnabled: true }, now),
  aCluster({ name: 'factory-pune-01', status: 'Connecting', lastConnectivityTime: undefined, certificateExpiresAt: undefined, agentVersion: undefined, nodeCount: undefined, coreCount: undefined, kubernetesVersion: undefined }, now),
  aCluster({ name: 'aws-agentless-eks', status: 'AgentNotInstalled', lastConnectivityTime: undefined, certificateExpiresAt: undefined, agentVersion: undefined, distribution: 'eks', infrastructure: 'aws' }, now),
];

describe('golden cards (UPDATE_GOLDEN=1 regenerates test/fixtures/golden/*.json)', () => {
  test('status <cluster>: the Offline store with a certificate at risk', async () => {
    const reply = await ask(routerOver(fleet), 'status store-0421');
    expectTeamsSafeCard(reply.card);
    expectGolden('status-card', reply);
  });

  test('status alone: the fleet summary', async () => {
    const reply = await ask(routerOver(fleet), 'status');
    expectTeamsSafeCard(reply.card);
    expectGolden('summary-card', reply);
  });

  test('clusters: one page of a filtered list with Previous and Next', async () => {
    const reply = await ask(routerOver(fleet, 3), 'clusters store-* page 2');
    expectTeamsSafeCard(reply.card);
    expectGolden('list-card', reply);
  });
});

describe('what the cards say', () => {
  test('the status card shows status, heartbeat age, certificate, agent window, facts, and Refresh/Diagnose/portal', async () => {
    const reply = await ask(routerOver(fleet), 'status store-0421');
    const facts = Object.fromEntries(elementsOfType(reply.card, 'FactSet').flatMap((f) => (f.facts as { title: string; value: string }[]).map((x) => [x.title, x.value])));
    expect(facts).toMatchObject({
      'Last heartbeat': '41 min ago (2026-11-01 11:19 UTC)',
      Certificate: '38 days left (2026-12-09 19:00 UTC) ⚠️ at risk of Expired',
      Agent: '1.35.3 (supported; latest 1.36.1)',
      Kubernetes: '1.32.6',
      Distribution: 'k3s on generic',
      'Nodes / cores': '3 / 24',
      Region: 'westeurope',
      'Resource group': 'rg-edge-prod',
      Subscription: '11111111-2222-3333-4444-555555555555',
      'Private link': 'Disabled',
      Tags: 'env=prod, site=store-0421, owner=platform-team',
    });
    const titles = reply.card.actions!.map((a) => a.title);
    expect(titles).toEqual(['Refresh', 'Diagnose', 'Open in Azure portal']);
    const [refresh, diagnose, portal] = reply.card.actions!;
    expect(refresh.data).toEqual({ command: `status ${fleet[0].id}`, inPlace: true });
    expect(refresh.type).toBe('Action.Execute');
    expect(diagnose.data).toEqual({ command: `diagnose ${fleet[0].id}` });
    expect(portal.url).toBe(`https://portal.azure.com/#@aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resource${fleet[0].id}/overview`);
    expect(elementsOfType(reply.card, 'TextBlock')[0]).toMatchObject({ color: 'attention', text: '🔴 **store-0421** is **Offline**' });
  });

  test('urgent first: an Offline cluster whose certificate expires in 3 days leads with the expiry (absolute and relative), what happens then, and what to do now', async () => {
    const soon = aCluster({ name: 'store-9', status: 'Offline', lastConnectivityTime: ago(2 * 60 * MIN), certificateExpiresAt: ahead(3 * DAY + 2 * 60 * MIN) }, now);
    const reply = await ask(routerOver([soon]), 'status store-9');
    const [title, lead] = reply.card.body;
    expect(title.text).toBe('🔴 **store-9** is **Offline**');
    expect(lead).toMatchObject({ type: 'Container', style: 'attention' });
    expect((lead.items as { text: string }[]).map((i) => i.text)).toEqual([
      '⏳ Certificate expires 2026-11-04 14:00 UTC (in 3 d 2 h)',
      'At expiry the cluster becomes Expired: then the only fix is to delete its Azure Arc resource and onboard it again, re-creating its extensions and configurations.',
      '**Do now: restore connectivity before 2026-11-04 14:00 UTC. The certificate renews by itself once the cluster connects.**',
    ]);
    expect(reply.text.split('\n').slice(1, 4)).toEqual(['⏳ Certificate expires 2026-11-04 14:00 UTC (in 3 d 2 h)', expect.stringMatching(/^At expiry/), expect.stringMatching(/^Do now: restore connectivity before 2026-11-04 14:00 UTC/)]);
    // A Connected cluster with the same certificate renews it by itself: no alarm.
    const connected = aCluster({ name: 'store-9', status: 'Connected', lastConnectivityTime: ago(MIN), certificateExpiresAt: ahead(3 * DAY) }, now);
    expect(JSON.stringify((await ask(routerOver([connected]), 'status store-9')).card)).not.toContain('Do now');
  });

  test('the text fallback carries the same facts for channels without cards', async () => {
    const reply = await ask(routerOver(fleet), 'status store-0421');
    expect(reply.text.split('\n')).toEqual(
      expect.arrayContaining(['store-0421: Offline (at risk of Expired (certificate 38 days left))', 'Last heartbeat: 41 min ago (2026-11-01 11:19 UTC)', 'Private link: Disabled', 'As of 2026-11-01 12:00 UTC (just now)']),
    );
    expect(reply.card.fallbackText).toBe(reply.text);
  });

  test('an out-of-support agent and private link are shown on the status card', async () => {
    const reply = await ask(routerOver(fleet), 'status lab-k3s-01');
    const text = JSON.stringify(reply.card);
    expect(text).toContain('1.29.0 ⚠️ out of support (latest 1.36.1, N-2 window)');
    expect(text).toContain('"value":"Enabled"');
  });

  test('a stale Connected cluster is flagged on its card', async () => {
    const reply = await ask(routerOver(fleet), 'status store-0610');
    expect(elementsOfType(reply.card, 'TextBlock')[1]).toMatchObject({ text: '⚠️ heartbeat stale', color: 'warning' });
  });

  test('the summary lists Expired first, then Offline longest, then the soonest expiry', async () => {
    const reply = await ask(routerOver(fleet), 'summary');
    const lines = reply.text.split('\n');
    expect(lines[0]).toBe('Fleet: 12 clusters (Connected 6, Offline 3, Expired 1, Connecting 1, AgentNotInstalled 1)');
    const attention = lines.slice(2).map((l) => l.split(' · ')[0].replace(/^\S+ /, ''));
    expect(attention.slice(0, 4)).toEqual(['store-0519', 'store-0733', 'edge-gw', 'store-0421']);
  });

  test('the list card pages: "Showing 4-6 of 7", Previous and Next carry the same filter', async () => {
    const reply = await ask(routerOver(fleet, 3), 'clusters store-* page 2');
    expect(JSON.stringify(reply.card)).toContain('Showing 4-6 of 7');
    expect(reply.card.actions!.map((a) => a.data)).toEqual([{ command: 'clusters store-* page 1', inPlace: true }, { command: 'clusters store-* page 3', inPlace: true }]);
  });

  test('every list row opens the status of exactly that cluster (resource id, so duplicates are unambiguous)', async () => {
    const reply = await ask(routerOver(fleet), 'clusters');
    const rows = elementsOfType(reply.card, 'ColumnSet');
    expect(rows).toHaveLength(fleet.length);
    const commands = rows.map((r) => (r.selectAction as { data: { command: string } }).data.command);
    for (const c of fleet) expect(commands).toContain(`status ${c.id}`);
  });

  test('no matches: a readable "No clusters match."', async () => {
    const reply = await ask(routerOver(fleet), 'clusters expired in brazilsouth');
    expect(reply.text).toBe('Expired clusters in brazilsouth: no clusters match.');
    expectTeamsSafeCard(reply.card);
  });

  test('not-found, ambiguous and help cards follow the same rules', async () => {
    const router = routerOver(fleet);
    const notFound = await ask(router, 'status stor-0421');
    expectTeamsSafeCard(notFound.card);
    expect(notFound.card.actions!.map((a) => a.data)).toContainEqual({ command: 'status store-0421' });
    const ambiguous = await ask(router, 'status edge-gw');
    expectTeamsSafeCard(ambiguous.card);
    expect(elementsOfType(ambiguous.card, 'ColumnSet').map((row) => (row.selectAction as { data: unknown }).data)).toEqual(
      fleet.filter((c) => c.name === 'edge-gw').map((c) => ({ command: `status ${c.id}` })),
    );
    // the text fallback is usable on its own: suggestions, and the resource ids to choose from
    expect(notFound.text).toBe('I could not find a cluster named "stor-0421". Did you mean: store-0421?');
    expect(ambiguous.text.split('\n')).toEqual([
      '"edge-gw" exists in several places; type `status <resource id>`:',
      ...fleet.filter((c) => c.name === 'edge-gw').map((c) => c.id),
    ]);
    expectTeamsSafeCard((await ask(router, 'help')).card);
  });
});

describe('worst cases stay under 28 KB', () => {
  const longName = (prefix: string, i: number) => `${prefix}-${String(i).padStart(3, '0')}-`.padEnd(63, 'x');
  const longRg = (i: number) => `rg-${i}-`.padEnd(90, 'r');

  test('a cluster with 50 tags at Azure\'s maximum lengths (512-char names, 256-char values), every flag raised', () => {
    const tags: Record<string, string> = {};
    for (let i = 0; i < 50; i++) tags[`tag-${String(i).padStart(2, '0')}-`.padEnd(512, 'k')] = `v${i}-`.padEnd(256, 'v');
    const c = aCluster({ name: longName('store', 1),
      resourceGroup: longRg(1),
      status: 'Offline',
      lastConnectivityTime: ago(3 * DAY),
      certificateExpiresAt: ahead(9 * DAY),
      agentVersion: '1.20.0',
      distribution: 'd'.repeat(200),
      distributionVersion: 'v'.repeat(200),
      infrastructure: 'i'.repeat(200),
      tags,
    }, now);
    const card = statusCard({ cluster: c, health: assessHealth(c, now), portalHost: 'https://portal.azure.com' });
    expectTeamsSafeCard(card);
    expect(JSON.stringify(card)).toContain('tag-00-');
    expect(JSON.stringify(card)).toContain('…and 45 more');
    expect(cardSizeBytes(card)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
  });

  test('a list page of 20 clusters with the longest names and resource groups, with Previous and Next', async () => {
    const many = Array.from({ length: 70 }, (_, i) =>
      aCluster({ name: longName('store', i), resourceGroup: longRg(i), status: 'Offline', lastConnectivityTime: ago((i + 20) * MIN), certificateExpiresAt: ahead(20 * DAY), agentVersion: '1.30.0' }, now),
    );
    const reply = await ask(routerOver(many, 20), 'clusters offline page 2');
    expect(elementsOfType(reply.card, 'ColumnSet')).toHaveLength(20);
    expect(reply.card.actions).toHaveLength(2);
    expectTeamsSafeCard(reply.card);
  });

  test('a summary of 2,000 clusters, all in trouble, with long names', async () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      aCluster({ name: longName('factory', i), resourceGroup: longRg(i), status: i % 2 ? 'Offline' : 'Expired', lastConnectivityTime: ago(i * MIN), certificateExpiresAt: ago(DAY) }, now),
    );
    const reply = await ask(routerOver(many), 'status');
    expect(JSON.stringify(reply.card)).toContain('…and 1992 more');
    expectTeamsSafeCard(reply.card);
  });

  test('a name in 12 places: the choice card shows 10 and stays small', async () => {
    const same = Array.from({ length: 12 }, (_, i) => aCluster({ name: 'edge-gw', resourceGroup: longRg(i) }, now));
    const reply = await ask(routerOver(same), 'status edge-gw');
    expect(elementsOfType(reply.card, 'ColumnSet').filter((row) => row.selectAction)).toHaveLength(10);
    expectTeamsSafeCard(reply.card);
  });
});

describe('fleet summary: the rest of the list', () => {
  test('"…and N more" is a button that opens the full list of clusters needing attention, in the same order', async () => {
    const many = Array.from({ length: 12 }, (_, i) => offline(aCluster({ name: `shop-${String(i).padStart(2, '0')}` }, now), now, 20 + i));
    const router = routerOver([...many, aCluster({ name: 'fine-1' }, now)]);
    const summary = await ask(router, 'status');
    const more = elementsOfType(summary.card, 'ActionSet').flatMap((s) => s.actions as { title: string; data: { command: string } }[]);
    expect(more).toEqual([expect.objectContaining({ title: '…and 4 more: show all 12', data: { command: 'clusters unhealthy' } })]);
    const list = await ask(router, more[0].data.command);
    expect(list.text).toMatch(/^Unhealthy clusters: showing 1-12 of 12/);
    expect(list.text).not.toContain('fine-1');
    expect(JSON.stringify(summary.card)).not.toMatch(/\/(tmp|home|work|usr)\//);
  });
});
