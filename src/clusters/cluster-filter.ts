import type { Cluster } from './cluster';
import { CERT_EXPIRY_RISK_DAYS, type ClusterHealth } from './connectivity';
import { globToRegExp } from './name-matching';

/** The states a user can filter on: raw statuses plus derived health (stale heartbeat, expiring certificate). */
export const FILTER_STATES = ['offline', 'expired', 'connecting', 'connected', 'stale', 'expiring', 'unsupported', 'agentless'] as const;
export type FilterState = (typeof FILTER_STATES)[number];

export interface ClusterFilter {
  states: FilterState[];
  region?: string;
  resourceGroup?: string;
  subscriptionId?: string;
  tag?: { key: string; value?: string };
  namePattern?: string;
}

export interface ParsedFilter {
  filter: ClusterFilter;
  page: number;
  errors: string[];
}

const STATE_ALIASES: Record<string, FilterState> = {
  offline: 'offline', expired: 'expired', connecting: 'connecting', connected: 'connected', online: 'connected',
  stale: 'stale', expiring: 'expiring', unsupported: 'unsupported', old: 'unsupported', agentless: 'agentless',
};

/**
 * Parses `[offline|expired|...] [in <region>] [rg <name>] [tag k=v] [sub <id>] [<name pattern>] [page N]`.
 * Every problem is collected so the user sees them all at once.
 */
export function parseClusterFilter(args: string): ParsedFilter {
  const tokens = args.trim().split(/\s+/).filter(Boolean);
  const filter: ClusterFilter = { states: [] };
  const errors: string[] = [];
  let page = 1;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i].toLowerCase();
    const next = tokens[i + 1];
    const needValue = (what: string): string | undefined => {
      if (next === undefined) {
        errors.push(`"${tokens[i]}" needs ${what} after it.`);
        return undefined;
      }
      i++;
      return next;
    };
    if (STATE_ALIASES[word]) {
      if (!filter.states.includes(STATE_ALIASES[word])) filter.states.push(STATE_ALIASES[word]);
    } else if (word === 'in' || word === 'region') {
      const v = needValue('a region, e.g. westeurope');
      if (v) filter.region = v.toLowerCase().replace(/\s+/g, '');
    } else if (word === 'rg' || word === 'resourcegroup' || word === 'resource-group') {
      const v = needValue('a resource group name');
      if (v) filter.resourceGroup = v;
    } else if (word === 'sub' || word === 'subscription') {
      const v = needValue('a subscription id');
      if (v) filter.subscriptionId = v.toLowerCase();
    } else if (word === 'tag') {
      const v = needValue('key=value');
      if (v) {
        const eq = v.indexOf('=');
        filter.tag = eq < 0 ? { key: v } : { key: v.slice(0, eq), value: v.slice(eq + 1) };
        if (!filter.tag.key) errors.push('A tag filter needs a key: tag env=prod');
      }
    } else if (word === 'page') {
      const v = needValue('a page number');
      const n = Number(v);
      if (v !== undefined) {
        if (Number.isInteger(n) && n >= 1 && n <= 100_000) page = n;
        else errors.push(`"${v}" is not a page number.`);
      }
    } else if (/^[A-Za-z0-9_.*?-]{1,63}$/.test(tokens[i]) && !filter.namePattern) {
      filter.namePattern = tokens[i];
    } else {
      errors.push(`I do not understand "${tokens[i].slice(0, 40)}".`);
    }
  }
  return { filter, page, errors };
}

export function matchesFilter(cluster: Cluster, health: ClusterHealth, filter: ClusterFilter): boolean {
  if (filter.region && cluster.location !== filter.region) return false;
  if (filter.resourceGroup && cluster.resourceGroup.toLowerCase() !== filter.resourceGroup.toLowerCase()) return false;
  if (filter.subscriptionId && cluster.subscriptionId.toLowerCase() !== filter.subscriptionId) return false;
  if (filter.tag) {
    const key = Object.keys(cluster.tags).find((k) => k.toLowerCase() === filter.tag!.key.toLowerCase());
    if (key === undefined) return false;
    if (filter.tag.value !== undefined && cluster.tags[key].toLowerCase() !== filter.tag.value.toLowerCase()) return false;
  }
  if (filter.namePattern) {
    if (!globToRegExp(filter.namePattern).test(cluster.name)) return false;
  }
  if (filter.states.length === 0) return true;
  return filter.states.some((state) => matchesState(cluster, health, state));
}

function matchesState(cluster: Cluster, health: ClusterHealth, state: FilterState): boolean {
  switch (state) {
    case 'offline': return cluster.status === 'Offline';
    case 'expired': return cluster.status === 'Expired';
    case 'connecting': return cluster.status === 'Connecting';
    case 'connected': return cluster.status === 'Connected';
    case 'agentless': return cluster.status === 'AgentNotInstalled';
    case 'stale': return health.heartbeatStale;
    case 'expiring': return health.certificateDaysLeft !== undefined && !health.certificateExpired && health.certificateDaysLeft < CERT_EXPIRY_RISK_DAYS;
    case 'unsupported': return health.agent !== undefined && !health.agent.supported;
  }
}

/** "offline in westeurope, rg edge-prod" — for card titles and subscription lists. */
export function describeFilter(filter: ClusterFilter): string {
  const parts: string[] = [];
  if (filter.namePattern) parts.push(filter.namePattern);
  if (filter.region) parts.push(`in ${filter.region}`);
  if (filter.resourceGroup) parts.push(`rg ${filter.resourceGroup}`);
  if (filter.subscriptionId) parts.push(`subscription ${filter.subscriptionId}`);
  if (filter.tag) parts.push(`tag ${filter.tag.key}${filter.tag.value !== undefined ? '=' + filter.tag.value : ''}`);
  const states = filter.states.join(' or ');
  return [states, ...parts].filter(Boolean).join(' ') || 'all clusters';
}

/** Serialises a filter back to command words (for Next-page buttons). */
export function filterToArgs(filter: ClusterFilter): string {
  const parts: string[] = [...filter.states];
  if (filter.namePattern) parts.push(filter.namePattern);
  if (filter.region) parts.push('in', filter.region);
  if (filter.resourceGroup) parts.push('rg', filter.resourceGroup);
  if (filter.subscriptionId) parts.push('sub', filter.subscriptionId);
  if (filter.tag) parts.push('tag', filter.tag.value !== undefined ? `${filter.tag.key}=${filter.tag.value}` : filter.tag.key);
  return parts.join(' ');
}
