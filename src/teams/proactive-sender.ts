import type { ConversationReference, TurnContext } from 'botbuilder';
import { systemClock, type Clock } from '../core/clock';
import type { ConversationAddress } from '../chat/conversation-address';
import { DeliveryError, type ProactiveSender } from '../chat/proactive-port';
import { headerReader, parseRetryAfter } from '../core/retry-after';
import { withConnectorSignal } from './connector-call-policy';
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
   * `ALERT_SEND_TIMEOUT_SECONDS`: a send or update with no answer by then is cancelled (its HTTP
   * request aborted, so it cannot reach Teams later as a duplicate) and fails as a retryable
   * network error.
   */
  timeoutMs: number;
  /** Aborting it cancels every send in flight (shutdown). */
  shutdown?: AbortSignal;
}

/** How long a cancelled send may take to settle before it is given up on (real time; the request is already aborted). */
const ABANDON_GRACE_MS = 1000;

/**
 * Proactive sending with botbuilder's CloudAdapter:
 * `continueConversationAsync(botAppId, reference, ctx => ctx.sendActivity(...))`, and
 * `updateActivity` with the stored activity id for in-place updates
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
 *
 * The connector's answer is captured inside the turn logic and rethrown here: an error that escaped
 * the logic would go to the adapter's onTurnError, which logs it and returns normally, so a refused
 * send would look delivered. Errors become `DeliveryError` with the connector's HTTP status and
 * Retry-After; a call cancelled by the timeout or by shutdown has no status (code ETIMEDOUT / EABORTED).
 */
export function createBotbuilderSender(adapter: ContinuingAdapter, botAppId: string, renderer: ReplyRenderer, options: SenderOptions): ProactiveSender {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs;
  const run = async (address: ConversationAddress, logic: (ctx: TurnContext) => Promise<void>) => {
    const cancel = new AbortController();
    let settled = false;
    // Cancelling aborts the request; the send then settles by itself (an answer that already came
    // in still counts). Only an adapter that ignores the signal is given up on after a grace period.
    const abandoned = new Promise<never>((_, reject) => {
      const abandon = (error: DeliveryError) => {
        if (settled || cancel.signal.aborted) return;
        cancel.abort(error);
        setTimeout(() => reject(error), ABANDON_GRACE_MS).unref();
      };
      void clock.sleep(timeoutMs).then(() => abandon(new DeliveryError(`no answer from the Bot Connector within ${timeoutMs} ms`, undefined, undefined, 'ETIMEDOUT')));
      const onShutdown = () => abandon(new DeliveryError('send abandoned: shutting down', undefined, undefined, 'EABORTED'));
      if (options.shutdown?.aborted) onShutdown();
      else options.shutdown?.addEventListener('abort', onShutdown, { once: true });
    });
    abandoned.catch(() => {});
    let failure: { error: unknown } | undefined;
    try {
      await Promise.race([
        withConnectorSignal(cancel.signal, () => adapter.continueConversationAsync(botAppId, referenceTo(address), async (ctx) => {
          try {
            await logic(ctx);
          } catch (error) {
            failure = { error };
          }
        })),
        abandoned,
      ]);
      if (failure) throw failure.error;
    } catch (error) {
      if (cancel.signal.reason instanceof DeliveryError) throw cancel.signal.reason;
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
        // The SDK makes every send of a continued conversation a reply to its synthetic event
        // (replyToId = a random id, POST .../activities/{id}). An alert must be a message of its
        // own, which in a channel is a new post, not a reply in some thread: send to the
        // conversation itself (POST .../activities,
        // https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
        ctx.onSendActivities(async (_ctx, activities, next) => {
          for (const activity of activities) delete activity.replyToId;
          return next();
        });
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
