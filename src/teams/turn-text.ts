import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { cardActionData } from './card-action';

/**
 * What the user said in this activity, read once for the bot and its dialogs: a card button's
 * `data.command` (Action.Submit or Action.Execute), else the message text without the bot's @mention (channels and group chats
 * prefix it: https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations).
 * Line breaks are kept: pasted kubectl and probe output is parsed line by line.
 */
export function turnText(activity: Partial<Activity>): string {
  const data = cardActionData(activity);
  if (data && typeof data.command === 'string') return data.command;
  // A card submit has no text, and a malformed activity may carry a non-string text: both read as
  // empty (help), never as an exception in removeRecipientMention.
  if (activity.type !== ActivityTypes.Message || typeof activity.text !== 'string') return '';
  let withoutMention = activity.text;
  try {
    withoutMention = TurnContext.removeRecipientMention(activity) ?? activity.text;
  } catch {
    // Garbage mention entities (null, no `mentioned`) make botbuilder throw; the <at> strip below still applies.
  }
  const lines = linesFromHtmlAttachment(activity);
  if (lines !== undefined && !withoutMention.includes('\n')) withoutMention = lines;
  return withoutMention.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/[ \t]+/g, ' ').trim();
}

const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Teams sends a message's HTML as a text/html attachment beside `text`
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages#receive-a-message-with-an-html-attachment);
 * pasted output keeps its line breaks there (`<br>`, one `<p>` per line) when `text` has lost them.
 * The text of that HTML when it has several lines, else undefined. In it, tags are markup and text
 * the user typed in angle brackets is escaped (`&lt;proxy&gt;`), so every tag can be dropped.
 */
function linesFromHtmlAttachment(activity: Partial<Activity>): string | undefined {
  const html = activity.attachments?.find((a) => a.contentType === 'text/html' && typeof a.content === 'string')?.content as string | undefined;
  if (!html || html.length > 200_000 || !/<br\s*\/?>|<\/(p|div)>[\s\S]*<\/(p|div)>/i.test(html)) return undefined;
  return html
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|pre|li|tr)>/gi, '\n')
    .replace(/<\/?[a-z][^<>]{0,500}>/gi, '')
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, (entity, name: string) => {
      if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16) || 0xfffd);
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)) || 0xfffd);
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .join('\n')
    .trim();
}
