/**
 * Shared handling of text users paste into the chat: Teams may deliver it with HTML line breaks
 * and entities; huge or binary pastes are refused with a short explanation.
 */
export const MAX_PASTE_BYTES = 100 * 1024;

const UNDERSTOOD_FORMATS = [
  'the output of `kubectl get pods -n azure-arc`',
  'an `[AZK8Snnnn]` error from `az connectedk8s connect` or `troubleshoot`',
  'the output of the `probe <cluster>` command (lines starting with ARCPROBE)',
];

export type Readability = { readable: true; text: string } | { readable: false; reason: 'too-large' | 'binary' | 'empty' };

const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * The HTML elements Teams uses for a message (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages):
 * only these are dropped, so a placeholder such as `<proxy>` or `<release-namespace>` in pasted output stays.
 */
const HTML_TAG = /<\/?(?:p|div|span|pre|code|b|i|u|s|em|strong|a|at|font|ul|ol|li|table|thead|tbody|tr|td|th|h[1-6]|blockquote|hr|img|emoji)(?:\s[^<>]{0,500})?\/?>/gi;

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16) || 0xfffd);
  if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)) || 0xfffd);
  return ENTITIES[name.toLowerCase()] ?? entity;
}

/** Turns `<br>`/`<p>` into newlines, drops Teams' HTML tags, decodes entities, trims each line's end. */
export function normalisePaste(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|pre|li|tr)>/gi, '\n')
    .replace(HTML_TAG, '')
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, decodeEntity)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .trim();
}

/**
 * 100 KB or more, NUL bytes, or more than 5% control/replacement characters -> not readable
 * (the "I could not read that").
 */
export function checkReadable(raw: string): Readability {
  if (Buffer.byteLength(raw, 'utf8') >= MAX_PASTE_BYTES) return { readable: false, reason: 'too-large' };
  if (raw.includes('\u0000')) return { readable: false, reason: 'binary' };
  let odd = 0;
  for (const ch of raw) {
    const c = ch.codePointAt(0)!;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd || (c >= 0x7f && c < 0xa0)) odd++;
  }
  if (raw.length > 0 && odd / raw.length > 0.05) return { readable: false, reason: 'binary' };
  const text = normalisePaste(raw);
  if (!text) return { readable: false, reason: 'empty' };
  return { readable: true, text };
}

export function couldNotReadMessage(reason: 'too-large' | 'binary' | 'empty'): string {
  const why = reason === 'too-large' ? 'it is 100 KB or more' : reason === 'binary' ? 'it looks like binary data' : 'it is empty';
  return `I could not read that (${why}). I understand:\n- ${UNDERSTOOD_FORMATS.join('\n- ')}`;
}
