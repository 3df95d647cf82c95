import path from 'node:path';
import type * as AdaptiveCards from 'adaptivecards';
import { CARD_SIZE_LIMIT_BYTES } from '../../src/cards/adaptive-card';

/**
 * Offline validation with the Adaptive Cards SDK itself (the `adaptivecards` npm package, schema 1.5:
 * https://learn.microsoft.com/adaptive-cards/sdk/rendering-cards/javascript/getting-started). Its
 * dist bundle is loaded because the package's lib/ entry does not load under Node; the bundle wants a
 * `window` only while it loads.
 */
let sdk: typeof AdaptiveCards | undefined;
function adaptiveCardsSdk(): typeof AdaptiveCards {
  if (sdk) return sdk;
  const global = globalThis as { window?: unknown };
  const hadWindow = 'window' in global;
  if (!hadWindow) global.window = globalThis;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk = require(path.join(require.resolve('adaptivecards/package.json'), '..', 'dist', 'adaptivecards.js')) as typeof AdaptiveCards;
  } finally {
    if (!hadWindow) delete global.window;
  }
  return sdk;
}

/** Teams-only elements the SDK does not know; each must carry a `fallback` the SDK can render. */
const TEAMS_ONLY_ELEMENTS = new Set(['CodeBlock']);

/** Teams-only element objects anywhere in the card that have no fallback. */
function teamsOnlyWithoutFallback(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => teamsOnlyWithoutFallback(n, found));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && TEAMS_ONLY_ELEMENTS.has(o.type) && !o.fallback) found.push(`${o.type} without a fallback`);
    for (const v of Object.values(o)) if (v && typeof v === 'object') teamsOnlyWithoutFallback(v, found);
  }
  return found;
}

/**
 * Every message the SDK reports when it parses and validates `card` at schema 1.5, except
 * "Unknown element type CodeBlock" (Teams-only, given a fallback); plus a size over 28 KB. Empty = valid.
 */
export function adaptiveCardProblems(card: unknown): string[] {
  const AC = adaptiveCardsSdk();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card as AdaptiveCards.PropertyBag, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  problems.push(...parsed.validateProperties().validationEvents.map((e) => e.message));
  const allowed = [...TEAMS_ONLY_ELEMENTS].map((type) => `Unknown element type "${type}". Fallback will be used if present.`);
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes >= CARD_SIZE_LIMIT_BYTES) problems.push(`card is ${bytes} bytes, over the 28 KB limit`);
  return [...problems.filter((p) => !allowed.includes(p)), ...teamsOnlyWithoutFallback(card)];
}
