import type { CloudName } from './clouds';
import type { SourceTag } from './sources';

/**
 * Feature tags of the outbound allowlist (the scenarios of https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements):
 * core = needed for connection and status; onboard = the machine running `az connectedk8s connect`;
 * cluster-connect = Cluster Connect and custom locations; the rest name the feature.
 */
export const FEATURES = [
  'core', 'onboard', 'cluster-connect', 'rbac', 'extensions', 'gitops', 'gateway', 'monitor', 'portal',
  'keyvault', 'defender', 'images',
] as const;
export type Feature = (typeof FEATURES)[number];

export function isFeature(value: string): value is Feature {
  return (FEATURES as readonly string[]).includes(value);
}

/** How an endpoint behaves when the Arc gateway is in use (https://learn.microsoft.com/azure/azure-arc/kubernetes/arc-gateway-simplify-networking). */
export type GatewayRole =
  /** One of the FQDNs still allowed directly beside the gateway. */
  | 'keep'
  /** Listed by the gateway doc as extra endpoints still needed (monitoring, Key Vault, Defender). */
  | 'extra'
  /** The gateway URL itself. */
  | 'gateway';

export interface EndpointEntry {
  cloud: CloudName;
  /** FQDN; may hold `{region}` (substituted), other `{placeholders}` (user-specific), or start with `*.` (wildcard). */
  host: string;
  port: number;
  wildcard: boolean;
  features: Feature[];
  purpose: string;
  notes?: string;
  /** `*.servicebus.*` needs WebSockets on the firewall and proxy (https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements). */
  websockets?: boolean;
  gatewayRole?: GatewayRole;
  sources: SourceTag[];
}

const pub = (e: Omit<EndpointEntry, 'cloud'>): EndpointEntry => ({ cloud: 'public', ...e });
const gov = (e: Omit<EndpointEntry, 'cloud'>): EndpointEntry => ({ cloud: 'usgov', ...e });
const cn = (e: Omit<EndpointEntry, 'cloud'>): EndpointEntry => ({ cloud: 'china', ...e });

/**
 * The outbound allowlist of https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements, one row per FQDN. Default port 443 "unless
 * otherwise noted"; the only exception is `obo` on 8084 (https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements). Historical rows removed from
 * the docs in 2025-02 (k8connecthelm/k8sconnectcsp.azureedge.net) are deliberately absent (https://github.com/MicrosoftDocs/azure-management-docs/commits/main/articles/azure-arc/kubernetes/includes).
 * Adding an endpoint is adding a row here; `validateKnowledge()` checks every row at start-up.
 */
export const ENDPOINT_TABLE: readonly EndpointEntry[] = [
  // ---- public cloud (https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements)
  pub({ host: 'management.azure.com', port: 443, wildcard: false, features: ['core', 'gitops'], gatewayRole: 'keep', purpose: 'Agents connect to Azure Resource Manager and register the cluster', sources: ['AMD-net-public', 'AMD-flux'] }),
  pub({ host: '{region}.dp.kubernetesconfiguration.azure.com', port: 443, wildcard: false, features: ['core', 'gitops'], purpose: 'Data plane: agents push status and pull configuration', sources: ['AMD-net-public', 'AMD-flux'] }),
  pub({ host: 'login.microsoftonline.com', port: 443, wildcard: false, features: ['core', 'gitops'], gatewayRole: 'keep', purpose: 'Getting and refreshing ARM tokens', notes: 'The connect pre-check accepts HTTP 200 or 404', sources: ['AMD-net-public', 'CLI-precheck'] }),
  pub({ host: '{region}.login.microsoft.com', port: 443, wildcard: false, features: ['core'], gatewayRole: 'keep', purpose: 'ARM tokens', sources: ['AMD-net-public'] }),
  pub({ host: 'login.windows.net', port: 443, wildcard: false, features: ['core'], purpose: 'ARM tokens', sources: ['AMD-net-public'] }),
  pub({ host: 'mcr.microsoft.com', port: 443, wildcard: false, features: ['core', 'gitops'], gatewayRole: 'keep', purpose: 'Agent container images and Helm charts', notes: 'Mandatory in the connect pre-check', sources: ['AMD-net-public', 'CLI-precheck'] }),
  pub({ host: '*.data.mcr.microsoft.com', port: 443, wildcard: true, features: ['core'], gatewayRole: 'keep', purpose: 'Image layers (MCR data endpoints)', sources: ['AMD-net-public'] }),
  pub({ host: 'gbl.his.arc.azure.com', port: 443, wildcard: false, features: ['core'], gatewayRole: 'keep', purpose: 'Finds the regional endpoint for the managed identity (MSI) certificate', sources: ['AMD-net-public'] }),
  pub({ host: '*.his.arc.azure.com', port: 443, wildcard: true, features: ['core'], gatewayRole: 'keep', purpose: 'Pulls the managed identity (MSI) certificate', notes: 'Regional host uses short region names (e.g. eus), so it cannot be derived from the region', sources: ['AMD-net-public', 'AMD-gateway'] }),
  pub({ host: 'dl.k8s.io', port: 443, wildcard: false, features: ['onboard'], purpose: 'The connectedk8s CLI downloads kubectl during onboarding', notes: 'agent-upgrade.md still lists it for auto-upgrade; the newer network page says kubectl download', sources: ['AMD-net-public', 'AMD-upgrade', 'AMD-net-history'] }),
  pub({ host: 'guestnotificationservice.azure.com', port: 443, wildcard: false, features: ['cluster-connect'], purpose: 'Cluster Connect and custom locations', sources: ['AMD-net-public'] }),
  pub({ host: '*.guestnotificationservice.azure.com', port: 443, wildcard: true, features: ['cluster-connect'], purpose: 'Cluster Connect and custom locations', sources: ['AMD-net-public'] }),
  pub({ host: 'sts.windows.net', port: 443, wildcard: false, features: ['cluster-connect'], purpose: 'Cluster Connect and custom locations', sources: ['AMD-net-public'] }),
  pub({ host: '*.servicebus.windows.net', port: 443, wildcard: true, websockets: true, features: ['cluster-connect'], purpose: 'Relay for Cluster Connect and custom locations', notes: 'WebSockets required; expand the wildcard with the guestnotificationservice allowlist API', sources: ['AMD-net-public', 'AMD-troubleshoot'] }),
  pub({ host: 'graph.microsoft.com', port: 443, wildcard: false, features: ['rbac'], purpose: 'Needed when Azure RBAC is configured', sources: ['AMD-net-public'] }),
  pub({ host: '*.arc.azure.net', port: 443, wildcard: true, features: ['portal'], purpose: 'Managing connected clusters in the Azure portal', sources: ['AMD-net-public'] }),
  pub({ host: '{region}.obo.arc.azure.com', port: 8084, wildcard: false, features: ['cluster-connect', 'rbac'], gatewayRole: 'keep', purpose: 'On-behalf-of endpoint (Cluster Connect and Azure RBAC)', notes: 'Blocked behind a proxy -> "overage claim" errors', sources: ['AMD-net-public', 'AMD-net-history', 'AMD-troubleshoot', 'CLI-precheck'] }),
  pub({ host: 'linuxgeneva-microsoft.azurecr.io', port: 443, wildcard: false, features: ['extensions'], purpose: 'Needed when cluster extensions are used', sources: ['AMD-net-public'] }),
  pub({ host: 'gcs.prod.monitoring.core.windows.net', port: 443, wildcard: false, features: ['extensions'], purpose: 'Azure IoT Operations, Key Vault Secret Store extension, cert-manager', sources: ['AMD-net-public'] }),
  pub({ host: '*.prod.microsoftmetrics.com', port: 443, wildcard: true, features: ['extensions'], purpose: 'Azure IoT Operations, Secret Store extension, cert-manager', sources: ['AMD-net-public'] }),
  pub({ host: '*.prod.hot.ingest.monitor.core.windows.net', port: 443, wildcard: true, features: ['extensions'], purpose: 'Azure IoT Operations, Secret Store extension, cert-manager', sources: ['AMD-net-public'] }),
  pub({ host: '*.prod.warm.ingest.monitor.core.windows.net', port: 443, wildcard: true, features: ['extensions'], purpose: 'Azure IoT Operations, Secret Store extension, cert-manager', sources: ['AMD-net-public'] }),
  pub({ host: '{prefix}.gw.arc.azure.com', port: 443, wildcard: false, features: ['gateway'], gatewayRole: 'gateway', purpose: 'Arc gateway URL (only when the gateway is used)', notes: 'Exempt it from TLS inspection; {prefix} is your gateway URL prefix', sources: ['AMD-gateway'] }),
  pub({ host: '*.ods.opinsights.azure.com', port: 443, wildcard: true, features: ['monitor', 'defender'], gatewayRole: 'extra', purpose: 'Container insights (Azure Monitor)', sources: ['AMD-gateway'] }),
  pub({ host: '*.oms.opinsights.azure.com', port: 443, wildcard: true, features: ['monitor', 'defender'], gatewayRole: 'extra', purpose: 'Container insights (Azure Monitor)', sources: ['AMD-gateway'] }),
  pub({ host: '*.monitoring.azure.com', port: 443, wildcard: true, features: ['monitor'], gatewayRole: 'extra', purpose: 'Container insights (Azure Monitor)', sources: ['AMD-gateway'] }),
  pub({ host: '{vault-name}.vault.azure.net', port: 443, wildcard: false, features: ['keyvault'], gatewayRole: 'extra', purpose: 'Azure Key Vault', sources: ['AMD-gateway'] }),
  pub({ host: '*.cloud.defender.microsoft.com', port: 443, wildcard: true, features: ['defender'], gatewayRole: 'extra', purpose: 'Microsoft Defender for Containers', sources: ['AMD-gateway'] }),
  pub({ host: '{git-host}', port: 443, wildcard: false, features: ['gitops'], purpose: 'Flux source controller pulls from your Git/Helm repository', notes: 'Port 22 when the repository is reached over SSH', sources: ['AMD-flux'] }),

  // ---- Azure Government (https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements)
  gov({ host: 'management.usgovcloudapi.net', port: 443, wildcard: false, features: ['core', 'gitops'], purpose: 'Agents connect to Azure Resource Manager and register the cluster', sources: ['AMD-net-gov'] }),
  gov({ host: '{region}.dp.kubernetesconfiguration.azure.us', port: 443, wildcard: false, features: ['core', 'gitops'], purpose: 'Data plane: agents push status and pull configuration', sources: ['AMD-net-gov'] }),
  gov({ host: 'login.microsoftonline.us', port: 443, wildcard: false, features: ['core', 'gitops'], purpose: 'Tokens', sources: ['AMD-net-gov'] }),
  gov({ host: '{region}.login.microsoftonline.us', port: 443, wildcard: false, features: ['core'], purpose: 'Tokens', sources: ['AMD-net-gov'] }),
  gov({ host: 'mcr.microsoft.com', port: 443, wildcard: false, features: ['core', 'gitops'], purpose: 'Agent container images', sources: ['AMD-net-gov'] }),
  gov({ host: '*.data.mcr.microsoft.com', port: 443, wildcard: true, features: ['core'], purpose: 'Image layers (MCR data endpoints)', sources: ['AMD-net-gov'] }),
  gov({ host: 'gbl.his.arc.azure.us', port: 443, wildcard: false, features: ['core'], purpose: 'Finds the endpoint for the managed identity (MSI) certificate', sources: ['AMD-net-gov'] }),
  gov({ host: 'usgv.his.arc.azure.us', port: 443, wildcard: false, features: ['core'], purpose: 'Pulls the managed identity (MSI) certificate', sources: ['AMD-net-gov'] }),
  gov({ host: 'guestnotificationservice.azure.us', port: 443, wildcard: false, features: ['cluster-connect'], purpose: 'Cluster Connect and custom locations', sources: ['AMD-net-gov'] }),
  gov({ host: '*.guestnotificationservice.azure.us', port: 443, wildcard: true, features: ['cluster-connect'], purpose: 'Cluster Connect and custom locations', sources: ['AMD-net-gov'] }),
  gov({ host: 'sts.windows.net', port: 443, wildcard: false, features: ['cluster-connect'], purpose: 'Cluster Connect and custom locations', sources: ['AMD-net-gov'] }),
  gov({ host: '*.servicebus.usgovcloudapi.net', port: 443, wildcard: true, websockets: true, features: ['cluster-connect'], purpose: 'Relay for Cluster Connect and custom locations', notes: 'WebSockets required', sources: ['AMD-net-gov'] }),
  gov({ host: 'graph.microsoft.com', port: 443, wildcard: false, features: ['rbac'], purpose: 'Needed when Azure RBAC is configured', sources: ['AMD-net-gov'] }),
  gov({ host: 'usgovvirginia.obo.arc.azure.us', port: 8084, wildcard: false, features: ['cluster-connect'], purpose: 'On-behalf-of endpoint (Cluster Connect), fixed region', sources: ['AMD-net-gov'] }),

  // ---- Azure China (21Vianet) (https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements)
  cn({ host: 'management.chinacloudapi.cn', port: 443, wildcard: false, features: ['core', 'gitops'], purpose: 'Agents connect to Azure Resource Manager and register the cluster', sources: ['AMD-net-china'] }),
  cn({ host: '{region}.dp.kubernetesconfiguration.azure.cn', port: 443, wildcard: false, features: ['core', 'gitops'], purpose: 'Data plane: agents push status and pull configuration', sources: ['AMD-net-china'] }),
  cn({ host: 'login.chinacloudapi.cn', port: 443, wildcard: false, features: ['core', 'gitops'], purpose: 'Tokens', sources: ['AMD-net-china'] }),
  cn({ host: '{region}.login.chinacloudapi.cn', port: 443, wildcard: false, features: ['core'], purpose: 'Tokens', sources: ['AMD-net-china'] }),
  cn({ host: 'login.partner.microsoftonline.cn', port: 443, wildcard: false, features: ['core'], purpose: 'Tokens', sources: ['AMD-net-china'] }),
  cn({ host: 'mcr.azk8s.cn', port: 443, wildcard: false, features: ['core', 'gitops'], purpose: 'Agent container images', sources: ['AMD-net-china'] }),
  cn({ host: 'gbl.his.arc.azure.cn', port: 443, wildcard: false, features: ['core'], purpose: 'Finds the regional endpoint for the managed identity (MSI) certificate', sources: ['AMD-net-china'] }),
  cn({ host: '*.his.arc.azure.cn', port: 443, wildcard: true, features: ['core'], purpose: 'Pulls the managed identity (MSI) certificate', sources: ['AMD-net-china'] }),
  cn({ host: 'guestnotificationservice.azure.cn', port: 443, wildcard: false, features: ['cluster-connect'], purpose: 'Cluster Connect and custom locations', sources: ['AMD-net-china'] }),
  cn({ host: '*.guestnotificationservice.azure.cn', port: 443, wildcard: true, features: ['cluster-connect'], purpose: 'Cluster Connect and custom locations', sources: ['AMD-net-china'] }),
  cn({ host: 'sts.chinacloudapi.cn', port: 443, wildcard: false, features: ['cluster-connect'], purpose: 'Cluster Connect and custom locations', sources: ['AMD-net-china'] }),
  cn({ host: '*.servicebus.chinacloudapi.cn', port: 443, wildcard: true, websockets: true, features: ['cluster-connect'], purpose: 'Relay for Cluster Connect and custom locations', notes: 'WebSockets required', sources: ['AMD-net-china'] }),
  cn({ host: 'graph.chinacloudapi.cn', port: 443, wildcard: false, features: ['rbac'], purpose: 'Needed when Azure RBAC is configured', sources: ['AMD-net-china'] }),
  cn({ host: '*.arc.azure.cn', port: 443, wildcard: true, features: ['portal'], purpose: 'Managing connected clusters in the Azure portal', sources: ['AMD-net-china'] }),
  cn({ host: '{region}.obo.arc.azure.cn', port: 8084, wildcard: false, features: ['cluster-connect'], purpose: 'On-behalf-of endpoint (Cluster Connect)', sources: ['AMD-net-china'] }),
  cn({ host: 'quay.azk8s.cn', port: 443, wildcard: false, features: ['images'], purpose: 'Container-registry proxy for Azure China', sources: ['AMD-net-china'] }),
  cn({ host: 'registryk8s.azk8s.cn', port: 443, wildcard: false, features: ['images'], purpose: 'Container-registry proxy for Azure China', sources: ['AMD-net-china'] }),
  cn({ host: 'k8sgcr.azk8s.cn', port: 443, wildcard: false, features: ['images'], purpose: 'Container-registry proxy for Azure China', sources: ['AMD-net-china'] }),
  cn({ host: 'usgcr.azk8s.cn', port: 443, wildcard: false, features: ['images'], purpose: 'Container-registry proxy for Azure China', sources: ['AMD-net-china'] }),
  cn({ host: 'dockerhub.azk8s.cn', port: 443, wildcard: false, features: ['images'], purpose: 'Container-registry proxy for Azure China', sources: ['AMD-net-china'] }),
];
