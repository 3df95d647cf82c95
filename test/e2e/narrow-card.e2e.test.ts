import path from 'node:path';
import { startTestBot, type TestBot } from '../support/bot-harness';
import { cardOf } from '../support/connector-standin';
import { REPO_ROOT, startPlayground, type PlaygroundSession } from '../support/playground-driver';
import { describeWithChromium } from '../support/playground-e2e';
import { HOST_LINE_CHARS } from '../../src/fix/cards/endpoints-card';

/**
 * Host names in the endpoint table, rendered where a person reads them, in a card as narrow as a
 * phone's: every host line is one line on screen (nothing broke it mid-label), and the lines of
 * each host, read in order, are the host name.
 */
jest.setTimeout(180_000);

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e-narrow-card');
/** A line of a host name as the table shows it (a wildcard, labels, dots; placeholders in braces). */
const HOST_LINE = /^[\w*{}-]+(\.[\w*{}-]*)*$/;

/** The host names the endpoint table means: its monospace lines, a line ending in a dot continued by the next. */
function hostsIn(card: unknown): string[] {
  const lines: string[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'ColumnSet') {
      for (const block of node.columns?.[1]?.items ?? []) if (block.type === 'RichTextBlock' && block.inlines.every((r: any) => r.fontType === 'monospace')) lines.push(block.inlines.map((r: any) => r.text).join(''));
      return;
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(card);
  return lines.join('\n').replace(/\.\n/g, '.').split('\n');
}

/** A phone's card: Teams mobile on a 360 px screen leaves about this much for the card. */
const PHONE_CARD_PX = 320;

describeWithChromium('endpoint host names in a narrow card (Agents Playground)', () => {
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

  test('every host line renders on one line, and the lines make the whole host name', async () => {
    const command = 'endpoints westeurope features all';
    const [sent] = await bot.say(command);
    const meant = hostsIn(cardOf(sent));
    expect(meant.filter((host) => host.length > HOST_LINE_CHARS).length).toBeGreaterThan(0);

    await playground.send(command);
    const card = await playground.waitForCardContaining('Outbound allowlist · ');
    // The Playground's chat is wider than a phone: the card is narrowed to a phone's width, and its layout follows.
    await playground.page.addStyleTag({ content: `.ac-adaptiveCard { width: ${PHONE_CARD_PX}px !important; max-width: ${PHONE_CARD_PX}px !important; }` });
    await expect(card.evaluate((e) => e.getBoundingClientRect().width)).resolves.toBe(PHONE_CARD_PX);
    const blocks = await card.locator('.ac-richTextBlock').evaluateAll((els) => els.map((e) => {
      const range = (globalThis as any).document.createRange();
      range.selectNodeContents(e);
      return { text: (e as unknown as { innerText: string }).innerText.trim(), lines: new Set([...range.getClientRects()].map((r: { top: number }) => Math.round(r.top))).size };
    }));
    const hostLines = blocks.filter((b) => HOST_LINE.test(b.text));
    for (const line of hostLines) expect(line).toEqual({ text: line.text, lines: 1 });
    const shownHosts = hostLines.map((b) => b.text).join('\n').replace(/\.\n/g, '.').split('\n');
    expect(shownHosts).toEqual(meant);
    await playground.screenshotElement(card, path.join(ARTIFACTS, 'endpoints-narrow.png'));
  });
});
