import { endpointsCard } from '../../../../src/fix/cards/endpoints-card';
import { allowlistFor } from '../../../../src/fix/knowledge/allowlist';

type Column = { width: string; items: { text: string }[] };
type Row = { type: string; columns: Column[] };

describe('endpoints card table', () => {
  const endpoints = allowlistFor({ cloud: 'public', region: 'westeurope', features: ['core', 'cluster-connect'] });
  const card = endpointsCard({ cloud: 'public', region: 'westeurope', features: ['core', 'cluster-connect'], endpoints });
  const rows = card.body.filter((e) => e.type === 'ColumnSet') as unknown as Row[];

  test('has a header row: Port, then Host and purpose', () => {
    expect(rows[0].columns.map((c) => c.items[0].text)).toEqual(['Port', 'Host and purpose']);
    expect(rows).toHaveLength(endpoints.length + 1);
  });

  test('every row uses the header\'s column widths: a fixed port column, the endpoint column the rest of the card (never sized by its text)', () => {
    const widths = rows[0].columns.map((c) => c.width);
    for (const row of rows) expect(row.columns.map((c) => c.width)).toEqual(widths);
    expect(widths).toEqual(['50px', 'stretch']);
  });

  test('each host name is shown whole, in lines that end at a dot', () => {
    for (const [i, row] of rows.slice(1).entries()) {
      const runs = (row.columns[1].items as unknown as { type: string; inlines: { text: string; fontType?: string }[] }[]).filter((b) => b.inlines.every((r) => r.fontType === 'monospace'));
      const lines = runs.map((b) => b.inlines.map((r) => r.text).join(''));
      expect(lines.join('')).toBe(endpoints[i].fqdn);
      expect(lines.slice(0, -1).every((l) => l.endsWith('.'))).toBe(true);
    }
  });
});
