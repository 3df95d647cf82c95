import { CardFactory, MessageFactory, type ConversationReference, type TurnContext, type Activity } from 'botbuilder';
import { systemClock, type Clock } from '../core/clock';
import type { ProactiveSender } from '../tell/proactive-port';
import { DeliveryError, retryAfterOf, statusOf } from '../tell/proactive-port';
import type { OutboundMessage, StoredConversation } from '../tell/stores/tell-stores';

/** The part of CloudAdapter the sender needs (so tests can pass a fake or a real adapter). */
export interface ContinuingAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** Cards alone in their activity: Teams splits text + attachment and the id becomes useless for updates (§3b). */
export function toActivity(message: OutboundMessage): Partial<Activity> {
  if (!message.card) return MessageFactory.text(message.text);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
  activity.summary = message.text.split('\n')[0].slice(0, 200);
  return activity;
}

export interface SenderOptions {
  /** Time source for the send timeout (injected in tests). */
  clock?: Clock;
  /**
   * `ALERT_SEND_TIMEOUT_SECONDS` (default 30): a send or update with no answer by then fails as a
   * retryable network error, so one hung connection cannot stall every other alert (delivery is
   * one at a time) or `monitor.stop()`. If Teams did accept it late, the retry may post it twice.
   */
  timeoutMs?: number;
}

export const DEFAULT_SEND_TIMEOUT_MS = 30_000;

/**
 * Proactive sending with botbuilder's CloudAdapter (teams-platform.md §3b):
 * `continueConversationAsync(botAppId, reference, ctx => ctx.sendActivity(...))`, and
 * `updateActivity` with the stored activity id for in-place updates. Errors become `DeliveryError`
 * with the connector's HTTP status and Retry-After, which the delivery queue acts on; a call that
 * does not finish within the timeout becomes a `DeliveryError` without status (code ETIMEDOUT).
 */
export function createBotbuilderSender(adapter: ContinuingAdapter, botAppId: string, options: SenderOptions = {}): ProactiveSender {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const run = async (conversation: StoredConversation, logic: (ctx: TurnContext) => Promise<void>) => {
    let settled = false;
    const timeout = clock.sleep(timeoutMs).then(() => {
      if (settled) return;
      throw new DeliveryError(`no answer from the Bot Connector within ${timeoutMs} ms`, undefined, undefined, 'ETIMEDOUT');
    });
    try {
      await Promise.race([
        adapter.continueConversationAsync(botAppId, conversation.reference as Partial<ConversationReference>, logic),
        timeout,
      ]);
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      throw new DeliveryError((error as Error)?.message ?? String(error), statusOf(error), retryAfterOf(error), (error as { code?: string })?.code);
    } finally {
      settled = true;
    }
  };
  return {
    async send(conversation, message) {
      let activityId: string | undefined;
      await run(conversation, async (ctx) => {
        const response = await ctx.sendActivity(toActivity(message));
        activityId = response?.id;
      });
      return { activityId };
    },
    async update(conversation, activityId, message) {
      await run(conversation, async (ctx) => {
        await ctx.updateActivity({ ...toActivity(message), id: activityId });
      });
    },
  };
}
