import type { AppType } from './config';

/** Who may use the bot and how much: see src/chat/access-policy.ts and src/chat/flood-limit.ts. */
export interface AccessSettings {
  /** `ALLOWED_TENANT_IDS`: Entra tenants whose conversations are answered; empty = any (local mode only). */
  allowedTenantIds: string[];
  /** `ALLOW_GUESTS`: users whose Teams role is guest may read fleet data. */
  allowGuests: boolean;
  /** `OPERATOR_IDS`: Entra object ids of who may change alerting; empty = everyone in an allowed tenant. */
  operatorIds: string[];
  /** Messages one user may send per minute (also the largest burst), and one conversation. */
  flood: { userPerMinute: number; conversationPerMinute: number };
  /** Deadline of the Teams member lookup that tells guests apart, and how long its answer is reused. */
  memberLookup: { timeoutMs: number; cacheTtlMs: number; cacheMaxEntries: number };
}

/**
 * The Teams member lookup (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/get-teams-context)
 * is on the path of every answer to a user not seen lately: a few seconds at most, then the answer
 * says it could not check. A role changes rarely (a guest is promoted or removed), so five minutes
 * of reuse costs little; the entry bound keeps a large tenant's memory flat.
 */
const MEMBER_LOOKUP = { timeoutMs: 3000, cacheTtlMs: 5 * 60_000, cacheMaxEntries: 5000 } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** loadConfig's readers: unset and empty are the default; bad values add to `problems`. */
export interface SettingReaders {
  list(name: string): string[];
  flag(name: string): boolean | undefined;
  int(name: string, fallback: number, min: number, max: number): number;
}

/** Reads ALLOWED_TENANT_IDS, ALLOW_GUESTS, OPERATOR_IDS and the flood limits; problems join the list every setting reports to. */
export function readAccess(read: SettingReaders, problems: string[], bot: { appId: string; appType: AppType; tenantId: string }): AccessSettings {
  const allowedTenantIds = read.list('ALLOWED_TENANT_IDS');
  for (const t of allowedTenantIds) if (!GUID.test(t)) problems.push(`ALLOWED_TENANT_IDS: "${t}" is not a tenant id (GUID).`);
  if (!allowedTenantIds.length && bot.tenantId) allowedTenantIds.push(bot.tenantId);
  // Only local mode (no app id: the Playground, tests) may answer every tenant; a multi-tenant app
  // can be installed by any organisation, so it must say whose conversations it serves.
  if (bot.appId && bot.appType === 'MultiTenant' && !allowedTenantIds.length) {
    problems.push('ALLOWED_TENANT_IDS is required when MicrosoftAppId is set with MicrosoftAppType=MultiTenant (the tenants whose users may use the bot).');
  }
  const operatorIds = read.list('OPERATOR_IDS');
  for (const o of operatorIds) if (!GUID.test(o)) problems.push(`OPERATOR_IDS: "${o}" is not an Entra object id (GUID).`);
  return {
    allowedTenantIds: allowedTenantIds.map((t) => t.toLowerCase()),
    allowGuests: read.flag('ALLOW_GUESTS') ?? false,
    operatorIds: operatorIds.map((o) => o.toLowerCase()),
    // 20 a minute is a person typing fast or clicking through pages; a script is slowed down.
    flood: {
      userPerMinute: read.int('FLOOD_USER_MESSAGES_PER_MINUTE', 20, 1, 100_000),
      conversationPerMinute: read.int('FLOOD_CONVERSATION_MESSAGES_PER_MINUTE', 60, 1, 100_000),
    },
    memberLookup: { ...MEMBER_LOOKUP },
  };
}
