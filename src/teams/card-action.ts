import type { Activity, TurnContext } from 'botbuilder';

/** What a card button carries in `data` (see commandButton/updatingButton in src/cards/adaptive-card.ts). */
export interface CardActionData {
  command?: unknown;
  /** The answer replaces the card the button is on. */
  inPlace?: unknown;
  /** The diagnose question the button belongs to, and the cluster being diagnosed. */
  diagnoseStep?: unknown;
  diagnoseCluster?: unknown;
}

/** An `Action.Execute` click: an invoke named adaptiveCard/action (https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards). */
export function isExecuteAction(activity: Partial<Activity>): boolean {
  return activity.type === 'invoke' && activity.name === 'adaptiveCard/action';
}

/**
 * The `data` of the button clicked in this activity: an `Action.Submit` arrives as a message whose
 * `value` is the data, an `Action.Execute` as an invoke whose `value.action.data` is. Undefined
 * for typed messages.
 */
export function cardActionData(activity: Partial<Activity>): CardActionData | undefined {
  const value = activity.value as { action?: { data?: unknown } } | undefined;
  if (!value || typeof value !== 'object') return undefined;
  if (isExecuteAction(activity)) {
    const data = value.action?.data;
    return data && typeof data === 'object' ? (data as CardActionData) : {};
  }
  return activity.type === 'message' ? (value as CardActionData) : undefined;
}

const SOURCE_CARD = Symbol('sourceCard');

/**
 * The card a button was clicked on, while its answer may still replace it: the message id to
 * update (`replyToId`, https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/update-and-delete-bot-messages)
 * and, for Action.Execute, the card to return in the invoke response.
 */
export interface SourceCard {
  activityId?: string;
  viaExecute: boolean;
  replacedWith?: Record<string, unknown>;
}

/** Marks this turn as one whose first card answer replaces the card the button is on. */
export function openSourceCard(turn: TurnContext): SourceCard | undefined {
  const data = cardActionData(turn.activity);
  if (data?.inPlace !== true) return undefined;
  const viaExecute = isExecuteAction(turn.activity);
  const activityId = typeof turn.activity.replyToId === 'string' && turn.activity.replyToId ? turn.activity.replyToId : undefined;
  if (!viaExecute && !activityId) return undefined;
  const source: SourceCard = { activityId, viaExecute };
  turn.turnState.set(SOURCE_CARD, source);
  return source;
}

/** The source card of this turn if it has not been replaced yet. */
export function pendingSourceCard(turn: TurnContext): SourceCard | undefined {
  const source = turn.turnState.get(SOURCE_CARD) as SourceCard | undefined;
  return source && !source.replacedWith ? source : undefined;
}

export function sourceCardOf(turn: TurnContext): SourceCard | undefined {
  return turn.turnState.get(SOURCE_CARD) as SourceCard | undefined;
}
