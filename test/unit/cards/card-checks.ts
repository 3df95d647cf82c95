import { type AdaptiveCard, CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../../src/cards/adaptive-card';
import { adaptiveCardProblems } from '../../support/adaptive-card-validator';
import { expectGolden } from '../../support/golden';

/** Every element of a given type anywhere in the card (body, containers, columns, actions). */
export function elementsOfType(node: unknown, type: string, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => elementsOfType(n, type, found));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === type) found.push(o);
    for (const v of Object.values(o)) if (v && typeof v === 'object') elementsOfType(v, type, found);
  }
  return found;
}

/**
 * The rules every card of this bot follows (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference): schema 1.5, valid for the
 * Adaptive Cards SDK, every TextBlock wraps, under 28 KB, and every Action.Submit carries command text the bot can route.
 */
export function expectTeamsSafeCard(card: AdaptiveCard): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  expect(adaptiveCardProblems(card)).toEqual([]);
  const blocks = elementsOfType(card, 'TextBlock');
  expect(blocks.length + elementsOfType(card, 'RichTextBlock').length).toBeGreaterThan(0);
  for (const block of blocks) {
    expect(block.wrap).toBe(true);
    expect(typeof block.text).toBe('string');
  }
  for (const action of elementsOfType(card, 'Action.Submit')) {
    const data = action.data as { command?: unknown } | undefined;
    expect(typeof data?.command).toBe('string');
    expect((data!.command as string).length).toBeGreaterThan(0);
  }
  for (const action of elementsOfType(card, 'Action.OpenUrl')) expect(String(action.url)).toMatch(/^https:\/\//);
  expect(cardSizeBytes(card)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
}

/** A card that passes the offline checks above and matches test/fixtures/golden/<name>.json (UPDATE_GOLDEN=1 rewrites it). */
export function expectGoldenCard(name: string, card: AdaptiveCard): void {
  expectTeamsSafeCard(card);
  expectGolden(name, card);
}
