import { statusCard } from '../../../src/ask/status-card';
import { summaryCard } from '../../../src/ask/fleet-cards';
import { assessHealth } from '../../../src/clusters/connectivity';
import { buildClusterAlertCard } from '../../../src/tell/alert-cards';
import { aCluster, TEST_NOW } from '../../support/clusters';
import { elementsOfType, expectTeamsSafeCard } from './card-checks';

/**
 * Azure- and user-supplied strings are data, not markup: a tag, a distribution or a name that holds
 * markdown, HTML or bidi controls is shown literally on every card that shows it.
 */
const HOSTILE = {
  name: 'store_0421*',
  distribution: '**k3s**<script>',
  tags: { owner: '[Reset your password](https://evil.example/login)', note: '[x](javascript:alert(1))', rtl: 'abc\u202Egnp.exe' },
};

/** Every markdown text on the card (TextBlocks and facts), as a renderer would read it. */
function markdownTexts(card: unknown): string[] {
  return [
    ...elementsOfType(card, 'TextBlock').map((b) => String(b.text)),
    ...elementsOfType(card, 'FactSet').flatMap((f) => (f.facts as { title: string; value: string }[]).map((x) => `${x.title} ${x.value}`)),
  ];
}

/** Markup that CommonMark would act on: an unescaped `[..](`, `<tag`, `*`/`_` emphasis, a bare scheme. */
const LIVE_MARKUP = /(?<!\\)\[[^\]]*(?<!\\)\]\(|(?<!\\)<[a-z/]|(?<!\\)\*\*|(?<!\\)_|https?(?<!\\):\/\/|javascript:|[\u202a-\u202e\u2066-\u2069]/i;

describe('Azure strings are data, not markup', () => {
  const cluster = aCluster({ ...HOSTILE, status: 'Offline' }, TEST_NOW);

  test('the status card shows tags, distribution and name escaped, bidi controls visible', () => {
    const card = statusCard({ cluster, health: assessHealth(cluster, TEST_NOW) });
    expectTeamsSafeCard(card);
    const texts = markdownTexts(card);
    // Bot-authored markdown (bold) remains; nothing Azure-supplied becomes a link, HTML or emphasis.
    const data = texts.filter((t) => /Tags|Distribution|store/.test(t)).map((t) => t.replace(/\*\*(store\\_0421\\\*|Offline)\*\*/g, ''));
    for (const t of data) expect(t).not.toMatch(LIVE_MARKUP);
    expect(texts.join('\n')).toContain('\\[U+202E\\]');
    expect(JSON.stringify(card)).not.toMatch(/[\u202a-\u202e]/);
  });

  test('alert and summary cards escape the name too', () => {
    const alert = buildClusterAlertCard({ kinds: ['offline'], state: { id: cluster.id, name: cluster.name, resourceGroup: '[rg](https://x.example)', subscriptionId: cluster.subscriptionId, location: 'westeurope', status: 'Offline', statusSince: TEST_NOW.toISOString(), heartbeatStale: false, certHorizon: 0, agentSupported: true } as never, cluster, now: TEST_NOW }).card;
    expectTeamsSafeCard(alert);
    for (const t of markdownTexts(alert).map((x) => x.replace(/^Cluster /, ''))) expect(t).not.toMatch(LIVE_MARKUP);
    const summary = summaryCard({ total: 1, counts: [['Offline', 1]], attention: [{ cluster, health: assessHealth(cluster, TEST_NOW) }], attentionTotal: 1, source: 'demo', fetchedAt: TEST_NOW });
    expectTeamsSafeCard(summary);
    for (const t of markdownTexts(summary)) expect(t).not.toMatch(LIVE_MARKUP);
  });
});
