import { endpointsCard } from '../../../../src/fix/cards/endpoints-card';
import { allowlistFor } from '../../../../src/fix/knowledge/allowlist';

type Column = { width: string; items: { text: string }[] };
type Row = { type: string; columns: Column[] };

describe('endpoints card table', () => {
  const endpoints = allowlistFor({ cloud: 'public', region: 'westeurope', features: ['core', 'cluster-connect'] });
  const card = endpointsCard({ cloud: 'public', region: 'westeurope', features: ['core', 'cluster-connect'], endpoints });
  const rows = card.body.filter((e) => e.type === 'ColumnSet') as unknown as Row[];

  test('has a header row: Host, Port, Purpose', () => {
    expect(rows[0].columns.map((c) => c.items[0].text)).toEqual(['Host', 'Port', 'Purpose']);
    expect(rows).toHaveLength(endpoints.length + 1);
  });

  test('every row uses the header\'s column widths, the host column the widest and never sized by its text', () => {
    const widths = rows[0].columns.map((c) => c.width);
    for (const row of rows) expect(row.columns.map((c) => c.width)).toEqual(widths);
    expect(widths).not.toContain('auto');
    expect(widths).not.toContain('stretch');
    expect(Number(widths[0])).toBeGreaterThan(Number(widths[2]));
  });
});
