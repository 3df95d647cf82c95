import { type AdaptiveCard, card, commandButton, heading, prose, richText, text } from './adaptive-card';

export interface HelpEntry {
  usage: string;
  description: string;
  examples: string[];
}

export function helpText(entries: HelpEntry[], intro?: string, access?: string): string {
  return [intro, 'Commands:', ...entries.map((e) => `• ${e.usage} — ${e.description} (e.g. ${e.examples[0]})`), access].filter(Boolean).join('\n');
}

/**
 * The command list with examples; shown for `help`, empty messages and anything unrecognised.
 * `access` says who may change alerting here (operators only, or everyone).
 */
export function helpCard(entries: HelpEntry[], intro?: string, access?: string): AdaptiveCard {
  return card(
    [
      ...(intro ? [text(intro, { weight: 'bolder' })] : []),
      heading('What I can do'),
      ...entries.flatMap((e) => [
        // Usage lines hold placeholders (`<cluster>`, `<n>`): literal runs, never markdown or HTML.
        richText([{ text: e.usage, weight: 'bolder', fontType: 'monospace' }], { spacing: 'medium' }),
        prose(`${e.description} Example: \`${e.examples[0]}\``, { isSubtle: true }),
      ]),
      ...(access ? [prose(access, { spacing: 'medium', isSubtle: true })] : []),
    ],
    [commandButton('Fleet status', 'status'), commandButton('Offline clusters', 'clusters offline')],
  );
}
