import { codeBlock } from '../../../src/cards/adaptive-card';

describe('codeBlock', () => {
  test('each command gets its own monospace line, so two commands never run together', () => {
    const block = codeBlock('kubectl get nodes\nkubectl cluster-info\n') as unknown as { items: { text: string; fontType: string }[] };
    expect(block.items.map((i) => i.text)).toEqual(['kubectl get nodes', 'kubectl cluster-info']);
    expect(block.items.every((i) => i.fontType === 'monospace')).toBe(true);
  });
});
