import { adaptiveCardProblems } from './adaptive-card-validator';

/**
 * Every Adaptive Card the bot sends through a test's Bot Connector stand-in is validated as it
 * arrives; test/support/jest-sent-cards.ts fails the test that sent an invalid one.
 */
const invalidCards: string[] = [];

export function checkSentActivity(activity: Record<string, unknown>): void {
  const attachments = Array.isArray(activity.attachments) ? (activity.attachments as Record<string, unknown>[]) : [];
  for (const attachment of attachments) {
    if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') continue;
    const problems = adaptiveCardProblems(attachment.content);
    if (problems.length) invalidCards.push(`${problems.join('; ')} in ${JSON.stringify(attachment.content).slice(0, 300)}`);
  }
}

/** The invalid cards seen since the last call, forgotten once returned. */
export function takeInvalidSentCards(): string[] {
  return invalidCards.splice(0, invalidCards.length);
}
