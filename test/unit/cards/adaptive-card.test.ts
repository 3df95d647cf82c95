import { codeBlock, facts, prose, richText, text } from '../../../src/cards/adaptive-card';
import { plain, visibleText } from '../../../src/cards/data-text';
import { adaptiveCardProblems } from '../../support/adaptive-card-validator';

type Runs = { inlines: { text: string; fontType?: string; selectAction?: { url: string } }[] };

describe('codeBlock', () => {
  const probeLike = 'for e in a:443; do h=${e%:*}; p=${e#*:}; done\nhelm get values azure-arc -n <release-namespace> -o json';

  test('is a Teams CodeBlock holding the commands exactly, line by line', () => {
    const block = codeBlock(`${probeLike}\n`);
    expect(block.type).toBe('CodeBlock');
    expect(block.codeSnippet).toBe(probeLike);
    expect(block.language).toBe('Bash');
  });

  test('falls back to one monospace TextRun per line, so two commands never run together and nothing is read as markdown', () => {
    const fallback = codeBlock('kubectl get nodes\nkubectl cluster-info\n').fallback as { items: (Runs & { type: string })[] };
    expect(fallback.items.every((i) => i.type === 'RichTextBlock')).toBe(true);
    expect(fallback.items.map((i) => i.inlines[0].text)).toEqual(['kubectl get nodes', 'kubectl cluster-info']);
    expect(fallback.items.every((i) => i.inlines[0].fontType === 'monospace')).toBe(true);
  });

  test('is valid for the Adaptive Cards SDK, which only notes the Teams-only element it does not know', () => {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [codeBlock(probeLike)] };
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(adaptiveCardProblems({ ...card, body: [{ type: 'CodeBlock', codeSnippet: 'x' }] })).toEqual(['CodeBlock without a fallback']);
  });
});

describe('prose', () => {
  test('keeps every character and sets backticked commands in monospace', () => {
    const block = prose('Allow `*.his.arc.azure.com` and <region>.obo.arc.azure.com:8084 (**not** markdown).') as unknown as Runs;
    expect(block.inlines.map((r) => r.text).join('')).toBe('Allow *.his.arc.azure.com and <region>.obo.arc.azure.com:8084 (**not** markdown).');
    expect(block.inlines[1]).toMatchObject({ text: '*.his.arc.azure.com', fontType: 'monospace' });
  });

  test('a run with a url is a link the bot wrote', () => {
    const block = richText([{ text: 'Troubleshooting', url: 'https://learn.microsoft.com/azure/azure-arc/kubernetes/troubleshooting' }]) as unknown as Runs;
    expect(block.inlines[0].selectAction?.url).toBe('https://learn.microsoft.com/azure/azure-arc/kubernetes/troubleshooting');
  });
});

describe('plain: Azure- and user-supplied strings are data, not markup', () => {
  test.each([
    ['[Reset your password](https://evil.example/login)', '\\[Reset your password\\](https\\://evil\\.example/login)'],
    ['[x](javascript:alert(1))', '\\[x\\](javascript\\:alert(1))'],
    ['see www.evil.example', 'see www\\.evil\\.example'],
    ['1.35.3 (supported)', '1.35.3 (supported)'],
    ['2. second', '2\\. second'],
    ['store_01*', 'store\\_01\\*'],
    ['<b>bold</b> &amp;', '\\<b\\>bold\\</b\\> \\&amp;'],
    ['- not a list', '\\- not a list'],
  ])('%s is escaped so no renderer reads markup', (value, escaped) => {
    expect(plain(value)).toBe(escaped);
  });

  test('bidi overrides and other invisible formatting are made visible; control characters are removed', () => {
    expect(visibleText('evil\u202Egnp.exe\u0007\u200B')).toBe('evil[U+202E]gnp.exe[U+200B]');
    expect(plain('a\u2066b\u0000c')).toBe('a[U+2066]bc'.replace(/[[\]]/g, '\\$&'));
  });

  test('TextRuns get the same treatment, without markdown escapes', () => {
    const block = richText([{ text: 'tag=\u202Eevil' }]) as unknown as Runs;
    expect(block.inlines[0].text).toBe('tag=[U+202E]evil');
  });
});

describe('text and facts', () => {
  test('never carry a bidi override or control character, even from a string that missed plain()', () => {
    expect(text('a\u202Eb\u0007').text).toBe('a[U+202E]b');
    expect((facts([['Tag', 'x\u2066y']]).facts as { value: string }[])[0].value).toBe('x[U+2066]y');
  });
});
