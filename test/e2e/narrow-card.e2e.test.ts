import path from 'node:path';
import type { Locator } from 'playwright-core';
import { HOST_LINE_CHARS } from '../../src/cards/host-name';
import { startTestBot, type TestBot } from '../support/bot-harness';
import { cardOf } from '../support/connector-standin';
import { REPO_ROOT, startPlayground, type PlaygroundSession } from '../support/playground-driver';
import { describeWithChromium } from '../support/playground-e2e';

/**
 * Host names rendered where a person reads them, in a card as narrow as a phone's: every line of a
 * host name is one line on screen (nothing broke it inside a label), and the lines of each host,
 * read in order, are the host name the bot meant (from the card JSON it sent).
 */
jest.setTimeout(180_000);

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e-narrow-card');
/** A phone's card: Teams mobile on a 360 px screen leaves about this much for the card. */
const PHONE_CARD_PX = 320;
/** A line of a host name as the cards show it (a wildcard, labels, dots; placeholders in braces). */
const HOST_LINE = /^[\w*{}-]+(\.[\w*{}-]*)*$/;

/** Joins lines where one ends in a dot: the next continues the same host. */
const joinHostLines = (lines: string[]) => lines.join('\n').replace(/\.\n/g, '.').split('\n');

/** The host names a card means: its monospace runs that look like host lines, in order. */
function hostsIn(card: unknown): string[] {
  const lines: string[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextRun' && node.fontType === 'monospace' && HOST_LINE.test(node.text)) lines.push(node.text);
    for (const [key, value] of Object.entries(node)) if (key !== 'fallback') walk(value);
  };
  walk(card);
  return joinHostLines(lines);
}

/** Narrows the rendered card to a phone's width (the Playground's chat is wider) and measures each host run: its text and how many lines it takes. */
async function renderedHostRuns(playground: PlaygroundSession, card: Locator): Promise<{ text: string; lines: number }[]> {
  await playground.page.addStyleTag({ content: `.ac-adaptiveCard { width: ${PHONE_CARD_PX}px !important; max-width: ${PHONE_CARD_PX}px !important; }` });
  await expect(card.evaluate((e) => e.getBoundingClientRect().width)).resolves.toBe(PHONE_CARD_PX);
  const runs = await card.locator('.ac-richTextBlock span').evaluateAll((els) => els.map((e) => {
    const range = (globalThis as any).document.createRange();
    range.selectNodeContents(e);
    return { text: (e as unknown as { innerText: string }).innerText.trim(), lines: new Set([...range.getClientRects()].map((r: { top: number }) => Math.round(r.top))).size };
  }));
  return runs.filter((r) => HOST_LINE.test(r.text));
}

describeWithChromium('host names in a narrow card (Agents Playground)', () => {
  let bot: TestBot;
  let playground: PlaygroundSession;

  beforeAll(async () => {
    bot = await startTestBot({ env: { CLUSTER_SOURCE: 'demo' } });
    playground = await startPlayground(`${bot.url}/api/messages`, { artifactsDir: ARTIFACTS });
  });

  afterAll(async () => {
    await playground?.close();
    await bot?.stop();
  });

  test.each([
    ['the endpoint table', 'endpoints westeurope features all', 'Outbound allowlist · '],
    [
      'a pasted probe output (failing and reachable endpoints)',
      // Joined with no separator, as the Playground pastes.
      ['ARCPROBE westeurope.dp.kubernetesconfiguration.azure.com 443 dns=ok tcp=fail tls=- http=000 rc=7 ip=20.50.2.1',
        'ARCPROBE guestnotificationservice.azure.com 443 dns=ok tcp=ok tls=ok http=200 rc=0 ip=20.1.1.1'].join(''),
      'What I read in your paste',
    ],
  ])('%s: every host line renders on one line, and the lines make the whole host name', async (name, message, title) => {
    const [sent] = await bot.say(message);
    const meant = hostsIn(cardOf(sent));
    expect(meant.filter((host) => host.length > HOST_LINE_CHARS).length).toBeGreaterThan(0);

    const before = await playground.countCards(title);
    await playground.send(message);
    const card = await playground.waitForCardContaining(title, { minCount: before + 1 });
    const runs = await renderedHostRuns(playground, card);
    for (const run of runs) expect(run).toEqual({ text: run.text, lines: 1 });
    expect(joinHostLines(runs.map((r) => r.text))).toEqual(meant);
    await playground.screenshotElement(card, path.join(ARTIFACTS, `${name.split(' ')[1]}-narrow.png`));
  });
});
