import type { SourceTag } from './sources';

/** Arc agent deployments in namespace `azure-arc` and their roles (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-agent-overview). */
export interface AgentPodRole {
  /** Deployment name; pods are `<name>-<hash>-<hash>`. */
  name: string;
  role: string;
  /** What it means when this agent fails. */
  ifFailing: string;
  /** Only present when a feature is on (Cluster Connect, Azure RBAC, gateway). */
  optional?: boolean;
  sources: SourceTag[];
}

export const AGENT_POD_ROLES: readonly AgentPodRole[] = [
  { name: 'clusteridentityoperator', role: 'Makes the first outbound call and fetches the MSI certificate the other agents use (Secret azure-identity-certificate).', ifFailing: 'Nothing else can authenticate: look for MSI certificate errors (*.his.arc.azure.com reachability, proxy).', sources: ['AMD-agents', 'AMD-troubleshoot'] },
  { name: 'config-agent', role: 'Watches source-control configurations and updates compliance state.', ifFailing: 'GitOps and configurations stall; a crash loop during install points to identity or proxy problems.', sources: ['AMD-agents', 'AMD-troubleshoot'] },
  { name: 'controller-manager', role: 'Operator of operators.', ifFailing: 'Other agents are not reconciled.', sources: ['AMD-agents'] },
  { name: 'metrics-agent', role: 'Agent metrics.', ifFailing: 'Agent metrics are missing.', sources: ['AMD-agents'] },
  { name: 'cluster-metadata-operator', role: 'Gathers cluster version, node count and agent version.', ifFailing: 'Cluster metadata in Azure goes stale.', sources: ['AMD-agents'] },
  { name: 'resource-sync-agent', role: 'Syncs metadata to Azure.', ifFailing: 'Resource Graph metadata goes stale.', sources: ['AMD-agents'] },
  { name: 'flux-logs-agent', role: 'Flux logs.', ifFailing: 'Flux logs are not collected.', sources: ['AMD-agents'] },
  { name: 'extension-manager', role: 'Helm lifecycle of cluster extensions.', ifFailing: 'Extensions are not installed or updated.', sources: ['AMD-agents'] },
  { name: 'extension-events-collector', role: 'Appears in the 2026 sample pod list; no role is documented.', ifFailing: 'Not documented.', sources: ['AMD-agents'] },
  { name: 'kube-aad-proxy', role: 'Authenticates Cluster Connect requests (Secret kube-aad-proxy-certificate).', ifFailing: 'Missing pod -> PSP/SCC (service account azure-arc-kube-aad-proxy-sa needs hostPath); stuck ContainerCreating -> the certificate Secret is missing.', sources: ['AMD-agents', 'AMD-troubleshoot'] },
  { name: 'clusterconnect-agent', role: 'Reverse proxy for Cluster Connect.', ifFailing: '`az connectedk8s proxy` fails ("no agent is connected...").', optional: true, sources: ['AMD-agents', 'AMD-troubleshoot'] },
  { name: 'guard', role: 'Webhook for Azure RBAC.', ifFailing: 'Azure RBAC authorization fails.', optional: true, sources: ['AMD-agents'] },
  { name: 'arc-proxy', role: 'Arc gateway forward proxy (since agent 1.21.10).', ifFailing: 'Traffic through the Arc gateway stops.', optional: true, sources: ['AMD-gateway'] },
];

/** The role of the deployment a pod belongs to, from a pod name such as `config-agent-5d6c8b7f9-x2k4q`. */
export function roleOfPod(podName: string): AgentPodRole | undefined {
  // longest name first so "cluster-metadata-operator" is not matched by a shorter prefix
  const sorted = [...AGENT_POD_ROLES].sort((a, b) => b.name.length - a.name.length);
  return sorted.find((r) => podName === r.name || podName.startsWith(`${r.name}-`));
}

/** Resources the agents need: >= 850 MB free memory and ~7% of one CPU, and a linux/amd64 or arm64 node (https://learn.microsoft.com/azure/azure-arc/kubernetes/system-requirements). */
export const AGENT_RESOURCE_NEEDS = 'at least 850 MB of free memory and about 7% of one CPU, on at least one linux/amd64 or linux/arm64 node';
