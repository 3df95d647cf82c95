/**
 * What a person reads in a text message the bot sent: its HTML (textFormat "xml") turned back into
 * text, with <code> runs in backticks (as the plain version of the message writes them). Card
 * activities and plain-text ones are returned as they are.
 */
export function shownText(activity: { text?: string; textFormat?: string } | undefined): string | undefined {
  const text = activity?.text;
  if (text === undefined || activity?.textFormat !== 'xml') return text;
  return text
    .replace(/<br>/g, '\n')
    .replace(/<\/?code>/g, '`')
    .replace(/<\/?span>/g, '')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
}
