import { QueryResponseReader } from '../../../../src/clusters/resource-graph/query-response-reader';

const rows = [
  { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/a', name: 'a', tags: { data: '[not, the] "rows"', 'ünï': 'çødé ✓ 🚀' } },
  { id: 'b', name: 'b\\"}],', properties: { data: [1, { x: '{' }], agentVersion: null } },
  { id: 'c', name: 'c', nested: [[], {}, [{ data: [] }]] },
  { id: 'd', name: 'ends in a backslash \\', note: '\\\\"' },
];
const body = JSON.stringify({ totalRecords: 4, count: 4, data: rows, facets: [], resultTruncated: 'false', $skipToken: 'tok"en' }, null, 1);

function read(chunks: Buffer[]): { rows: unknown[]; envelope: Record<string, unknown> } {
  const seen: unknown[] = [];
  const reader = new QueryResponseReader((row) => seen.push(row));
  for (const chunk of chunks) reader.write(chunk);
  return { rows: seen, envelope: reader.end() };
}

describe('QueryResponseReader', () => {
  it('hands over every row and keeps the rest of the body, whatever the chunk size (down to one byte, splitting UTF-8 characters)', () => {
    const bytes = Buffer.from(body, 'utf8');
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const { rows: seen, envelope } = read(chunks);
      expect(seen).toEqual(rows);
      expect(envelope).toEqual({ totalRecords: 4, count: 4, data: [], facets: [], resultTruncated: 'false', $skipToken: 'tok"en' });
    }
  });

  it('leaves `data` in the envelope when it is not an array of rows (a table answer)', () => {
    const table = { totalRecords: 1, data: { columns: [{ name: 'id' }], rows: [['x']] } };
    const { rows: seen, envelope } = read([Buffer.from(JSON.stringify(table))]);
    expect(seen).toEqual([]);
    expect(envelope).toEqual(table);
  });

  it('refuses a body cut short, even one whose rows were all handed over', () => {
    const cut = body.slice(0, body.indexOf('"facets"'));
    const reader = new QueryResponseReader(() => {});
    reader.write(Buffer.from(cut));
    expect(() => reader.end()).toThrow(SyntaxError);
    const empty = new QueryResponseReader(() => {});
    expect(() => empty.end()).toThrow(SyntaxError);
  });
});
