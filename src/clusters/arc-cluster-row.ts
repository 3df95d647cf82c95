/**
 * One row of `resources | where type =~ 'microsoft.kubernetes/connectedclusters'` as Azure Resource
 * Graph returns it with resultFormat objectArray (https://github.com/Azure/azure-rest-api-specs/blob/main/specification/hybridkubernetes/resource-manager/Microsoft.Kubernetes/HybridKubernetes/stable/2026-05-01/connectedClusters.json). Every property is
 * optional because ARG may serve the 2024-01-01 or 2026-05-01 API shape (https://learn.microsoft.com/azure/governance/resource-graph/overview).
 */
export type ConnectivityStatus =
  | 'Connecting'
  | 'Connected'
  | 'Offline'
  | 'Expired'
  | 'AgentNotInstalled'
  | (string & {});

export interface ArcClusterRow {
  id: string;
  name: string;
  type?: string;
  tenantId?: string;
  kind?: string | null;
  location?: string;
  resourceGroup?: string;
  subscriptionId?: string;
  tags?: Record<string, string> | null;
  identity?: { type?: string; principalId?: string; tenantId?: string } | null;
  properties?: {
    connectivityStatus?: ConnectivityStatus;
    lastConnectivityTime?: string | null;
    managedIdentityCertificateExpirationTime?: string | null;
    agentVersion?: string | null;
    kubernetesVersion?: string | null;
    totalNodeCount?: number | null;
    totalCoreCount?: number | null;
    distribution?: string | null;
    distributionVersion?: string | null;
    infrastructure?: string | null;
    offering?: string | null;
    provisioningState?: string;
    privateLinkState?: 'Enabled' | 'Disabled' | (string & {});
    privateLinkScopeResourceId?: string | null;
    azureHybridBenefit?: string;
    aadProfile?: { enableAzureRBAC?: boolean; adminGroupObjectIDs?: string[] | null; tenantID?: string } | null;
    arcAgentProfile?: {
      desiredAgentVersion?: string | null;
      agentAutoUpgrade?: 'Enabled' | 'Disabled' | (string & {});
      agentState?: string;
      agentErrors?: { message?: string; severity?: string; component?: string; time?: string }[] | null;
    } | null;
    gateway?: { enabled?: boolean } | null;
    [key: string]: unknown;
  } | null;
  [key: string]: unknown;
}

/** A Resource Graph response body, or a bare array of rows (both accepted for the demo file). */
export type FleetFileContent = ArcClusterRow[] | { data: ArcClusterRow[]; [key: string]: unknown };
