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
  return withoutMention.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/[ \t]+/g, ' ').trim();
}
