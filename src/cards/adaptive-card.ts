/**
 * Minimal Adaptive Card model and builders. Teams renders bot cards up to schema 1.5
 * (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference); markdown is limited to bold, italic, lists and links; every TextBlock wraps.
 */
import { visibleText } from './data-text';

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
  // Control and bidi characters never reach a card, even from a string that missed plain().
  return { type: 'TextBlock', text: visibleText(value), wrap: true, ...opts };
}

export function heading(value: string, color: TextColour = 'default'): CardElement {
  return text(value, { weight: 'bolder', size: 'medium', color });
}

export function facts(pairs: [string, string | undefined][]): CardElement {
  return {
    type: 'FactSet',
    facts: pairs.filter(([, v]) => v !== undefined && v !== '').map(([title, value]) => ({ title: visibleText(title), value: visibleText(value!) })),
  };
}

/**
 * Commands and lists the user should copy, shown exactly: Teams' CodeBlock element
 * (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format#codeblock-in-adaptive-cards)
 * with monospace TextRuns as the fallback for clients without it. Neither parses markdown, so
 * `${e%:*}` and `<release-namespace>` stay as written.
 */
export function codeBlock(value: string, language: 'Bash' | 'PlainText' = 'Bash'): CardElement {
  const lines = value.split('\n').filter((line) => line.trim() !== '');
  return {
    type: 'CodeBlock',
    codeSnippet: visibleText(lines.join('\n')),
    language,
    fallback: {
      type: 'Container',
      style: 'emphasis',
      // One block per line: a renderer joins line breaks inside one block, which would run two commands together.
      items: lines.map((line, i) => literal(line, { fontType: 'monospace', size: 'small', ...(i ? { spacing: 'none' } : {}) })),
    },
  };
}

export interface RunStyle {
  weight?: 'bolder' | 'default';
  size?: 'small' | 'default' | 'medium' | 'large';
  color?: TextColour;
  isSubtle?: boolean;
  fontType?: 'monospace' | 'default';
}

/** A piece of literal text; with `url` it is a link the bot wrote (a documentation page). */
export interface Run extends RunStyle {
  text: string;
  url?: string;
}

/**
 * Text shown exactly as given: a RichTextBlock of TextRuns, which no client reads as markdown
 * (https://adaptivecards.io/explorer/TextRun.html). Control characters are dropped, bidi controls made visible.
 */
export function richText(runs: Run[], block: { spacing?: string } = {}): CardElement {
  const inlines = runs.filter((r) => r.text !== '').map(({ url, text: value, ...style }) => ({
    type: 'TextRun',
    text: visibleText(value),
    ...style,
    ...(url ? { selectAction: { type: 'Action.OpenUrl', url } } : {}),
  }));
  return { type: 'RichTextBlock', inlines: inlines.length ? inlines : [{ type: 'TextRun', text: ' ' }], ...block };
}

/** One literal string (a host name, a pasted line, a placeholder) in one style. */
export function literal(value: string, style: RunStyle & { spacing?: string } = {}): CardElement {
  const { spacing, ...runStyle } = style;
  return richText([{ text: value, ...runStyle }], spacing ? { spacing } : {});
}

/**
 * Prose the bot wrote where `backticked` parts are commands: all of it literal, commands in
 * monospace. For the bot's knowledge texts, which name commands, wildcards and placeholders.
 */
export function prose(value: string, style: RunStyle & { spacing?: string } = {}): CardElement {
  const { spacing, ...runStyle } = style;
  const runs = value.split('`').map((part, i): Run => (i % 2 ? { ...runStyle, text: part, fontType: 'monospace' } : { ...runStyle, text: part }));
  return richText(runs, spacing ? { spacing } : {});
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

export { plain } from './data-text';
