import { hostLines, hostName, HOST_LINE_CHARS } from '../../../src/cards/host-name';

describe('host names break only after a dot', () => {
  test('a long host name is split into lines of whole labels; a short one stays on one line', () => {
    expect(hostLines('westeurope.dp.kubernetesconfiguration.azure.com')).toEqual(['westeurope.dp.', 'kubernetesconfiguration.', 'azure.com']);
    expect(hostLines('*.his.arc.azure.com')).toEqual(['*.his.arc.azure.com']);
    expect(hostLines('guestnotificationservice.azure.com')).toEqual(['guestnotificationservice.', 'azure.com']);
    for (const fqdn of ['a.b', 'x'.repeat(40) + '.example.com', 'mcr.microsoft.com']) {
      const lines = hostLines(fqdn);
      expect(lines.join('')).toBe(fqdn);
      expect(lines.slice(0, -1).every((l) => l.endsWith('.'))).toBe(true);
      expect(lines.every((l) => l.length <= HOST_LINE_CHARS || !l.slice(0, -1).includes('.'))).toBe(true);
    }
  });

  test('hostName(): one literal monospace block per line; what follows is proportional, after the last line', () => {
    const blocks = hostName('westeurope.dp.kubernetesconfiguration.azure.com', { color: 'attention' }, ':443 · failed at TCP') as unknown as { type: string; spacing?: string; inlines: { text: string; fontType?: string; color?: string }[] }[];
    expect(blocks.map((b) => b.type)).toEqual(['RichTextBlock', 'RichTextBlock', 'RichTextBlock']);
    expect(blocks.map((b) => b.inlines.map((r) => `${r.fontType ?? 'default'}:${r.text}`))).toEqual([
      ['monospace:westeurope.dp.'], ['monospace:kubernetesconfiguration.'], ['monospace:azure.com', 'default::443 · failed at TCP'],
    ]);
    expect(blocks.map((b) => b.spacing)).toEqual([undefined, 'none', 'none']);
    expect(blocks.flatMap((b) => b.inlines).every((r) => r.color === 'attention')).toBe(true);
  });
});
