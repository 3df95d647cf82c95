import { ActivityTypes, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import { OTHER_TENANT_LINE, type AccessPolicy } from '../chat/access-policy';
import { SLOW_DOWN_LINE, type FloodLimit } from '../chat/flood-limit';
import type { Logger } from '../core/logger';
import { isExecuteAction } from './card-action';
import { tenantOf } from './conversation-address';
import { conversationKey } from './conversation-key';
import type { MemberRoles } from './member-roles';

export interface TurnAccessDeps {
  policy: AccessPolicy;
  roles: MemberRoles;
  flood: FloodLimit;
  logger: Logger;
}

/** A user admitted for this turn, with their Teams role when it was looked up. */
export type UserAdmission = { admitted: true; role?: 'user' | 'guest' } | { admitted: false };

const REFUSAL = Symbol('accessRefusal');

/**
 * The gates in front of every turn, in order of cost: the tenant (before anything is read or
 * written), the flood limit (before any lookup or command), then the user's Teams role (one
 * member lookup, cached). A refusal is answered here with one line; an `Action.Execute` click gets
 * it as the invoke's message instead of a post.
 */
export class TurnAccess {
  constructor(private readonly deps: TurnAccessDeps) {}

  /** True when the activity's tenant may use the bot; otherwise it was answered (messages, clicks, installs) and logged. */
  async admitTenant(turn: TurnContext): Promise<boolean> {
    const tenantId = tenantOf(turn.activity);
    if (this.deps.policy.tenantAllowed(tenantId)) return true;
    // The tenant id and activity type only: nothing the other tenant wrote.
    this.deps.logger.warn('activity refused: tenant not allowed', { tenantId: tenantId ?? '(none)', activityType: turn.activity.type, channel: turn.activity.channelId });
    const a = turn.activity;
    const answered = a.type === ActivityTypes.Message || isExecuteAction(a) || (a.type === ActivityTypes.InstallationUpdate && a.action === 'add');
    // The turn stops here, before the handler that would answer a click: its invoke response is sent now.
    if (isExecuteAction(a)) await turn.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: invokeMessage(OTHER_TENANT_LINE) } });
    else if (answered) await turn.sendActivity(OTHER_TENANT_LINE);
    return false;
  }

  /** Flood limit, then the role check; a refused user was answered (or, inside a flood, silently dropped). */
  async admitUser(turn: TurnContext): Promise<UserAdmission> {
    const a = turn.activity;
    const userKey = a.from?.aadObjectId ?? a.from?.id ?? 'unknown';
    const verdict = this.deps.flood.admit(`${tenantOf(a) ?? ''}|${userKey}`, conversationKey(a.conversation?.id ?? 'unknown'));
    if (!verdict.ok) {
      if (verdict.tell) {
        this.deps.logger.warn('messages refused: flood limit', { conversationId: a.conversation?.id, user: a.from?.id });
        await this.answer(turn, SLOW_DOWN_LINE(verdict.retryInSeconds));
      } else if (isExecuteAction(a)) {
        await this.answer(turn, SLOW_DOWN_LINE(verdict.retryInSeconds));
      }
      return { admitted: false };
    }
    const check = this.deps.policy.needsRole ? await this.deps.roles.check(turn) : { outcome: 'skipped' as const };
    const refusal = this.deps.policy.userRefusal(check);
    // Saying why needs the same token that just missed its deadline: it would only wait it out again.
    if (refusal && check.outcome === 'unavailable' && check.teamsUnreachable) return { admitted: false };
    if (refusal) {
      this.deps.logger.info('message refused: user role', { conversationId: a.conversation?.id, user: a.from?.id, role: check.outcome === 'known' ? check.role : check.outcome });
      await this.answer(turn, refusal);
      return { admitted: false };
    }
    return { admitted: true, ...(check.outcome === 'known' ? { role: check.role } : {}) };
  }

  /** Posts the line, or keeps it as the answer of an `Action.Execute` invoke (see `refusalOf`). */
  private async answer(turn: TurnContext, line: string): Promise<void> {
    if (!answerClickerOnly(turn, line)) await turn.sendActivity(line);
  }
}

/** On an `Action.Execute` click, keeps `line` as the invoke's answer (shown to the clicker alone) and returns true; false otherwise. */
export function answerClickerOnly(turn: TurnContext, line: string): boolean {
  if (!isExecuteAction(turn.activity)) return false;
  turn.turnState.set(REFUSAL, line);
  return true;
}

/**
 * An `Action.Execute` answer that shows a message instead of a card (an empty answer makes Teams
 * retry: https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards).
 */
export function invokeMessage(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } as unknown as AdaptiveCardInvokeResponse;
}

/** The refusal line kept for this turn's invoke response, if any. */
export function refusalOf(turn: TurnContext): string | undefined {
  return turn.turnState.get(REFUSAL) as string | undefined;
}
