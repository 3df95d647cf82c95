import type { SourceTag } from './sources';

/**
 * Likely causes the diagnose dialog can conclude, with their fixes (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes, https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements, https://learn.microsoft.com/azure/azure-arc/kubernetes/troubleshooting).
 * `weight` ranks causes in the findings card (higher first): a root cause that explains everything
 * (cluster down, certificate expired) beats a contributing one (agent version). Commands are templates:
 * {name} {rg} {region} {subscription} and the cloud's key hosts {arm} {login} {dp} {gblHis} {mcr} {obo}
 * {relay} {graph}, plus {latestAgent}.
 */
export interface CauseDefinition {
  id: string;
  title: string;
  explanation: string;
  fixes: string[];
  weight: number;
  sources: SourceTag[];
}

export const CAUSES: readonly CauseDefinition[] = [
  {
    id: 'certificate-expired',
    title: 'Managed identity certificate expired',
    explanation: 'The MSI certificate (valid up to 90 days, renewed between day 46 and 90 only while the cluster connects) has expired. The only fix is to delete and re-create the connection. WARNING: deleting also removes the cluster extensions and configurations; note them first and re-create them afterwards (by hand or through Azure Policy).',
    fixes: [
      'az k8s-extension list -c {name} -g {rg} -t connectedClusters --subscription {subscription} -o table',
      'az k8s-configuration flux list -c {name} -g {rg} -t connectedClusters --subscription {subscription} -o table',
      'az connectedk8s delete -n {name} -g {rg} --subscription {subscription}',
      'az connectedk8s connect -n {name} -g {rg} --subscription {subscription} -l {region}{connectFlags}',
    ],
    weight: 100,
    sources: ['AMD-modes', 'AMD-faq', 'CLI-troubleshoot'],
  },
  {
    id: 'expired-status-stale',
    title: 'Status says Expired but the certificate date is in the future',
    explanation: 'The data may be stale; read the resource directly before deleting anything.',
    fixes: ['az connectedk8s show -n {name} -g {rg} --subscription {subscription} --query "{s:connectivityStatus,cert:managedIdentityCertificateExpirationTime}"'],
    weight: 65,
    sources: ['AMD-faq'],
  },
  {
    id: 'cluster-down',
    title: 'The Kubernetes cluster itself is down or unreachable',
    explanation: 'Fix the cluster or its infrastructure first; Arc goes back to Connected once the agents heartbeat again.',
    fixes: ['kubectl get nodes', 'kubectl cluster-info'],
    weight: 96,
    sources: ['derived'],
  },
  {
    id: 'agents-missing',
    title: 'The Arc agents are not installed (Helm release missing)',
    explanation: 'The agents were removed (for example the resource was deleted in the portal, or the agents uninstalled). Reconnect; if the old resource still exists, delete it first.',
    fixes: ['az connectedk8s delete -n {name} -g {rg} --subscription {subscription} --force', 'az connectedk8s connect -n {name} -g {rg} --subscription {subscription} -l {region}{connectFlags}'],
    weight: 92,
    sources: ['AMD-troubleshoot', 'AMD-quickstart'],
  },
  {
    id: 'pods-pending',
    title: 'Agent pods are Pending: not enough resources',
    explanation: 'The agents need at least 850 MB of free memory and about 7% of one CPU, on at least one linux/amd64 or linux/arm64 node.',
    fixes: ['kubectl -n azure-arc describe pod <pending-pod>', 'kubectl describe nodes | grep -A 8 "Allocated resources"'],
    weight: 88,
    sources: ['AMD-troubleshoot', 'AMD-sysreq'],
  },
  {
    id: 'image-pull',
    title: 'Agent images cannot be pulled',
    explanation: 'ImagePullBackOff/ErrImagePull: the nodes cannot reach {mcr} (and *.data.mcr.microsoft.com), the proxy blocks it, or node disk is full.',
    fixes: ['kubectl -n azure-arc describe pod <pod> | grep -A 5 Events', 'Allow {mcr}:443 and *.data.mcr.microsoft.com:443 on the firewall/proxy'],
    weight: 82,
    sources: ['CLI-errors', 'AMD-net-public'],
  },
  {
    id: 'agents-crashloop',
    title: 'Agent containers crash or are not ready',
    explanation: 'CrashLoopBackOff or not-ready containers, especially clusteridentityoperator, config-agent or clusterconnect-agent, usually mean the identity could not be obtained (network or proxy).',
    fixes: ['kubectl -n azure-arc logs <pod> --all-containers'],
    weight: 70,
    sources: ['AMD-troubleshoot', 'derived'],
  },
  {
    id: 'msi-certificate-missing',
    title: 'The MSI certificate Secret was never obtained',
    explanation: 'Secret azure-identity-certificate is missing: the identity operator could not reach {gblHis} / *.his endpoints (or the proxy blocked it). If the network is fine, delete and reconnect.',
    fixes: ['kubectl get secret -n azure-arc -o yaml | grep name:', 'az connectedk8s delete -n {name} -g {rg} --subscription {subscription}', 'az connectedk8s connect -n {name} -g {rg} --subscription {subscription} -l {region}{connectFlags}'],
    weight: 78,
    sources: ['AMD-troubleshoot', 'CLI-errors'],
  },
  {
    id: 'dns-failure',
    title: 'DNS does not resolve Azure names inside the cluster',
    explanation: 'NXDOMAIN or timeouts: fix CoreDNS or its upstream forwarders.',
    fixes: ['kubectl -n kube-system get configmap coredns -o yaml', 'kubectl -n kube-system logs -l k8s-app=kube-dns'],
    weight: 90,
    sources: ['AMD-diagnose', 'AMD-troubleshoot'],
  },
  {
    id: 'private-dns-public-ip',
    title: 'Private link DNS returns public IPs',
    explanation: 'With private link the his, guestconfiguration and dp lookups must return private IPs; all clusters must use the same DNS forwarder. Fix the forwarder or the A records.',
    fixes: ['nslookup gbl.his.arc.azure.com', 'nslookup agentserviceapi.guestconfiguration.azure.com', 'nslookup dp.kubernetesconfiguration.azure.com'],
    weight: 89,
    sources: ['AMD-pl'],
  },
  {
    id: 'egress-blocked',
    title: 'Outbound HTTPS to required endpoints is blocked',
    explanation: 'A firewall or egress rule blocks one or more core endpoints. Open the allowlist below for this cloud and region (or use the Arc gateway in the public cloud).',
    fixes: ['endpoints {region} cloud {cloud}', 'probe {name}'],
    weight: 86,
    sources: ['AMD-net-public', 'AMD-gateway'],
  },
  {
    id: 'cluster-connect-blocked',
    title: 'Cluster Connect endpoints are blocked',
    explanation: 'Cluster Connect needs {obo} on port 8084 and WebSockets to {relay}.',
    fixes: ['curl -s -o /dev/null -w "%{http_code}" https://{obo}:8084/', 'Allow WebSockets for {relay} on the firewall and proxy'],
    weight: 60,
    sources: ['AMD-net-public', 'AMD-troubleshoot', 'CLI-precheck'],
  },
  {
    id: 'proxy-not-configured',
    title: 'A proxy is required but the agents are not configured for it',
    explanation: 'Tell the agents about the proxy; the skip range must cover the service CIDR plus kubernetes.default.svc,.svc.cluster.local,.svc. The proxy must allow WebSockets.',
    fixes: ['az connectedk8s update -n {name} -g {rg} --subscription {subscription} --proxy-https http://<proxy>:<port> --proxy-http http://<proxy>:<port> --proxy-skip-range <serviceCIDR>,kubernetes.default.svc,.svc.cluster.local,.svc'],
    weight: 88,
    sources: ['AMD-quickstart', 'CLI-params'],
  },
  {
    id: 'proxy-blocks',
    title: 'The proxy does not pass Arc traffic',
    explanation: 'The agents use the proxy but it refuses or breaks the Arc endpoints. Test the proxy path and allow the endpoints (and WebSockets) on the proxy.',
    fixes: ['curl -x http://<proxy>:<port> -sS -o /dev/null -w "%{http_code}" https://{arm}'],
    weight: 80,
    sources: ['AMD-fw-proxy', 'AMD-quickstart'],
  },
  {
    id: 'tls-inspection',
    title: 'TLS inspection re-signs Arc traffic',
    explanation: 'Agents need publicly signed, verifiable certificates. Either exempt the Arc endpoints from inspection, or give the agents the proxy CA (full chain in one file).',
    fixes: ['az connectedk8s update -n {name} -g {rg} --subscription {subscription} --proxy-cert <chain.pem>'],
    weight: 80,
    sources: ['AMD-net-principles', 'AMD-quickstart'],
  },
  {
    id: 'tls-inspection-gateway',
    title: 'TLS inspection in front of the Arc gateway',
    explanation: 'Gateway traffic cannot be inspected: <prefix>.gw.arc.azure.com must be exempt from TLS inspection.',
    fixes: ['Exempt <prefix>.gw.arc.azure.com from TLS inspection on the proxy/firewall'],
    weight: 87,
    sources: ['AMD-gateway'],
  },
  {
    id: 'clock-skew',
    title: 'Node clock skew (unverified)',
    explanation: 'Not documented for Arc-enabled Kubernetes; skew can break token and certificate validation in general. Fix NTP on the nodes.',
    fixes: ['date -u   # on every node, compare with a trusted time source'],
    weight: 25,
    sources: ['derived'],
  },
  {
    id: 'agent-out-of-support',
    title: 'Arc agents are out of support',
    explanation: 'Agents older than N-2 minor versions of the latest release are not supported; support asks for an upgrade first.',
    fixes: ['az connectedk8s upgrade -g {rg} -n {name} --subscription {subscription} --agent-version {latestAgent}', 'az connectedk8s update -n {name} -g {rg} --subscription {subscription} --auto-upgrade true'],
    weight: 40,
    sources: ['AMD-upgrade', 'CLI-troubleshoot'],
  },
  {
    id: 'auto-upgrade-off',
    title: 'Agent auto-upgrade is off',
    explanation: 'With auto-upgrade off the agents fall out of the N-2 support window within months (a minor release ships about monthly).',
    fixes: ['az connectedk8s update -n {name} -g {rg} --subscription {subscription} --auto-upgrade true'],
    weight: 20,
    sources: ['AMD-upgrade'],
  },
  {
    id: 'onboarding-recent',
    title: 'Onboarding is still in progress',
    explanation: 'Cluster metadata can take up to 10 minutes to appear after onboarding; wait and check again.',
    fixes: ['status {name}'],
    weight: 55,
    sources: ['AMD-quickstart'],
  },
  {
    id: 'onboarding-error',
    title: 'Onboarding failed with a CLI error',
    explanation: 'The connect command reported a standardized [AZK8S] error; see its meaning and fix in the evidence.',
    fixes: ['az connectedk8s troubleshoot -g {rg} -n {name} --subscription {subscription}'],
    weight: 84,
    sources: ['CLI-errors'],
  },
  {
    id: 'cluster-connect-disabled',
    title: 'Cluster Connect is not enabled',
    explanation: 'clusterconnect-agent or kube-aad-proxy is missing: "no agent is connected in the target arc resource".',
    fixes: ['az connectedk8s enable-features --features cluster-connect -n {name} -g {rg} --subscription {subscription}'],
    weight: 90,
    sources: ['AMD-troubleshoot'],
  },
  {
    id: 'kube-aad-proxy-blocked',
    title: 'kube-aad-proxy cannot start (pod security / SCC)',
    explanation: 'kube-aad-proxy is missing while the other pods run: a PSP/SCC blocks it (its service account needs hostPath). OpenShift: grant the privileged SCC.',
    fixes: ['oc adm policy add-scc-to-user privileged system:serviceaccount:azure-arc:azure-arc-kube-aad-proxy-sa'],
    weight: 85,
    sources: ['AMD-troubleshoot'],
  },
  {
    id: 'kube-aad-proxy-certificate',
    title: 'kube-aad-proxy certificate Secret missing',
    explanation: 'kube-aad-proxy is stuck in ContainerCreating and Secret kube-aad-proxy-certificate is missing: delete and onboard again (under a different cluster name).',
    fixes: ['kubectl get secret kube-aad-proxy-certificate -n azure-arc', 'az connectedk8s delete -n {name} -g {rg} --subscription {subscription}'],
    weight: 85,
    sources: ['AMD-troubleshoot', 'CLI-troubleshoot'],
  },
  {
    id: 'overage-claim',
    title: '"Overage claim": too many groups, or obo blocked by a proxy',
    explanation: 'The service principal belongs to more than 200 Entra groups, or a proxy blocks https://{obo}:8084/.',
    fixes: ['curl -s -o /dev/null -w "%{http_code}" https://{obo}:8084/'],
    weight: 80,
    sources: ['AMD-troubleshoot'],
  },
  {
    id: 'websockets-blocked',
    title: 'WebSockets to the relay are blocked',
    explanation: 'Cluster Connect relays through {relay}, which needs WebSockets on the firewall and proxy; also update the connectedk8s CLI extension.',
    fixes: ['az extension update --name connectedk8s'],
    weight: 78,
    sources: ['AMD-troubleshoot', 'AMD-net-public'],
  },
  {
    id: 'cluster-connect-private-link',
    title: 'Cluster Connect is not supported with private link',
    explanation: 'This cluster uses private link; Cluster Connect and custom locations are not supported there.',
    fixes: ['Use kubectl with direct cluster credentials instead of az connectedk8s proxy'],
    weight: 95,
    sources: ['AMD-pl'],
  },
  {
    id: 'certificate-renewal-stuck',
    title: 'Certificate renewal is not happening',
    explanation: 'Connected clusters renew the MSI certificate between day 46 and 90; fewer than 45 days left while Connected means renewal fails: check the MSI Secret and the his endpoints.',
    fixes: ['kubectl get secret -n azure-arc -o yaml | grep name:', 'probe {name}'],
    weight: 70,
    sources: ['AMD-faq'],
  },
];

export function causeById(id: string): CauseDefinition | undefined {
  return CAUSES.find((c) => c.id === id);
}
