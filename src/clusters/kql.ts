import { isValidClusterName } from './cluster-directory';

/**
 * The only two Resource Graph query shapes the bot sends, and the escaping that keeps user
 * text out of KQL syntax. Pure text building: no Azure SDK here, so it is unit-tested on its own.
 */

/** Thrown when a value cannot be turned into a safe KQL literal; callers answer "invalid name". */
export class KqlInputError extends Error {
  override readonly name = 'KqlInputError';
}

/** Characters KQL string literals can carry only as a backslash escape (Kusto "string data type"). */
const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// Other control characters have no documented escape in a KQL string literal: refuse them.
const UNESCAPABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/;

/**
 * A single-quoted KQL string literal for any text: backslash, quote, tab, CR and LF are escaped, so
 * the value can never close the literal and start an operator (`|`, `//`, `;` stay inert inside it).
 */
export function kqlString(literal: string): string {
  if (UNESCAPABLE.test(literal)) throw new KqlInputError('text contains control characters');
  return `'${literal.replace(/[\\'\n\r\t]/g, (ch) => ESCAPES[ch])}'`;
}

/**
 * A cluster name as a KQL literal, after checking it against the Azure naming rule
 * (`isValidClusterName`). Defence in depth: a valid name never needs escaping, and escaping still
 * applies if the rule is ever loosened.
 */
export function clusterNameLiteral(name: string): string {
  if (!isValidClusterName(name)) throw new KqlInputError('not a valid connected cluster name');
  return kqlString(name);
}

const CONNECTED_CLUSTERS = kqlString('microsoft.kubernetes/connectedclusters');

/**
 * The `properties` the row parser reads (src/clusters/cluster.ts), trimmed with pack() so a page
 * of 1,000 rows stays far below the 16 MB response limit (https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results). Property access in KQL is
 * case-sensitive, hence the exact camelCase names from the 2024-01-01/2026-05-01 schema (https://github.com/Azure/azure-rest-api-specs/blob/main/specification/hybridkubernetes/resource-manager/Microsoft.Kubernetes/HybridKubernetes/stable/2026-05-01/connectedClusters.json).
 */
const PACKED_PROPERTIES = [
  'connectivityStatus',
  'lastConnectivityTime',
  'managedIdentityCertificateExpirationTime',
  'agentVersion',
  'kubernetesVersion',
  'totalNodeCount',
  'totalCoreCount',
  'distribution',
  'distributionVersion',
  'infrastructure',
  'offering',
  'provisioningState',
  'privateLinkState',
  'privateLinkScopeResourceId',
  'aadProfile',
  'arcAgentProfile',
  'gateway',
] as const;

/** Top-level columns in the same shape as the demo file; always includes `id` so paging works (https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results). */
const PROJECTION =
  '| project id, name, type, tenantId, location, resourceGroup, subscriptionId, tags, properties = pack(' +
  PACKED_PROPERTIES.map((p) => `'${p}', properties.${p}`).join(', ') +
  ')';

/**
 * Query shape 1, the fleet: every connected cluster in scope, sorted by the unique `id` column so
 * $skipToken paging is deterministic (https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results).
 */
export function buildFleetQuery(): string {
  return [`resources`, `| where type =~ ${CONNECTED_CLUSTERS}`, PROJECTION, `| order by id asc`].join('\n');
}

/** Query shape 2, one cluster by name, case-insensitively (`=~`); throws KqlInputError for an invalid name. */
export function buildClusterByNameQuery(name: string): string {
  return [
    `resources`,
    `| where type =~ ${CONNECTED_CLUSTERS} and name =~ ${clusterNameLiteral(name)}`,
    PROJECTION,
    `| order by id asc`,
  ].join('\n');
}

/** The names packed into `properties`, for tests and for stand-ins that mimic the projection. */
export const FLEET_QUERY_PROPERTIES: readonly string[] = PACKED_PROPERTIES;
