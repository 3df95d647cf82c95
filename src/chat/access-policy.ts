import type { CommandContext, CommandDefinition } from './command';
import { textReply, type Reply } from './reply';

/** What the configuration says about who may use the bot (ALLOWED_TENANT_IDS, ALLOW_GUESTS, OPERATOR_IDS). */
export interface AccessRules {
  /** Lower-case tenant ids; empty = every tenant (local mode only: the configuration refuses it otherwise). */
  allowedTenantIds: string[];
  allowGuests: boolean;
  /** Lower-case Entra object ids; empty = everyone in an allowed tenant may change alerting. */
  operatorIds: string[];
}

/** What the edge learnt about the user's Teams role for this turn. */
export type RoleCheck =
  | { outcome: 'known'; role: 'user' | 'guest' }
  /**
   * The member lookup failed or missed its deadline: guests cannot be told apart. `teamsUnreachable`:
   * the bot's own token did not come, so no answer can reach Teams either.
   */
  | { outcome: 'unavailable'; teamsUnreachable?: boolean }
  /** No lookup was needed (guests are allowed) or possible (not a Teams conversation). */
  | { outcome: 'skipped' };

/** The one line another tenant gets: nothing about the fleet, no hint of what the bot holds. */
export const OTHER_TENANT_LINE = 'Sorry, this bot only serves the organisation that runs it.';
export const GUEST_LINE = 'Sorry, guests of this team cannot use this bot here. Ask a member of the organisation for what you need.';
/** Said when the member lookup failed: guests may not see fleet data, so nobody unverified does. */
export const ROLE_UNAVAILABLE_LINE = 'I could not check your membership with Teams just now, so I cannot show fleet data (guests may not see it). Please try again in a minute.';

/**
 * Who may do what, in plain terms: tenants, guests, and operators for commands that change
 * alerting. The channel edge asks it before a turn runs; the router asks `refusal` before a command
 * runs (typed or clicked, the same check).
 */
export class AccessPolicy {
  private readonly tenants: ReadonlySet<string>;
  private readonly operators: ReadonlySet<string>;

  constructor(private readonly rules: AccessRules) {
    this.tenants = new Set(rules.allowedTenantIds.map((t) => t.toLowerCase()));
    this.operators = new Set(rules.operatorIds.map((o) => o.toLowerCase()));
  }

  /** A missing tenant counts as another tenant whenever a list is configured. */
  tenantAllowed(tenantId: string | undefined): boolean {
    if (!this.tenants.size) return true;
    return !!tenantId && this.tenants.has(tenantId.toLowerCase());
  }

  /** True when the edge must learn the user's role before answering. */
  get needsRole(): boolean {
    return !this.rules.allowGuests;
  }

  /** The line that ends the turn for this user, or undefined when they may use the bot. Fails closed when the role is unknown. */
  userRefusal(check: RoleCheck): string | undefined {
    if (this.rules.allowGuests || check.outcome === 'skipped') return undefined;
    if (check.outcome === 'unavailable') return ROLE_UNAVAILABLE_LINE;
    return check.role === 'guest' ? GUEST_LINE : undefined;
  }

  isOperator(ctx: CommandContext): boolean {
    if (!this.operators.size) return true;
    const id = ctx.user.aadObjectId?.toLowerCase();
    return !!id && this.operators.has(id);
  }

  /** The answer that replaces a command this user may not run (nothing is changed), or undefined. */
  refusal(command: CommandDefinition, ctx: CommandContext): Reply | undefined {
    if (!command.requiresOperator || this.isOperator(ctx)) return undefined;
    const count = this.operators.size;
    return {
      ...textReply(
      `Only this bot's operators can use \`${command.name}\` here (${count} ${count === 1 ? 'person is' : 'people are'} listed in its OPERATOR_IDS setting); ` +
      'nothing was changed. Ask one of them, or your Teams admin, to do it. Reading (`status`, `clusters`, `subscriptions`, `mutes`) stays open to you.',
      ),
      onlyToClicker: true,
    };
  }

  /** Which mode is on, for the help card; `commands` are the ones only operators may use when the list is set. */
  modeLine(commands: string[]): string {
    const list = commands.join(', ');
    return this.operators.size
      ? `Only operators (${this.operators.size}, OPERATOR_IDS) can use ${list}; everyone here can use the rest.`
      : `Everyone in this organisation can use every command, ${list} included: no operators are set (OPERATOR_IDS).`;
  }
}

/** Everyone may do everything (tests and tools that build a router without a configuration). */
export const OPEN_ACCESS = new AccessPolicy({ allowedTenantIds: [], allowGuests: true, operatorIds: [] });
