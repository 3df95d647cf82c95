/**
 * Minimal Adaptive Card model and builders. Teams renders bot cards up to schema 1.5
 * (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference); markdown is limited to bold, italic, lists and links; every TextBlock wraps.
 */
export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: string; title: string };

export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  fallbackText?: string;
  msteams?: { width?: 'Full' };
}

/** Design ceiling per card: 28 KB (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages; the webhook/chat limit is 28,672 bytes). */
export const CARD_SIZE_LIMIT_BYTES = 28 * 1024;

export function card(body: CardElement[], actions: CardAction[] = [], fallbackText?: string): AdaptiveCard {
  const c: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    msteams: { width: 'Full' },
  };
  if (actions.length) c.actions = actions;
  if (fallbackText) c.fallbackText = fallbackText;
  return c;
}

export function cardSizeBytes(c: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(c), 'utf8');
}

export type TextColour = 'default' | 'good' | 'warning' | 'attention' | 'accent' | 'dark' | 'light';

export function text(
  value: string,
  opts: { weight?: 'bolder' | 'default'; size?: 'small' | 'default' | 'medium' | 'large'; color?: TextColour; isSubtle?: boolean; spacing?: string; fontType?: 'monospace' | 'default' } = {},
): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...opts };
}

export function heading(value: string, color: TextColour = 'default'): CardElement {
  return text(value, { weight: 'bolder', size: 'medium', color });
}

export function facts(pairs: [string, string | undefined][]): CardElement {
  return {
    type: 'FactSet',
    facts: pairs.filter(([, v]) => v !== undefined && v !== '').map(([title, value]) => ({ title, value })),
  };
}

/** A monospace block for commands the user should copy (Teams has no preformatted markdown in cards). */
export function codeBlock(value: string): CardElement {
  // One TextBlock per line: renderers join single newlines inside a TextBlock, which would run two
  // commands together ("kubectl get nodes kubectl cluster-info").
  const lines = value.split('\n').filter((line) => line.trim() !== '');
  return {
    type: 'Container',
    style: 'emphasis',
    items: lines.map((line, i) => text(line, { fontType: 'monospace', size: 'small', ...(i ? { spacing: 'none' } : {}) })),
  };
}

export function container(items: CardElement[], style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent'): CardElement {
  return style ? { type: 'Container', items, style } : { type: 'Container', items };
}

/**
 * Every button is the same as typing a command: `data.command` carries the command text and the
 * bot routes it like a message (works in Teams, the Agents Playground and Web Chat alike).
 */
export function commandButton(title: string, command: string, extra: Record<string, unknown> = {}): CardAction {
  return { type: 'Action.Submit', title, data: { command, ...extra } };
}

/**
 * A button whose answer belongs in the card it is on (Refresh, Next/Previous, Mute, a diagnose
 * answer): Universal Actions `Action.Execute`, which Teams answers by replacing the card with the
 * one the bot returns, and an `Action.Submit` fallback for clients without it; the bot also
 * updates the message so everyone sees the change
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards).
 */
export function updatingButton(title: string, command: string, extra: Record<string, unknown> = {}): CardAction {
  const data = { command, ...extra, inPlace: true };
  return { type: 'Action.Execute', title, verb: 'command', data, fallback: { type: 'Action.Submit', title, data } };
}

export function openUrlButton(title: string, url: string): CardAction {
  return { type: 'Action.OpenUrl', title, url };
}

/** Escapes text that comes from data so it is not read as markdown (names like `store_01*`). */
export function plain(value: string): string {
  return value.replace(/([\\*_`~[\]<>])/g, '\\$1');
}
