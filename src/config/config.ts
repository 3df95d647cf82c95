import path from 'node:path';
import { BUNDLED_DEMO_FLEET_FILE } from '../core/project-root';
import type { LogLevel } from '../core/logger';
import { AZURE_CLOUD_NAMES, type AzureCloudName } from '../clusters/azure-clouds';
import { describeStorage, readAzureBlob, type AzureBlobConfig } from './storage-config';
import { readAccess, type AccessSettings } from './access-config';
export type { AccessSettings } from './access-config';
export { describeStorage, DEFAULT_BLOB_CONTAINER, type AzureBlobConfig } from './storage-config';

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
export type StorageKind = 'sqlite' | 'memory' | 'azure-blob';

/** Where state lives: the validated STORAGE and its settings (src/storage/create-storage.ts builds it). */
export interface StorageConfig {
  /** sqlite (default, embedded) | memory (tests; nothing survives a restart) | azure-blob (several replicas). */
  kind: StorageKind;
  /** Absolute path of the SQLite file. */
  sqlitePath: string;
  /** Set when kind is azure-blob. */
  azureBlob?: AzureBlobConfig;
  /** `LEADER_LEASE_SECONDS`: the lease that makes one replica (or one process on a SQLite file) the monitor. */
  leaderLeaseMs: number;
}

/** The SQLite file when SQLITE_PATH is unset, relative to the working directory. */
export const DEFAULT_SQLITE_PATH = './data/arc-bot.db';

export interface AppConfig {
  port: number;
  bot: {
    appId: string; appPassword: string; appType: AppType; tenantId: string;
    /** Where channel tokens' signing keys are published (the SDK's ToBotFromChannelOpenIdMetadataUrl); unset = the SDK default. */
    openIdMetadataUrl?: string;
    /** Deadline of a Bot Connector call made inside a turn (a reply, a member lookup). */
    connectorTimeoutMs: number;
    tokenTimeoutMs: number; // TOKEN_TIMEOUT_SECONDS: deadline of fetching the bot's Entra token
  };
  clusterSource: 'demo' | 'resource-graph';
  demoFleetFile: string;
  /** True when serving the bundled demo file (simulated changes); false for a DEMO_FLEET_FILE. */
  demoSimulated: boolean;
  azure: { subscriptionIds: string[]; managementGroupIds: string[]; cloud: AzureCloudName; resourceManagerEndpoint?: string };
  fleetMaxAgeMs: number;
  resourceGraph: { nameCacheTtlMs: number; requestTimeoutMs: number; tokenTimeoutMs: number; retry: { maxAttempts: number; baseBackoffMs: number; maxWaitMs: number } };
  logLevel: LogLevel;
  playground: { enabled: boolean; port: number };
  ask: { pageSize: number };
  dialogs: { idleTimeoutMs: number };
  monitor: { intervalMs: number; confirmations: number; digestThreshold: number; degradedAfterFailures: number; removalMinMs: number; dropGuardPercent: number };
  storage: StorageConfig;
  delivery: DeliverySettings;
  health: { maxPendingAlertAgeMs: number };
  /** `AUDIT_RETENTION_DAYS`: how long who-changed-alerting records are kept. */
  audit: { retentionDays: number };
  access: AccessSettings;
}

export interface DeliverySettings {
  /** `ALERT_DELIVERY_MAX_AGE_MINUTES`: an alert is retried until it is this old, then given up with a log line. */
  maxAgeMs: number;
  /** `ALERT_SEND_TIMEOUT_SECONDS`: a send with no answer by then fails as retryable. */
  sendTimeoutMs: number;
  /** At most one message per conversation this often: Teams allows 7 per second per thread. */
  perConversationIntervalMs: number;
  /** Messages per second across conversations: well under Teams' 50 per second per app per tenant. */
  globalMaxPerSecond: number;
  /** Sends in flight at once across conversations (each conversation has at most one). */
  maxConcurrentSends: number;
  /** First retry delay; doubles per try, with jitter. */
  baseBackoffMs: number;
  /** Longest delay between retries, so a young alert is retried at least this often. */
  maxBackoffMs: number;
}

/**
 * Teams' proactive-message limits: 7 messages per second per conversation thread and 50 requests
 * per second per bot across a tenant (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit).
 * Fixed rather than configurable: above them Teams answers 429 and slows every alert.
 */
const TEAMS_SAFE_DELIVERY_RATES = { perConversationIntervalMs: 1000, globalMaxPerSecond: 20, maxConcurrentSends: 8 } as const;
/**
 * Resource Graph retries: 4 tries per page, 1 s doubling, and no single wait over 15 s (a chat
 * reply cannot wait for a long throttle; the quota window is seconds:
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests).
 */
const RESOURCE_GRAPH_RETRY = { maxAttempts: 4, baseBackoffMs: 1000, maxWaitMs: 15_000 } as const;
/** Retry delays for alerts Teams refused with a transient error (5xx, 412, network): 1 s doubling up to 60 s. */
const DELIVERY_BACKOFF = { baseBackoffMs: 1000, maxBackoffMs: 60_000 } as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}\nSee .env.example for every variable and its default.`);
    this.name = 'ConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Reads and validates every setting at once (all problems listed together); `env` is a parameter
 * so tests pass their own. Unset and empty are both "use the default".
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}.`);
      return fallback;
    }
    return n;
  };
  const list = (name: string): string[] => (get(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const match = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
    if (!match) problems.push(`${name}="${raw}" must be one of: ${allowed.join(', ')}.`);
    return match ?? fallback;
  };
  const flag = (name: string): boolean | undefined => {
    const raw = get(name)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'off', 'no'].includes(raw)) return false;
    problems.push(`${name}="${get(name)}" must be on or off.`);
    return undefined;
  };

  const appId = get('MicrosoftAppId') ?? '';
  const appPassword = get('MicrosoftAppPassword') ?? '';
  const tenantId = get('MicrosoftAppTenantId') ?? '';
  const appType = oneOf<AppType>('MicrosoftAppType', ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], 'MultiTenant');
  if (appId && !GUID.test(appId)) problems.push('MicrosoftAppId must be the bot\'s Entra application (client) id, a GUID.');
  if (appId && appType === 'SingleTenant' && (!appPassword || !tenantId)) problems.push('MicrosoftAppType=SingleTenant needs MicrosoftAppPassword and MicrosoftAppTenantId.');
  if (appId && appType === 'UserAssignedMSI' && !tenantId) problems.push('MicrosoftAppType=UserAssignedMSI needs MicrosoftAppTenantId.');
  if (appId && appType === 'UserAssignedMSI' && appPassword) problems.push('MicrosoftAppType=UserAssignedMSI must not have MicrosoftAppPassword set.');
  if (appId && appType === 'MultiTenant' && !appPassword) problems.push('MicrosoftAppId is set but MicrosoftAppPassword is empty.');
  if (!appId && (appPassword || tenantId)) problems.push('MicrosoftAppPassword/MicrosoftAppTenantId are set but MicrosoftAppId is empty.');

  const subscriptionIds = list('AZURE_SUBSCRIPTION_IDS');
  const managementGroupIds = list('AZURE_MANAGEMENT_GROUP_IDS');
  for (const s of subscriptionIds) if (!GUID.test(s)) problems.push(`AZURE_SUBSCRIPTION_IDS: "${s}" is not a subscription id (GUID).`);
  const defaultSource = subscriptionIds.length || managementGroupIds.length ? 'resource-graph' : 'demo';
  const clusterSource = oneOf('CLUSTER_SOURCE', ['demo', 'resource-graph'] as const, defaultSource);
  if (clusterSource === 'resource-graph' && !subscriptionIds.length && !managementGroupIds.length) {
    problems.push('CLUSTER_SOURCE=resource-graph needs AZURE_SUBSCRIPTION_IDS and/or AZURE_MANAGEMENT_GROUP_IDS.');
  }
  const endpoint = get('AZURE_RESOURCE_MANAGER_ENDPOINT');
  if (endpoint && !/^https:\/\/[^\s/]+/i.test(endpoint)) problems.push(`AZURE_RESOURCE_MANAGER_ENDPOINT="${endpoint}" must be an https:// URL.`);

  const demoFile = get('DEMO_FLEET_FILE');
  const playgroundFlag = flag('PLAYGROUND');
  const storageKind = oneOf<StorageKind>('STORAGE', ['sqlite', 'memory', 'azure-blob'], 'sqlite');
  const azureBlob = storageKind === 'azure-blob' ? readAzureBlob(get, problems) : undefined;
  // A blob lease lasts 15 to 60 seconds (https://learn.microsoft.com/en-us/rest/api/storageservices/lease-blob).
  const leaderLeaseMs = int('LEADER_LEASE_SECONDS', 30, 15, 60) * 1000;
  // An Entra token endpoint that hangs must not hold a reply, a delivery or a poll for long.
  const tokenTimeoutMs = int('TOKEN_TIMEOUT_SECONDS', 5, 1, 60) * 1000;

  const config: AppConfig = {
    port: int('PORT', 3978, 0, 65535),
    bot: {
      appId, appPassword, appType, tenantId,
      openIdMetadataUrl: get('ToBotFromChannelOpenIdMetadataUrl'),
      // A reply to a hanging connector must not hold the inbound request (and its worker) for long.
      connectorTimeoutMs: int('CONNECTOR_TIMEOUT_SECONDS', 10, 1, 60) * 1000,
      tokenTimeoutMs,
    },
    clusterSource,
    demoFleetFile: demoFile ? path.resolve(demoFile) : BUNDLED_DEMO_FLEET_FILE,
    demoSimulated: !demoFile,
    azure: {
      subscriptionIds,
      managementGroupIds,
      cloud: oneOf<AzureCloudName>('AZURE_CLOUD', AZURE_CLOUD_NAMES, 'AzurePublicCloud'),
      resourceManagerEndpoint: endpoint?.replace(/\/+$/, ''),
    },
    fleetMaxAgeMs: int('FLEET_MAX_AGE_SECONDS', 60, 0, 3600) * 1000,
    resourceGraph: {
      // A burst of questions about one cluster costs one Resource Graph query.
      nameCacheTtlMs: int('CLUSTER_NAME_CACHE_SECONDS', 15, 0, 3600) * 1000,
      requestTimeoutMs: int('RESOURCE_GRAPH_TIMEOUT_SECONDS', 30, 1, 300) * 1000,
      tokenTimeoutMs,
      retry: { ...RESOURCE_GRAPH_RETRY },
    },
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    // The Playground sends no auth header, so it only makes sense when auth is off (empty app id).
    playground: { enabled: playgroundFlag ?? !appId, port: int('PLAYGROUND_PORT', 56150, 0, 65535) },
    // At most 50 rows, so one list card stays far below Teams' message size limit.
    ask: { pageSize: int('CLUSTERS_PAGE_SIZE', 20, 1, 50) },
    // A dialog nobody answered for this long ends quietly; the next message starts afresh.
    dialogs: { idleTimeoutMs: int('DIALOG_IDLE_TIMEOUT_MINUTES', 30, 1, 24 * 60) * 60_000 },
    monitor: {
      intervalMs: int('MONITOR_INTERVAL_SECONDS', 60, 1, 86_400) * 1000,
      confirmations: int('ALERT_CONFIRMATIONS', 2, 1, 20),
      // More clusters than this changing in one poll -> one digest card per conversation (no flood).
      digestThreshold: int('ALERT_DIGEST_THRESHOLD', 5, 1, 1000),
      // Failed polls in a row before subscribers get one "monitoring degraded" card.
      degradedAfterFailures: int('MONITOR_DEGRADED_AFTER', 3, 1, 100),
      // A cluster missing from the fleet is announced as removed only after this long as well.
      removalMinMs: int('FLEET_REMOVAL_CONFIRM_MINUTES', 10, 0, 24 * 60) * 60_000,
      // A read that loses more than this share of the known fleet at once is a source fault, not removals.
      dropGuardPercent: int('FLEET_DROP_GUARD_PERCENT', 20, 1, 100),
    },
    storage: { kind: storageKind, sqlitePath: path.resolve(get('SQLITE_PATH') ?? DEFAULT_SQLITE_PATH), ...(azureBlob ? { azureBlob } : {}), leaderLeaseMs },
    delivery: {
      // An alert Teams keeps refusing (5xx, 412, network) is retried with backoff up to this age, then logged as given up.
      maxAgeMs: int('ALERT_DELIVERY_MAX_AGE_MINUTES', 30, 1, 24 * 60) * 60_000,
      // A proactive send that gets no answer is abandoned and retried after this long.
      sendTimeoutMs: int('ALERT_SEND_TIMEOUT_SECONDS', 30, 1, 600) * 1000,
      ...TEAMS_SAFE_DELIVERY_RATES,
      ...DELIVERY_BACKOFF,
    },
    health: {
      // /healthz turns 503 when an alert has waited longer than this for delivery.
      maxPendingAlertAgeMs: int('HEALTH_MAX_ALERT_AGE_MINUTES', 15, 1, 24 * 60) * 60_000,
    },
    // Who changed alerting, kept for a quarter by default; up to ten years for stricter retention policies.
    audit: { retentionDays: int('AUDIT_RETENTION_DAYS', 90, 1, 3650) },
    access: readAccess({ list, flag, int }, problems, { appId, appType, tenantId }),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** What is safe to log about the configuration (no secrets). */
export function describeConfig(c: AppConfig): Record<string, unknown> {
  return {
    port: c.port,
    auth: c.bot.appId ? `${c.bot.appType} (app id ${c.bot.appId})` : 'anonymous (MicrosoftAppId empty)',
    clusterSource: c.clusterSource,
    demoFleetFile: c.clusterSource === 'demo' ? c.demoFleetFile : undefined,
    azure: c.clusterSource === 'resource-graph' ? { ...c.azure } : undefined,
    storage: describeStorage(c.storage),
    playground: c.playground.enabled,
    access: {
      tenants: c.access.allowedTenantIds.length ? c.access.allowedTenantIds : 'any (local mode)',
      guests: c.access.allowGuests,
      operators: c.access.operatorIds.length ? c.access.operatorIds.length : 'everyone',
    },
  };
}
