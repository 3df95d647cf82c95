import { code, data, joined, plainTextOf, says, segmentsOf } from '../../../src/chat/text';
import { textReply } from '../../../src/chat/reply';

describe('text segments: the bot\'s own model of a text reply', () => {
  test('the bot\'s own words: backticked spans are code, the rest prose; an unpaired backtick is prose', () => {
    expect(segmentsOf('Remove with `unsubscribe <n>` or `unsubscribe all`.')).toEqual([
      { kind: 'prose', text: 'Remove with ' },
      { kind: 'code', text: 'unsubscribe <n>' },
      { kind: 'prose', text: ' or ' },
      { kind: 'code', text: 'unsubscribe all' },
      { kind: 'prose', text: '.' },
    ]);
    expect(segmentsOf('a ` b')).toEqual([{ kind: 'prose', text: 'a ` b' }]);
  });

  test('says``: interpolated strings are data (even with backticks in them), segments pass through', () => {
    const typed = 'x`y` [a](https://evil.example)';
    expect(says`I don't know "${typed}". Try ${code('help')} or \`status\`; ${[data(3), code('x')]}`).toEqual([
      { kind: 'prose', text: 'I don\'t know "' },
      { kind: 'data', text: typed },
      { kind: 'prose', text: '". Try ' },
      { kind: 'code', text: 'help' },
      { kind: 'prose', text: ' or ' },
      { kind: 'code', text: 'status' },
      { kind: 'prose', text: '; ' },
      { kind: 'data', text: '3' },
      { kind: 'code', text: 'x' },
    ]);
  });

  test('a reply from segments keeps them, and its text is the plain version with code in backticks', () => {
    const reply = textReply(says`Closest: ${joined([code('status'), code('mute')], ', ')} for ${'store-0421'}.`);
    expect(reply.text).toBe('Closest: `status`, `mute` for store-0421.');
    expect(plainTextOf(reply.segments!)).toBe(reply.text);
    expect(textReply('plain').segments).toBeUndefined();
  });
});
