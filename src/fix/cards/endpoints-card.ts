import { allowlistAsPlainText, type ResolvedEndpoint } from '../knowledge/allowlist';
import { CLOUD_INFO, type CloudName } from '../knowledge/clouds';
import type { Feature } from '../knowledge/endpoint-table';
import { knowledgeText, withoutCitations } from './knowledge-text';
import { card, cardSizeBytes, CARD_SIZE_LIMIT_BYTES, codeBlock, container, heading, text, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';
import { hostName } from '../../cards/host-name';

export interface EndpointsView {
  cloud: CloudName;
  region: string;
  features: readonly Feature[];
  endpoints: readonly ResolvedEndpoint[];
  /** Extra lines (e.g. the Service Bus allowlist URL, gateway notes). */
  notes?: string[];
}

/** The table has two columns, the port (fixed) and the endpoint (the rest of the card): the host name on its own lines (hostName()), its purpose under it. */
const PORT_WIDTH = '50px';

function header(): CardElement {
  const cell = (value: string, width: string) => ({ type: 'Column', width, items: [text(value, { size: 'small', weight: 'bolder' })] });
  return { type: 'ColumnSet', spacing: 'medium', columns: [cell('Port', PORT_WIDTH), cell('Host and purpose', 'stretch')] };
}

function row(e: ResolvedEndpoint): CardElement {
  const flags = [e.wildcard ? 'wildcard' : '', e.websockets ? 'WebSockets' : '', e.placeholder ? 'placeholder' : ''].filter(Boolean).join(', ');
  return {
    type: 'ColumnSet',
    spacing: 'small',
    columns: [
      { type: 'Column', width: PORT_WIDTH, items: [text(String(e.port), { size: 'small', weight: e.port !== 443 ? 'bolder' : 'default' })] },
      { type: 'Column', width: 'stretch', items: [...hostName(e.fqdn), knowledgeText(`${e.purpose}${flags ? ` (${flags})` : ''}`, { size: 'small', isSubtle: true, spacing: 'none' }, e.sources.slice(0, 1))] },
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
