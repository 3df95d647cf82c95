/**
 * Teams gives a channel message the conversation id `19:…@thread.tacv2;messageid=<root>` (the thread
 * it was typed in). Subscriptions, mutes and stored references use the channel itself, so
 * `subscriptions` answers the same in every thread and alerts start new threads in the channel.
 */
export function conversationKey(conversationId: string): string {
  const cut = conversationId.indexOf(';messageid=');
  return cut === -1 ? conversationId : conversationId.slice(0, cut);
}
