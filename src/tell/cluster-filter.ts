import { parseClusterResourceId } from '../clusters/cluster';
import { globToRegExp } from '../clusters/name-matching';

/**
 * Which clusters a subscription or a mute covers. Plain data so it can be stored and listed.
 * Matching is case-insensitive (Azure names and regions are).
 */
export type ClusterFilter =
  | { type: 'all' }
  | { type: 'name'; pattern: string }
  | { type: 'rg'; value: string }
  | { type: 'region'; value: string }
  | { type: 'tag'; key: string; value: string }
  | { type: 'subscription'; value: string }
  /** One cluster by Azure resource id (the alert card's Mute button): never a same-named cluster elsewhere. */
  | { type: 'id'; value: string };

/** The fields a filter looks at; both `Cluster` and the monitor's stored state have them. */
export interface FilterableCluster {
  /** Azure resource id; only `id` filters look at it (both `Cluster` and `ClusterState` have it). */
  id?: string;
  name: string;
  resourceGroup: string;
  location: string;
  subscriptionId: string;
  tags: Record<string, string>;
}

const globCache = new Map<string, RegExp>();

/** Patterns are few and reused every poll: compile each once. */
function cachedGlob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    re = globToRegExp(pattern);
    globCache.set(pattern, re);
  }
  return re;
}

const same = (a: string | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();

export function matchesFilter(filter: ClusterFilter, cluster: FilterableCluster): boolean {
  switch (filter.type) {
    case 'all':
      return true;
    case 'name':
      return cachedGlob(filter.pattern).test(cluster.name);
    case 'rg':
      return same(cluster.resourceGroup, filter.value);
    case 'region':
      return same(cluster.location.replace(/\s+/g, ''), filter.value.replace(/\s+/g, ''));
    case 'subscription':
      return same(cluster.subscriptionId, filter.value);
    case 'id':
      return same(cluster.id, filter.value);
    case 'tag': {
      const key = Object.keys(cluster.tags).find((k) => same(k, filter.key));
      return key !== undefined && same(cluster.tags[key], filter.value);
    }
  }
}

export function describeFilter(filter: ClusterFilter): string {
  switch (filter.type) {
    case 'all':
      return 'all clusters';
    case 'name':
      return /[*?]/.test(filter.pattern) ? `clusters named ${filter.pattern}` : `cluster ${filter.pattern}`;
    case 'rg':
      return `resource group ${filter.value}`;
    case 'region':
      return `region ${filter.value}`;
    case 'tag':
      return `tag ${filter.key}=${filter.value}`;
    case 'subscription':
      return `subscription ${filter.value}`;
    case 'id': {
      const parts = parseClusterResourceId(filter.value);
      return parts ? `cluster ${parts.name} (resource group ${parts.resourceGroup})` : `cluster ${filter.value}`;
    }
  }
}

export type FilterParse = { ok: true; filter: ClusterFilter; rest: string[] } | { ok: false; error: string };

const KEYWORDS = new Set(['rg', 'region', 'in', 'tag', 'subscription', 'sub']);

/**
 * Parses the filter at the start of `words`: `rg <name>`, `region|in <region>`, `tag k=v`,
 * `subscription <id>`, a cluster resource id (`/subscriptions/.../connectedClusters/<name>`),
 * a name or glob (`store-*`), or nothing (= all, when `allowAll`).
 * `isReservedWord` lets callers keep their own trailing words (event kinds, durations) out of it.
 */
export function parseFilter(words: string[], isReservedWord: (w: string) => boolean): FilterParse {
  const [first, second, ...more] = words;
  if (first === undefined || isReservedWord(first)) return { ok: true, filter: { type: 'all' }, rest: words };
  if (parseClusterResourceId(first)) return { ok: true, filter: { type: 'id', value: first }, rest: [second, ...more].filter((w): w is string => w !== undefined) };
  const keyword = first.toLowerCase();
  if (KEYWORDS.has(keyword)) {
    if (second === undefined) return { ok: false, error: `"${first}" needs a value, e.g. ${exampleFor(keyword)}.` };
    if (keyword === 'rg') return { ok: true, filter: { type: 'rg', value: second }, rest: more };
    if (keyword === 'region' || keyword === 'in') return { ok: true, filter: { type: 'region', value: second.toLowerCase() }, rest: more };
    if (keyword === 'subscription' || keyword === 'sub') return { ok: true, filter: { type: 'subscription', value: second }, rest: more };
    const eq = second.indexOf('=');
    if (eq <= 0) return { ok: false, error: `A tag filter is key=value, e.g. ${exampleFor('tag')}.` };
    return { ok: true, filter: { type: 'tag', key: second.slice(0, eq), value: second.slice(eq + 1) }, rest: more };
  }
  if (!/^[A-Za-z0-9*?][A-Za-z0-9_.*?-]{0,62}$/.test(first)) {
    return { ok: false, error: `"${first}" is not a cluster name or pattern (letters, digits, - _ . and * ? wildcards).` };
  }
  return { ok: true, filter: { type: 'name', pattern: first }, rest: [second, ...more].filter((w): w is string => w !== undefined) };
}

function exampleFor(keyword: string): string {
  if (keyword === 'rg') return 'rg edge-prod';
  if (keyword === 'tag') return 'tag env=prod';
  if (keyword === 'subscription' || keyword === 'sub') return 'subscription 00000000-0000-0000-0000-000000000000';
  return 'region westeurope';
}

export function sameFilter(a: ClusterFilter, b: ClusterFilter): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(f: ClusterFilter): ClusterFilter {
  switch (f.type) {
    case 'all':
      return f;
    case 'name':
      return { type: 'name', pattern: f.pattern.toLowerCase() };
    case 'tag':
      return { type: 'tag', key: f.key.toLowerCase(), value: f.value.toLowerCase() };
    default:
      return { type: f.type, value: f.value.toLowerCase() };
  }
}
