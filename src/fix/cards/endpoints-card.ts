import { allowlistAsPlainText, type ResolvedEndpoint } from '../knowledge/allowlist';
import { CLOUD_INFO, type CloudName } from '../knowledge/clouds';
import type { Feature } from '../knowledge/endpoint-table';
import { knowledgeText, withoutCitations } from './knowledge-text';
import { card, cardSizeBytes, CARD_SIZE_LIMIT_BYTES, codeBlock, container, heading, literal, text, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';

export interface EndpointsView {
  cloud: CloudName;
  region: string;
  features: readonly Feature[];
  endpoints: readonly ResolvedEndpoint[];
  /** Extra lines (e.g. the Service Bus allowlist URL, gateway notes). */
  notes?: string[];
}

/**
 * The table has two columns, the port (fixed) and the endpoint (the rest of the card): the host
 * name on its own lines, its purpose under it. A host name longer than HOST_LINE_CHARS is split
 * into lines after a dot, so it never breaks inside a label: 28 characters of the small monospace
 * font fit the narrowest Teams client (a 320 px phone,
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/design-effective-cards).
 */
const PORT_WIDTH = '50px';
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

function header(): CardElement {
  const cell = (value: string, width: string) => ({ type: 'Column', width, items: [text(value, { size: 'small', weight: 'bolder' })] });
  return { type: 'ColumnSet', spacing: 'medium', columns: [cell('Port', PORT_WIDTH), cell('Host and purpose', 'stretch')] };
}

function row(e: ResolvedEndpoint): CardElement {
  const flags = [e.wildcard ? 'wildcard' : '', e.websockets ? 'WebSockets' : '', e.placeholder ? 'placeholder' : ''].filter(Boolean).join(', ');
  const host = hostLines(e.fqdn).map((line, i) => literal(line, { fontType: 'monospace', size: 'small', ...(i ? { spacing: 'none' } : {}) }));
  return {
    type: 'ColumnSet',
    spacing: 'small',
    columns: [
      { type: 'Column', width: PORT_WIDTH, items: [text(String(e.port), { size: 'small', weight: e.port !== 443 ? 'bolder' : 'default' })] },
      { type: 'Column', width: 'stretch', items: [...host, knowledgeText(`${e.purpose}${flags ? ` (${flags})` : ''}`, { size: 'small', isSubtle: true, spacing: 'none' }, e.sources.slice(0, 1))] },
    ],
  };
}

/** The allowlist as a table plus a copyable plain list; shrinks the table (never the list) to stay under 28 KB. */
export function endpointsCard(view: EndpointsView): AdaptiveCard {
  const title = `Outbound allowlist · ${CLOUD_INFO[view.cloud].label} · ${view.region}`;
  const plainList = allowlistAsPlainText(view.endpoints);
  const build = (rows: number): AdaptiveCard => {
    const body: CardElement[] = [
      heading(title),
      knowledgeText(`Features: ${view.features.join(', ')}. All outbound TCP over HTTPS with publicly signed certificates; port 443 unless shown. [AMD-net-principles][AMD-net-public]`, { size: 'small', isSubtle: true }),
      ...(rows > 0 ? [header()] : []),
      ...view.endpoints.slice(0, rows).map(row),
    ];
    if (rows < view.endpoints.length) body.push(text(`...and ${view.endpoints.length - rows} more in the list below.`, { size: 'small', isSubtle: true }));
    for (const n of view.notes ?? []) body.push(container([knowledgeText(n, { size: 'small' })], 'accent'));
    body.push(text('Copyable list:', { weight: 'bolder', spacing: 'medium' }));
    body.push(codeBlock(plainList, 'PlainText'));
    return card(body, [], `${title}\n${plainList}`);
  };
  let rows = view.endpoints.length;
  let built = build(rows);
  while (cardSizeBytes(built) > CARD_SIZE_LIMIT_BYTES && rows > 0) {
    rows = Math.floor(rows / 2);
    built = build(rows);
  }
  return built;
}

export function endpointsText(view: EndpointsView): string {
  return [`Outbound allowlist for ${CLOUD_INFO[view.cloud].label}, region ${view.region}, features ${view.features.join(', ')}:`, allowlistAsPlainText(view.endpoints), ...(view.notes ?? []).map(withoutCitations)].join('\n');
}
