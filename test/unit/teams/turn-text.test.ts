import { turnText } from '../../../src/teams/turn-text';

describe('turnText: pasted lines from Teams', () => {
  const lines = ['NAME READY STATUS RESTARTS AGE', 'config-agent-7f6d8b9c5-kx2lq 1/2 CrashLoopBackOff 5 3d', 'helm get values azure-arc -n <release-namespace>'];

  test('takes the lines from the text/html attachment when text lost them', () => {
    const escaped = lines.map((l) => l.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    const html = escaped.map((l) => `<p>${l}</p>`).join('');
    expect(turnText({ type: 'message', text: lines.join(' '), attachments: [{ contentType: 'text/html', content: html }] })).toBe(lines.join('\n'));
    expect(turnText({ type: 'message', text: lines.join(''), attachments: [{ contentType: 'text/html', content: `<div>${escaped.join('<br>')}</div>` }] }))
      .toBe(lines.join('\n'));
  });

  test('keeps text that already has its line breaks, and one-line commands as typed', () => {
    expect(turnText({ type: 'message', text: lines.join('\n'), attachments: [{ contentType: 'text/html', content: '<p>x</p><p>y</p>' }] })).toBe(lines.join('\n'));
    expect(turnText({ type: 'message', text: 'status store-0421', attachments: [{ contentType: 'text/html', content: '<p>status store-0421</p>' }] })).toBe('status store-0421');
  });
});
