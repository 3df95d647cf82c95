import type { ClusterFilter } from './cluster-filter';

/**
 * The shape `subscribe` and `mute` stored before they shared the `clusters` grammar: exactly one
 * criterion, tagged by `type`. Stored subscriptions and mutes keep working: they are read through
 * `upgradeStoredFilter`, and the next write of their document stores the current shape.
 */
export type LegacyClusterFilter =
  | { type: 'all' }
  | { type: 'name'; pattern: string }
  | { type: 'rg'; value: string }
  | { type: 'region'; value: string }
  | { type: 'tag'; key: string; value: string }
  | { type: 'subscription'; value: string }
  | { type: 'id'; value: string };

function isLegacyClusterFilter(value: unknown): value is LegacyClusterFilter {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** A stored filter in today's shape, whichever shape it was written in. */
export function upgradeStoredFilter(stored: ClusterFilter | LegacyClusterFilter): ClusterFilter {
  if (!isLegacyClusterFilter(stored)) return stored;
  switch (stored.type) {
    case 'all': return {};
    case 'name': return { namePattern: stored.pattern };
    case 'rg': return { resourceGroup: stored.value };
    case 'region': return { region: stored.value.replace(/\s+/g, '').toLowerCase() };
    case 'tag': return { tag: { key: stored.key, value: stored.value } };
    case 'subscription': return { subscriptionId: stored.value.toLowerCase() };
    case 'id': return { clusterId: stored.value };
  }
}

/** Upgrades the `filter` of every item of a `{ conversations: { [id]: { items } } }` document in place. */
export function upgradeStoredFilters<T extends { conversations: Record<string, { items: { filter: ClusterFilter }[] }> }>(doc: T): T {
  for (const entry of Object.values(doc.conversations ?? {})) {
    for (const item of entry.items ?? []) item.filter = upgradeStoredFilter(item.filter as ClusterFilter | LegacyClusterFilter);
  }
  return doc;
}
