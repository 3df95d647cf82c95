import { richText, type Run, type RunStyle } from '../../cards/adaptive-card';
import { citationsIn, sourcePages, withoutCitations } from '../knowledge/sources';
import type { CardElement } from '../../cards/adaptive-card';

/**
 * A knowledge text the bot wrote ("Open TCP 443 to `*.his.arc.azure.com`. [AMD-net-public]") as
 * literal runs: nothing is read as markdown, `backticked` commands are monospace, and citation tags
 * become links to their public pages (plus any `sources` given).
 */
export function knowledgeRuns(value: string, style: RunStyle = {}, sources: readonly string[] = []): Run[] {
  const tags = citationsIn(value);
  const prose = withoutCitations(value);
  const runs: Run[] = prose.split('`').map((part, i) => (i % 2 ? { ...style, text: part, fontType: 'monospace' } : { ...style, text: part }));
  const pages = sourcePages([...tags, ...sources]);
  pages.forEach((page, i) => runs.push({ ...style, text: i ? ' · ' : ' Source: ', isSubtle: true }, { ...style, text: page.title, url: page.url }));
  return runs;
}

/** knowledgeRuns() as one RichTextBlock. */
export function knowledgeText(value: string, style: RunStyle & { spacing?: string } = {}, sources: readonly string[] = []): CardElement {
  const { spacing, ...runStyle } = style;
  return richText(knowledgeRuns(value, runStyle, sources), spacing ? { spacing } : {});
}

export { withoutCitations };
