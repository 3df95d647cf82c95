import { richText, type CardElement, type RunStyle } from './adaptive-card';

/**
 * Host names are shown on lines of their own, split only after a dot, so no client breaks one
 * inside a label: 28 characters of the small monospace font fit the narrowest Teams client (a
 * 320 px phone, https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/design-effective-cards).
 */
export const HOST_LINE_CHARS = 28;

/** `westeurope.dp.kubernetesconfiguration.azure.com` -> lines of whole labels, each but the last ending in a dot. */
export function hostLines(fqdn: string, max = HOST_LINE_CHARS): string[] {
  const lines: string[] = [];
  for (const label of fqdn.split(/(?<=\.)/)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + label.length <= max) lines[last] += label;
    else lines.push(label);
  }
  return lines;
}

/**
 * A host name as small monospace lines (literal runs), `after` (":443 · failed at TCP") in the
 * same style but proportional after the last line, where a line may wrap at its spaces.
 */
export function hostName(fqdn: string, style: RunStyle = {}, after = ''): CardElement[] {
  const lines = hostLines(fqdn);
  return lines.map((line, i) => richText(
    [{ ...style, size: 'small', fontType: 'monospace', text: line }, ...(i === lines.length - 1 && after ? [{ ...style, size: 'small' as const, text: after }] : [])],
    i ? { spacing: 'none' } : {},
  ));
}
