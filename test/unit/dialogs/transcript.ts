import type { Activity } from 'botbuilder';
import type { DialogTestClient } from 'botbuilder-testing';
import { CARD_SIZE_LIMIT_BYTES } from '../../../src/cards/adaptive-card';

/** The card of a reply (or undefined) and its serialized size. */
export function cardOf(reply: Partial<Activity> | undefined): Record<string, unknown> | undefined {
  return reply?.attachments?.[0]?.content as Record<string, unknown> | undefined;
}

/** Every data.command of every Action.Submit in a card, wherever it sits. */
export function buttonCommands(content: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Submit' && o.data && typeof (o.data as { command?: unknown }).command === 'string') out.push((o.data as { command: string }).command);
      Object.values(o).forEach(walk);
    }
  };
  walk(content);
  return out;
}

/** What a reply says: its text, or the card's plain-text fallback (cards go alone in an activity). */
export function replyText(reply: Partial<Activity> | undefined): string {
  return reply?.text ?? (cardOf(reply)?.fallbackText as string | undefined) ?? '';
}

/**
 * Plays user turns and checks each reply's text; also checks every reply card stays under the
 * 28 KB ceiling. Returns the replies.
 */
export async function play(client: DialogTestClient, turns: [string, RegExp][]): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  for (const [said, expected] of turns) {
    const reply = (await client.sendActivity(said)) as Partial<Activity>;
    expect(reply).toBeDefined();
    expect(replyText(reply)).toMatch(expected);
    const content = cardOf(reply);
    if (content) expect(Buffer.byteLength(JSON.stringify(content), 'utf8')).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
    replies.push(reply);
  }
  return replies;
}
