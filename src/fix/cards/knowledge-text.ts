import { richText, type Run, type RunStyle } from '../../cards/adaptive-card';
import { sourcePages } from '../knowledge/sources';
import type { CardElement } from '../../cards/adaptive-card';

const CITATION = /\s*\[([A-Za-z]+-[A-Za-z-]+|derived)\]/g;

/**
 * A knowledge text the bot wrote ("Open TCP 443 to `*.his.arc.azure.com`. [AMD-net-public]") as
 * literal runs: nothing is read as markdown, `backticked` commands are monospace, and citation tags
 * become links to their public pages (plus any `sources` given).
 */
export function knowledgeRuns(value: string, style: RunStyle = {}, sources: readonly string[] = []): Run[] {
  const tags = [...value.matchAll(CITATION)].map((m) => m[1]);
  const prose = value.replace(CITATION, '');
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

/** Plain-text version for text-only channels and card fallbacks: tags removed. */
export function withoutCitations(value: string): string {
  return value.replace(CITATION, '');
}
