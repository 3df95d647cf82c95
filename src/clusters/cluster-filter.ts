import { parseClusterResourceId } from './cluster';
import { CERT_EXPIRY_RISK_DAYS, type ClusterHealth } from './connectivity';
import { globToRegExp } from './name-matching';

/** The states a user can filter on: raw statuses plus derived health (stale heartbeat, expiring certificate). */
export const FILTER_STATES = ['offline', 'expired', 'connecting', 'connected', 'stale', 'expiring', 'unsupported', 'agentless', 'unhealthy'] as const;
export type FilterState = (typeof FILTER_STATES)[number];

/**
 * Which clusters a command means: every criterion given must hold (an empty filter is the whole
 * fleet). Plain data: subscriptions and mutes store it. Text compares case-insensitively, as Azure
 * names, regions and tags do.
 */
export interface ClusterFilter {
  /** Current states, any of which qualifies; only `clusters` filters on them (they change every poll). */
  states?: FilterState[];
  /** Cluster name or glob (`store-*`, `store-0?21`). */
  namePattern?: string;
  /** One cluster by Azure resource id (the alert card's buttons): never a same-named cluster elsewhere. */
  clusterId?: string;
  /** Region as used in ARM: lower case without spaces (`westeurope`). */
  region?: string;
  resourceGroup?: string;
  subscriptionId?: string;
  /** A key alone matches any value. */
  tag?: { key: string; value?: string };
}

/** The identity fields a filter looks at; both `Cluster` and the monitor's remembered cluster have them. */
export interface FilterableCluster {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  subscriptionId: string;
  tags: Record<string, string>;
}

export interface ParseFilterOptions {
  /** Words the caller takes for itself (subscribe: event kinds); they go to `rest`. */
  callerWords?: (word: string) => boolean;
  /** Words that are not filter words go to `rest` instead of `errors` (the caller explains them). */
  unknownWordsToRest?: boolean;
  /** `subscribe` and `mute` choose clusters by identity: state and page words are errors there. */
  identityOnly?: boolean;
}

export interface ParsedFilter {
  filter: ClusterFilter;
  /** Set when `page N` was given. */
  page?: number;
  /** Every problem, in the order met, so the user sees them all at once. */
  errors: string[];
  rest: string[];
}

const STATE_WORDS: Record<string, FilterState> = {
  offline: 'offline', expired: 'expired', connecting: 'connecting', connected: 'connected', online: 'connected',
  stale: 'stale', expiring: 'expiring', unsupported: 'unsupported', old: 'unsupported', agentless: 'agentless',
  unhealthy: 'unhealthy', attention: 'unhealthy',
};
const REGION_WORDS = new Set(['in', 'region']);
const RESOURCE_GROUP_WORDS = new Set(['rg', 'resourcegroup', 'resource-group']);
const SUBSCRIPTION_WORDS = new Set(['sub', 'subscription']);
/** Words of the filter grammar that take a value (`in westeurope`, `rg lab`, `sub <id>`). */
export const FILTER_VALUE_WORDS: ReadonlySet<string> = new Set([...REGION_WORDS, ...RESOURCE_GROUP_WORDS, ...SUBSCRIPTION_WORDS]);
const NAME_PATTERN = /^[A-Za-z0-9_*?][A-Za-z0-9_.*?-]{0,62}$/;
const MAX_PAGE = 100_000;

export const CLUSTER_FILTER_USAGE = '[name or store-*] [in <region>] [rg <name>] [sub <id>] [tag <key>[=<value>]]';

/**
 * The one cluster filter grammar: `[state...] [<name pattern> | <resource id>] [in|region <region>]
 * [rg|resourcegroup|resource-group <name>] [sub|subscription <id>] [tag <key>[=<value>]] [page N]`,
 * words in any order.
 */
export function parseClusterFilter(args: string | readonly string[], options: ParseFilterOptions = {}): ParsedFilter {
  const tokens = typeof args === 'string' ? args.trim().split(/\s+/).filter(Boolean) : [...args];
  const filter: ClusterFilter = {};
  const errors: string[] = [];
  const rest: string[] = [];
  let page: number | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const word = token.toLowerCase();
    const value = (example: string): string | undefined => {
      if (i + 1 < tokens.length) return tokens[++i];
      errors.push(`"${token}" needs a value, e.g. ${example}.`);
      return undefined;
    };
    if (options.callerWords?.(token)) rest.push(token);
    else if (STATE_WORDS[word] || word === 'page') {
      if (options.identityOnly) {
        errors.push(`"${token}" is not a filter here: states and pages are for \`clusters\`; this takes a name, id, region, resource group, subscription or tag.`);
        if (word === 'page') i++;
      } else if (word === 'page') {
        const v = value('page 2');
        const n = Number(v);
        if (v !== undefined && Number.isInteger(n) && n >= 1 && n <= MAX_PAGE) page = n;
        else if (v !== undefined) errors.push(`"${quoted(v)}" is not a page number.`);
      } else {
        const states = (filter.states ??= []);
        if (!states.includes(STATE_WORDS[word])) states.push(STATE_WORDS[word]);
      }
    } else if (REGION_WORDS.has(word)) {
      const v = value('in westeurope');
      if (v) filter.region = normaliseRegion(v);
    } else if (RESOURCE_GROUP_WORDS.has(word)) {
      const v = value('rg edge-prod');
      if (v) filter.resourceGroup = v;
    } else if (SUBSCRIPTION_WORDS.has(word)) {
      const v = value('sub 00000000-0000-0000-0000-000000000000');
      if (v) filter.subscriptionId = v.toLowerCase();
    } else if (word === 'tag') {
      const v = value('tag env=prod');
      const eq = v?.indexOf('=') ?? -1;
      if (v !== undefined && (eq === 0 || v === '')) errors.push('A tag filter needs a key: tag env=prod');
      else if (v !== undefined) filter.tag = eq < 0 ? { key: v } : { key: v.slice(0, eq), value: v.slice(eq + 1) };
    } else if (parseClusterResourceId(token) && !filter.clusterId) filter.clusterId = token;
    else if (NAME_PATTERN.test(token) && !filter.namePattern) filter.namePattern = token;
    else if (options.unknownWordsToRest) rest.push(token);
    else errors.push(`I do not understand "${quoted(token)}".`);
  }
  return { filter, page, errors, rest };
}

/** A word as an error message repeats it: a pasted wall of text is cut, not echoed. */
function quoted(word: string): string {
  return word.slice(0, 40);
}

/** How many filter problems one reply lists. */
const MAX_ERRORS_SHOWN = 5;

/**
 * The parse errors as one reply line: the first few and a count of the rest, so thousands of bad
 * words never make a reply that Teams refuses as too large (413 MessageSizeTooBig:
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages).
 */
export function filterErrorsText(errors: readonly string[]): string {
  const more = errors.length > MAX_ERRORS_SHOWN ? ` (and ${errors.length - MAX_ERRORS_SHOWN} more problems)` : '';
  return `${errors.slice(0, MAX_ERRORS_SHOWN).join(' ')}${more}`;
}

/** "East US 2" and "EastUS2" are both the ARM region "eastus2". */
function normaliseRegion(value: string): string {
  return value.replace(/\s+/g, '').toLowerCase();
}

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** True when the filter names no criterion: the whole fleet. */
export function isWholeFleet(filter: ClusterFilter): boolean {
  return Object.keys(normalised(filter)).length === 0;
}

/**
 * Whether `cluster` passes every criterion. `health` is needed only for state filters, which only
 * `clusters` builds; a state filter without it is a programming error, not "no match".
 */
export function matchesFilter(filter: ClusterFilter, cluster: FilterableCluster, health?: ClusterHealth): boolean {
  if (filter.clusterId && !sameText(cluster.id, filter.clusterId)) return false;
  if (filter.namePattern && !cachedGlob(filter.namePattern).test(cluster.name)) return false;
  if (filter.region && normaliseRegion(cluster.location) !== normaliseRegion(filter.region)) return false;
  if (filter.resourceGroup && !sameText(cluster.resourceGroup, filter.resourceGroup)) return false;
  if (filter.subscriptionId && !sameText(cluster.subscriptionId, filter.subscriptionId)) return false;
  if (filter.tag) {
    const { key, value } = filter.tag;
    const found = tagKeyOf(cluster.tags, key.toLowerCase());
    if (found === undefined || (value !== undefined && !sameText(cluster.tags[found], value))) return false;
  }
  if (!filter.states?.length) return true;
  if (!health) throw new Error('A state filter needs the cluster\'s health');
  return filter.states.some((state) => hasState(health, state));
}

/** The tag key equal to `wantedLower` ignoring case, without allocating (a `clusters tag` list runs this on every cluster). */
function tagKeyOf(tags: Record<string, string>, wantedLower: string): string | undefined {
  for (const k in tags) if (k.length === wantedLower.length && k.toLowerCase() === wantedLower) return k;
  return undefined;
}

function hasState(health: ClusterHealth, state: FilterState): boolean {
  switch (state) {
    case 'offline': return health.status === 'Offline';
    case 'expired': return health.status === 'Expired';
    case 'connecting': return health.status === 'Connecting';
    case 'connected': return health.status === 'Connected';
    case 'agentless': return health.status === 'AgentNotInstalled';
    case 'stale': return health.heartbeatStale;
    case 'expiring': return health.certificateDaysLeft !== undefined && !health.certificateExpired && health.certificateDaysLeft < CERT_EXPIRY_RISK_DAYS;
    case 'unsupported': return health.agent !== undefined && !health.agent.supported;
    // What the fleet summary lists under "Needs attention first": any severity above informational.
    case 'unhealthy': return health.severity !== 'ok' && health.severity !== 'info';
  }
}

const globCache = new Map<string, RegExp>();

/** The monitor matches every subscription and mute against every change: compile each pattern once. */
function cachedGlob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) globCache.set(pattern, (re = globToRegExp(pattern)));
  return re;
}

/**
 * The clusters a filter means, as a noun phrase for replies, card titles and lists:
 * "all clusters", "cluster store-0421", "offline clusters named store-* in westeurope, tagged env=prod".
 */
export function describeFilter(filter: ClusterFilter): string {
  if (isWholeFleet(filter)) return 'all clusters';
  const states = filter.states?.length ? `${filter.states.join(' or ')} ` : '';
  const id = filter.clusterId ? parseClusterResourceId(filter.clusterId) : undefined;
  let subject = `${states}clusters`;
  if (id) subject = `${states}cluster ${id.name} (resource group ${id.resourceGroup})`;
  else if (filter.namePattern) subject = /[*?]/.test(filter.namePattern) ? `${states}clusters named ${filter.namePattern}` : `${states}cluster ${filter.namePattern}`;
  const where: string[] = [];
  if (filter.region) where.push(`in ${filter.region}`);
  if (filter.resourceGroup) where.push(`in resource group ${filter.resourceGroup}`);
  if (filter.subscriptionId) where.push(`in subscription ${filter.subscriptionId}`);
  if (filter.tag) where.push(`tagged ${tagText(filter.tag)}`);
  return [subject, where.join(', ')].filter(Boolean).join(' ');
}

function tagText(tag: { key: string; value?: string }): string {
  return tag.value !== undefined ? `${tag.key}=${tag.value}` : tag.key;
}

/** Serialises a filter back to command words that parse to the same filter (Next-page buttons). */
export function filterToArgs(filter: ClusterFilter): string {
  const words: string[] = [...(filter.states ?? [])];
  if (filter.clusterId) words.push(filter.clusterId);
  if (filter.namePattern) words.push(filter.namePattern);
  if (filter.region) words.push('in', filter.region);
  if (filter.resourceGroup) words.push('rg', filter.resourceGroup);
  if (filter.subscriptionId) words.push('sub', filter.subscriptionId);
  if (filter.tag) words.push('tag', tagText(filter.tag));
  return words.join(' ');
}

/** Whether two filters mean the same clusters (so `subscribe STORE-*` updates `subscribe store-*`). */
export function sameFilter(a: ClusterFilter, b: ClusterFilter): boolean {
  return JSON.stringify(normalised(a)) === JSON.stringify(normalised(b));
}

/** Lower case, empty parts dropped, fixed key and state order. */
function normalised(f: ClusterFilter): Record<string, unknown> {
  const lower = (s: string | undefined) => s?.toLowerCase();
  const all: Record<string, unknown> = {
    states: f.states?.length ? [...f.states].sort() : undefined,
    namePattern: lower(f.namePattern),
    clusterId: lower(f.clusterId),
    region: f.region === undefined ? undefined : normaliseRegion(f.region),
    resourceGroup: lower(f.resourceGroup),
    subscriptionId: lower(f.subscriptionId),
    tag: f.tag ? { key: f.tag.key.toLowerCase(), value: lower(f.tag.value) } : undefined,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined && v !== ''));
}
