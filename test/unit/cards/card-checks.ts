import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type AdaptiveCard, CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../../src/cards/adaptive-card';

const GOLDEN_DIR = path.join(__dirname, '..', '..', 'fixtures', 'golden');

/**
 * Compares a card with test/fixtures/golden/<name>.json. `UPDATE_GOLDEN=1 npx jest test/unit/cards`
 * rewrites the files (review the diff before committing); otherwise a missing file is a failure.
 */
export function expectGolden(name: string, value: unknown): void {
  const file = path.join(GOLDEN_DIR, `${name}.json`);
  const json = JSON.stringify(value, null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, json);
    return;
  }
  if (!existsSync(file)) throw new Error(`Golden file ${file} is missing; run UPDATE_GOLDEN=1 npx jest test/unit/cards and review it.`);
  expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

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
 * The rules every card of this bot follows (teams-platform.md §3d): schema 1.5, every TextBlock
 * wraps, under 28 KB, and every Action.Submit carries command text the bot can route.
 */
export function expectTeamsSafeCard(card: AdaptiveCard): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  const blocks = elementsOfType(card, 'TextBlock');
  expect(blocks.length).toBeGreaterThan(0);
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
