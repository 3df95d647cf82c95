import { ReplyRenderer } from '../../src/teams/reply-renderer';
import { askCards } from '../../src/ask/ask-cards';
import type { AdaptiveCard } from '../../src/cards/adaptive-card';
import { commonCards } from '../../src/cards/common-cards';
import type { Message } from '../../src/chat/reply';
import { fixCards } from '../../src/fix/cards/fix-cards';
import { tellCards } from '../../src/tell/tell-cards';
import { adaptiveCardProblems } from './adaptive-card-validator';

/** Every feature's card catalogue, as the composition root hands them to the channel edge. */
export const ALL_CARD_CATALOGUES = [commonCards, askCards, tellCards, fixCards];

const builders = Object.assign({}, ...ALL_CARD_CATALOGUES.map((c) => c.builders)) as Record<string, (model: unknown) => AdaptiveCard>;

/**
 * The card a message names, built as the channel edge builds it (with the text as fallback); throws
 * for a text message, and for a card the Adaptive Cards SDK finds invalid (so every card a unit test
 * builds is validated).
 */
export function cardOf(message: Partial<Message> | undefined): AdaptiveCard {
  if (!message?.view) throw new Error(`expected a card, got text: ${message?.text}`);
  const built = builders[message.view.card](message.view.model);
  const card = { ...built, fallbackText: built.fallbackText ?? message.text };
  const problems = adaptiveCardProblems(card);
  if (problems.length) throw new Error(`card "${message.view.card}" is not a valid Adaptive Card: ${problems.join('; ')}`);
  return card;
}

/** The channel edge's renderer with every card, as the composition root builds it. */
export function testRenderer(): ReplyRenderer {
  return new ReplyRenderer(ALL_CARD_CATALOGUES, { portalHost: 'https://portal.azure.com' });
}
