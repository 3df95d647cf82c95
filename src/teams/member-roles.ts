import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { RoleCheck } from '../chat/access-policy';
import type { Clock } from '../core/clock';
import { DeadlineError, withDeadline } from '../core/deadline';
import type { Logger } from '../core/logger';
import { isBotTokenTimeout, withConnectorSignal } from './connector-call-policy';
import { tenantOf } from './conversation-address';

const MEMBER_API = 'the Teams member API';

export interface MemberRoleOptions {
  clock: Clock;
  logger: Logger;
  /** The lookup is cancelled after this long (on `clock`): a hanging member API cannot hold the turn. */
  timeoutMs: number;
  cacheTtlMs: number;
  cacheMaxEntries: number;
}

/**
 * The Teams role of the user of a turn, from the member API (`TeamsInfo.getMember`:
 * GET /v3/conversations/{team or conversation id}/members/{user id}, whose `userRole` is `user`,
 * `guest` or `anonymous`: https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/get-teams-context).
 * Answers are reused for a short while; failures are not (the next message asks again).
 */
export class MemberRoles {
  private readonly cache = new Map<string, { role: 'user' | 'guest'; until: number }>();

  constructor(private readonly options: MemberRoleOptions) {}

  async check(turn: TurnContext): Promise<RoleCheck> {
    const activity = turn.activity;
    // Only Teams has guests (and the member API). Other channels carry no Teams tenant, so the
    // tenant gate already refuses them whenever ALLOWED_TENANT_IDS is set (everywhere but local mode).
    if (activity.channelId !== 'msteams') return { outcome: 'skipped' };
    const userId = activity.from?.id;
    if (!userId) return { outcome: 'unavailable' };
    const key = `${tenantOf(activity) ?? ''}|${userId}`;
    const now = this.options.clock.now().getTime();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return { outcome: 'known', role: cached.role };

    try {
      const member = await withDeadline(
        MEMBER_API, this.options.timeoutMs, (signal) => withConnectorSignal(signal, () => TeamsInfo.getMember(turn, userId)), undefined, this.options.clock,
      );
      // Anything but a plain member (guest, anonymous meeting participant, no role at all) is treated as a guest.
      const role = String(member?.userRole ?? '').toLowerCase() === 'user' ? 'user' : 'guest';
      this.remember(key, role, now);
      return { outcome: 'known', role };
    } catch (error) {
      const e = error as { code?: unknown; statusCode?: unknown; name?: unknown };
      this.options.logger.warn('member lookup failed: answering without fleet data', {
        conversationId: activity.conversation?.id,
        reason: error instanceof DeadlineError && error.what === MEMBER_API ? 'timeout' : typeof e?.statusCode === 'number' ? `status ${e.statusCode}` : String(e?.code ?? e?.name ?? 'error'),
      });
      return isBotTokenTimeout(error) ? { outcome: 'unavailable', teamsUnreachable: true } : { outcome: 'unavailable' };
    }
  }

  private remember(key: string, role: 'user' | 'guest', now: number): void {
    if (this.cache.size >= this.options.cacheMaxEntries) {
      for (const [k, v] of this.cache) if (v.until <= now) this.cache.delete(k);
      // Still full: forget the oldest entry (maps iterate in insertion order).
      if (this.cache.size >= this.options.cacheMaxEntries) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.delete(key);
    this.cache.set(key, { role, until: now + this.options.cacheTtlMs });
  }
}
