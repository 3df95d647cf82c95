import type { ConversationReference, TurnContext } from 'botbuilder';
import { systemClock, type Clock } from '../core/clock';
import type { ConversationAddress } from '../chat/conversation-address';
import { DeliveryError, type ProactiveSender } from '../chat/proactive-port';
import { headerReader, parseRetryAfter } from '../core/retry-after';
import { referenceTo } from './conversation-address';
import type { ReplyRenderer } from './reply-renderer';

/** The part of CloudAdapter the sender needs (so tests can pass a fake or a real adapter). */
export interface ContinuingAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

export interface SenderOptions {
  /** Time source for the send timeout (injected in tests). */
  clock?: Clock;
  /**
   * `ALERT_SEND_TIMEOUT_SECONDS`: a send or update with no answer by then fails as a retryable
   * network error, so one hung connection cannot stall every other alert (delivery is one at a
   * time) or `monitor.stop()`. If Teams did accept it late, the retry may post it twice.
   */
  timeoutMs: number;
}

/**
 * Proactive sending with botbuilder's CloudAdapter (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages):
 * `continueConversationAsync(botAppId, reference, ctx => ctx.sendActivity(...))`, and
 * `updateActivity` with the stored activity id for in-place updates. Errors become `DeliveryError`
 * with the connector's HTTP status and Retry-After, which the delivery queue acts on; a call that
 * does not finish within the timeout becomes a `DeliveryError` without status (code ETIMEDOUT).
 */
export function createBotbuilderSender(adapter: ContinuingAdapter, botAppId: string, renderer: ReplyRenderer, options: SenderOptions): ProactiveSender {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs;
  const run = async (address: ConversationAddress, logic: (ctx: TurnContext) => Promise<void>) => {
    let settled = false;
    const timeout = clock.sleep(timeoutMs).then(() => {
      if (settled) return;
      throw new DeliveryError(`no answer from the Bot Connector within ${timeoutMs} ms`, undefined, undefined, 'ETIMEDOUT');
    });
    try {
      await Promise.race([
        adapter.continueConversationAsync(botAppId, referenceTo(address), logic),
        timeout,
      ]);
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      throw new DeliveryError((error as Error)?.message ?? String(error), statusOf(error), retryAfterOf(error, clock.now()), (error as { code?: string })?.code);
    } finally {
      settled = true;
    }
  };
  return {
    async send(address, message) {
      let activityId: string | undefined;
      await run(address, async (ctx) => {
        const response = await ctx.sendActivity(renderer.toActivity(message));
        activityId = response?.id;
      });
      return { activityId };
    },
    async update(address, activityId, message) {
      await run(address, async (ctx) => {
        await ctx.updateActivity({ ...renderer.toActivity(message), id: activityId });
      });
    },
  };
}

/** The HTTP status of a connector error (botbuilder's RestError carries it in one of these places). */
function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  for (const v of [e?.statusCode, e?.status, e?.response?.status]) if (typeof v === 'number') return v;
  return undefined;
}

function retryAfterOf(error: unknown, now: Date): number | undefined {
  const headers = headerReader((error as { response?: { headers?: unknown } } | undefined)?.response?.headers);
  return headers ? parseRetryAfter(headers, now) : undefined;
}
