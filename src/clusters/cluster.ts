import type { ArcClusterRow, ConnectivityStatus } from './arc-cluster-row';

/** The bot's view of one connected cluster: parsed once from a Resource Graph row. */
export interface Cluster {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tenantId?: string;
  status: ConnectivityStatus;
  lastConnectivityTime?: Date;
  certificateExpiresAt?: Date;
  agentVersion?: string;
  kubernetesVersion?: string;
  distribution?: string;
  distributionVersion?: string;
  infrastructure?: string;
  nodeCount?: number;
  coreCount?: number;
  privateLinkEnabled: boolean;
  privateLinkScopeResourceId?: string;
  azureRbacEnabled: boolean;
  gatewayEnabled: boolean;
  agentAutoUpgrade?: string;
  provisioningState?: string;
  tags: Record<string, string>;
}

/** A row that is not a usable cluster; `clusterId` is set when the row at least named one. */
export class RowParseError extends Error {
  constructor(message: string, readonly clusterId?: string) {
    super(message);
    this.name = 'RowParseError';
  }
}

const ID_PATTERN = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Kubernetes\/connectedClusters\/([^/]+)$/i;

/** The parts of an Arc connected cluster's resource id, or undefined when `value` is not one. */
export function parseClusterResourceId(value: string): { subscriptionId: string; resourceGroup: string; name: string } | undefined {
  const m = ID_PATTERN.exec(value);
  return m ? { subscriptionId: m[1], resourceGroup: m[2], name: m[3] } : undefined;
}

function toDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function toText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function toCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The one row parser for every source (Resource Graph and the demo file). Tolerates missing
 * properties (every field optional: Resource Graph may serve an older API version); rejects rows without an id or name.
 */
export function parseClusterRow(row: ArcClusterRow): Cluster {
  if (!row || typeof row !== 'object') throw new RowParseError('row is not an object');
  if (!toText(row.id) || !toText(row.name)) throw new RowParseError('row has no id or name');
  // A row without a connectivity status (no properties, properties null) says nothing about the
  // cluster: it is invalid data, never an "Unknown" cluster that reads as a problem.
  const status = toText(row.properties?.connectivityStatus);
  if (!status) throw new RowParseError('row has no connectivity status', row.id);
  const idParts = parseClusterResourceId(row.id);
  const p = row.properties ?? {};
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(row.tags ?? {})) if (typeof v === 'string') tags[k] = v;
  return {
    id: row.id,
    name: row.name,
    subscriptionId: toText(row.subscriptionId) ?? idParts?.subscriptionId ?? '',
    resourceGroup: toText(row.resourceGroup) ?? idParts?.resourceGroup ?? '',
    location: (toText(row.location) ?? '').toLowerCase(),
    tenantId: toText(row.tenantId),
    status,
    lastConnectivityTime: toDate(p.lastConnectivityTime),
    certificateExpiresAt: toDate(p.managedIdentityCertificateExpirationTime),
    agentVersion: toText(p.agentVersion),
    kubernetesVersion: toText(p.kubernetesVersion),
    distribution: toText(p.distribution),
    distributionVersion: toText(p.distributionVersion),
    infrastructure: toText(p.infrastructure),
    nodeCount: toCount(p.totalNodeCount),
    coreCount: toCount(p.totalCoreCount),
    privateLinkEnabled: String(p.privateLinkState ?? '').toLowerCase() === 'enabled',
    privateLinkScopeResourceId: toText(p.privateLinkScopeResourceId),
    azureRbacEnabled: p.aadProfile?.enableAzureRBAC === true,
    gatewayEnabled: p.gateway?.enabled === true,
    agentAutoUpgrade: toText(p.arcAgentProfile?.agentAutoUpgrade),
    provisioningState: toText(p.provisioningState),
    tags,
  };
}

/** Parses many rows; a broken row is reported, never fatal to the whole fleet. */
export function parseClusterRows(rows: unknown[], onBadRow?: (index: number, error: RowParseError) => void): Cluster[] {
  const clusters: Cluster[] = [];
  rows.forEach((row, index) => {
    try {
      clusters.push(parseClusterRow(row as ArcClusterRow));
    } catch (error) {
      onBadRow?.(index, error instanceof RowParseError ? error : new RowParseError((error as Error)?.message ?? String(error)));
    }
  });
  return clusters;
}
