import type { SourceTag } from './sources';

/** Standardized CLI error codes `[AZK8Snnnn] <Name>: <message>` of connectedk8s (https://github.com/Azure/azure-cli-extensions/blob/main/src/connectedk8s/azext_connectedk8s/_errors.py). */
export interface Azk8sError {
  code: string;
  name: string;
  meaning: string;
  fix: string;
  sources: SourceTag[];
}

const E = (code: string, name: string, meaning: string, fix: string, extra: SourceTag[] = []): Azk8sError => ({
  code, name, meaning, fix, sources: ['CLI-errors', ...extra],
});

const NETWORK_FIX = 'Check DNS and outbound HTTPS from inside the cluster: run `probe <cluster>` and paste the output back, or `endpoints <region>` for the allowlist.';
const RECHECK_INPUT = 'Check the command-line arguments and run the command again.';
const HELM_TIMEOUT_FIX = 'Run `kubectl get pods -n azure-arc` and paste the output here.';

/** Range fallbacks when a code is not in the table. */
const AZK8S_RANGES: { from: number; to: number; area: string; fix: string }[] = [
  { from: 1, to: 99, area: 'General', fix: 'Run the command again with --debug and read the first error.' },
  { from: 100, to: 199, area: 'Input', fix: RECHECK_INPUT },
  { from: 200, to: 299, area: 'Cluster access', fix: 'Check the kubeconfig context (`kubectl config get-contexts`) and that kubectl can reach the cluster.' },
  { from: 300, to: 399, area: 'Network', fix: NETWORK_FIX },
  { from: 400, to: 499, area: 'ARM resource', fix: 'Check the connected cluster resource in Azure and your permissions on it.' },
  { from: 500, to: 599, area: 'Helm/agents', fix: HELM_TIMEOUT_FIX },
  { from: 600, to: 699, area: 'Prediagnostics', fix: 'Check `kubectl get pods -n azure-arc-release` and the job logs of cluster-diagnostic-checks.' },
  { from: 700, to: 799, area: 'Features', fix: 'Check the custom locations setup.' },
  { from: 800, to: 899, area: 'Client proxy', fix: 'Check the local `az connectedk8s proxy` setup.' },
];

export const AZK8S_ERRORS: readonly Azk8sError[] = [
  E('0001', 'UnexpectedError', 'An unexpected CLI error.', 'Run again with --debug; update the Azure CLI and the connectedk8s extension.'),
  E('0002', 'UnsupportedOperatingSystem', 'The CLI runs on an unsupported operating system.', 'Run the CLI from a supported OS.'),
  E('0003', 'UnsupportedProvisionedClusterOperation', 'The operation is not supported for provisioned clusters.', 'Use the provisioned-cluster commands instead.'),
  E('0100', 'InvalidArgumentValue', 'An argument has an invalid value.', RECHECK_INPUT),
  E('0101', 'UpdateNoParameters', '`az connectedk8s update` was run without anything to update.', 'Pass at least one setting to change.'),
  E('0102', 'UpdateProxyParameterConflict', 'Proxy parameters conflict (for example --disable-proxy with --proxy-https).', 'Pass either the proxy settings or --disable-proxy.', ['CLI-params']),
  E('0103', 'ProxyCertificatePathNotFound', 'The file given to --proxy-cert does not exist.', 'Pass the path of one file holding the full chain (leaf, intermediate, root).', ['AMD-quickstart']),
  E('0104', 'InvalidLocation', 'The location is not a valid Azure region.', 'Use a region name without spaces, e.g. eastus2 (`az account list-locations -o table`).', ['AMD-region-note']),
  E('0105', 'PrivateLinkScopeLocationMismatch', 'The cluster and the private link scope are in different regions.', 'The cluster, scope and VNet must be in the same region.', ['AMD-pl']),
  E('0106', 'InvalidGatewayArmId', 'The gateway resource id is not valid.', 'Pass the full ARM id of the Arc gateway to --gateway-resource-id.', ['AMD-gateway']),
  E('0200', 'KubeconfigLoadFailed', 'The kubeconfig could not be loaded.', 'Check the --kube-config path and `kubectl config get-contexts`.', ['AMD-diagnose']),
  E('0201', 'ConfigMapReadFailed', 'A config map could not be read.', 'Check cluster access and permissions.'),
  E('0202', 'KubernetesConnectivityFailed', 'The CLI cannot reach the Kubernetes API server.', 'Check the kubeconfig context and that `kubectl get nodes` works; set NO_PROXY to the API server address if you use a proxy.', ['AMD-quickstart']),
  E('0203', 'DefaultNamespaceNotFound', 'The default namespace was not found.', 'Check the cluster and kubeconfig context.'),
  E('0204', 'KubernetesDistributionDetectionFailed', 'The distribution could not be detected.', 'Pass --distribution and --infrastructure explicitly.'),
  E('0205', 'KubernetesNamespaceGetFailed', 'A namespace could not be read.', 'Check cluster access and permissions.'),
  E('0206', 'LinuxNodeNotFound', 'The cluster has no Linux node.', 'Add at least one linux/amd64 or linux/arm64 node: the agents only run there.', ['AMD-sysreq']),
  E('0207', 'ClusterRoleBindingCreateForbidden', 'Your identity cannot create ClusterRoleBindings.', 'Onboard with an identity that has cluster-admin on the cluster.', ['AMD-troubleshoot']),
  E('0208', 'KubernetesConfigurationLoadFailed', 'The Kubernetes configuration could not be loaded.', 'Check the kubeconfig file.'),
  E('0300', 'DataPlaneHealthCheckFailed', 'The data plane health check failed.', NETWORK_FIX),
  E('0301', 'DnsNxDomain', 'DNS inside the cluster answered NXDOMAIN.', 'Fix CoreDNS or its upstream forwarders so Azure names resolve inside the cluster.', ['AMD-troubleshoot']),
  E('0302', 'DnsTimeout', 'DNS inside the cluster timed out.', 'Fix CoreDNS or the upstream DNS servers it forwards to.', ['AMD-troubleshoot']),
  E('0303', 'DnsServerFailure', 'DNS answered SERVFAIL.', 'Fix the upstream DNS server.'),
  E('0304', 'DnsNoServersReachable', 'No DNS server could be reached.', 'Check the DNS servers configured for the nodes and CoreDNS.'),
  E('0305', 'DnsCommunicationsError', 'DNS communication failed.', 'Check the DNS servers and the network path to them.'),
  E('0306', 'OnboardingOutboundConnectivityFailed', 'The cluster cannot reach the endpoints needed for onboarding.', NETWORK_FIX, ['AMD-net-public']),
  E('0307', 'ClusterConnectOutboundConnectivityFailed', 'The cluster cannot reach the Cluster Connect endpoint (<region>.obo.arc.azure.com:8084).', 'Allow <region>.obo.arc.azure.com on port 8084 (and WebSockets to *.servicebus.windows.net).', ['CLI-precheck']),
  E('0308', 'OutboundEndpointNonSuccessResponse', 'An outbound endpoint answered with an unexpected status.', 'Check whether a proxy or firewall rewrites the response; paste `probe <cluster>` output here.'),
  E('0309', 'CertificatePulldownFailed', 'The identity certificate sync did not finish before the Helm timeout.', 'Check reachability of gbl.his.arc.azure.com and *.his.arc.azure.com and the proxy; if it persists, delete and onboard again.', ['AMD-troubleshoot']),
  E('0400', 'ConnectedClusterCreateFailed', 'Creating the connected cluster resource failed.', 'Check the Azure error details and your permissions (role "Kubernetes Cluster - Azure Arc Onboarding").', ['AMD-sysreq']),
  E('0401', 'ConnectedClusterUpdateFailed', 'Updating the connected cluster resource failed.', 'Check the Azure error details and your permissions.'),
  E('0402', 'ConnectedClusterDeleteFailed', 'Deleting the connected cluster resource failed.', 'Check permissions; retry, with --force if needed.', ['AMD-quickstart']),
  E('0403', 'ClusterAlreadyOnboarded', 'The cluster already has Arc agents installed.', 'Delete the old connection first (`az connectedk8s delete`), then connect again.', ['AMD-quickstart']),
  E('0404', 'ConnectedClusterResourceAlreadyExists', 'A connected cluster with this name already exists.', 'Use another name, or delete the existing resource first.'),
  E('0405', 'ConnectedClusterResourceNotFound', 'The connected cluster resource was not found.', 'Check the name, resource group and subscription.'),
  E('0406', 'InvalidDeleteRequest', 'The delete request is not valid for this cluster.', 'Check the kubeconfig points at the cluster you are deleting.'),
  E('0407', 'ResourceProviderFetchFailed', 'Resource provider registration could not be read.', 'Check your permissions on the subscription.'),
  E('0408', 'ConnectedClusterProviderNotRegistered', 'Microsoft.Kubernetes is not registered in the subscription.', 'az provider register --namespace Microsoft.Kubernetes (also Microsoft.KubernetesConfiguration and Microsoft.ExtendedLocation); registration can take up to 10 minutes.', ['AMD-quickstart']),
  E('0409', 'ConnectedClusterResourceIdMissing', 'The connected cluster resource id is missing.', 'Run the command again; check the resource exists.'),
  E('0500', 'HelmReleaseInstallFailed', 'Installing the Arc agents with Helm failed.', HELM_TIMEOUT_FIX),
  E('0501', 'HelmReleaseDeleteFailed', 'Deleting the Arc Helm release failed.', 'Check `helm list -A | grep azure-arc` and cluster permissions.'),
  E('0502', 'HelmChartPullFailed', 'The Arc Helm chart could not be pulled.', 'Allow mcr.microsoft.com (and *.data.mcr.microsoft.com) from the CLI machine, through the proxy if any.', ['AMD-net-public']),
  E('0503', 'HelmChartExportFailed', 'The Helm chart could not be exported.', 'Check local disk space and Helm version.'),
  E('0504', 'HelmRepositoryAddFailed', 'A Helm repository could not be added.', 'Check network access from the CLI machine.'),
  E('0505', 'HelmReleaseListFailed', 'Helm releases could not be listed.', 'Check cluster access and Helm installation.'),
  E('0506', 'AgentStateTimeout', 'The agents did not reach a ready state in time.', HELM_TIMEOUT_FIX),
  E('0507', 'KeyPairGenerationFailed', 'The agent key pair could not be generated.', 'Reinstall the connectedk8s extension.'),
  E('0508', 'ReleaseNamespaceNotFound', 'The Helm release namespace was not found.', 'Check `helm list -A | grep azure-arc`.'),
  E('0509', 'HelmValuesGetFailed', 'Helm values of the Arc release could not be read.', 'Check `helm list -A | grep azure-arc` and your permissions.', ['CLI-troubleshoot']),
  E('0510', 'HelmNotInstalled', 'Helm is not installed on the CLI machine.', 'Install Helm 3 or let the CLI download it.'),
  E('0511', 'HelmVersionTooOld', 'The installed Helm is too old.', 'Upgrade Helm 3.'),
  E('0512', 'HelmTimeoutPendingOrUnschedulable', 'Agent pods stayed Pending or unschedulable.', 'Check node capacity, taints, node selectors and affinity; agents need at least 850 MB free memory and ~7% of one CPU on a Linux node.', ['AMD-sysreq']),
  E('0513', 'HelmTimeoutImagePullFailed', 'Agent images could not be pulled.', 'Make sure the nodes reach mcr.microsoft.com (and *.data.mcr.microsoft.com), check the registry/proxy settings and node disk space.', ['AMD-net-public']),
  E('0514', 'HelmTimeout', 'The Helm install timed out.', HELM_TIMEOUT_FIX),
  E('0600', 'PrediagnosticsFailed', 'The pre-onboarding diagnostics failed.', 'Read the failed check in the CLI output (DNS, login endpoint, MCR, CRD ownership).', ['CLI-precheck']),
  E('0601', 'PrediagnosticsJobExecutionFailed', 'The cluster-diagnostic-checks job failed.', 'Check the job logs in azure-arc-release.', ['CLI-precheck']),
  E('0602', 'PostDiagnosticPrecheckFailed', 'A post-diagnostic pre-check failed (Linux node or ClusterRoleBindings).', 'Add a Linux node and onboard with cluster-admin rights.', ['CLI-precheck']),
  E('0603', 'PrediagnosticsIncomplete', 'The pre-onboarding diagnostics did not complete.', 'Check the cluster-diagnostic-checks job in azure-arc-release.', ['CLI-precheck']),
  E('0604', 'PrediagnosticsJobNotScheduled', 'The diagnostics job could not be scheduled.', 'Check node resources, taints and quotas.', ['CLI-precheck']),
  E('0605', 'PrediagnosticsJobNotComplete', 'The diagnostics job did not complete in 180 seconds.', 'ImagePullBackOff -> MCR connectivity and proxy; CrashLoopBackOff -> container logs; Unschedulable -> node resources.', ['CLI-precheck']),
  E('0606', 'PrediagnosticsLogSaveFailed', 'Diagnostics logs could not be saved.', 'Check local disk space.'),
  E('0607', 'PrediagnosticsHelmInstallFailed', 'The diagnostics Helm chart could not be installed (it comes from MCR).', 'Allow mcr.microsoft.com; clean up with `helm delete cluster-diagnostic-checks -n azure-arc-release`.', ['CLI-precheck']),
  E('0700', 'CustomLocationsEnableFailed', 'Enabling custom locations failed.', 'Check the custom-locations feature prerequisites.'),
  E('0701', 'CustomLocationsOidFetchFailed', 'The custom-locations app object id could not be fetched (typical with a service principal).', 'As a user run `az ad sp show --id bc313c14-388c-4e7d-a58e-70017303ee3b --query id -o tsv`, then pass --custom-locations-oid <id>.', ['AMD-troubleshoot']),
  E('0702', 'CustomLocationsRegistrationCheckFailed', 'Microsoft.ExtendedLocation registration could not be checked.', 'az provider register --namespace Microsoft.ExtendedLocation.', ['AMD-quickstart']),
  E('0800', 'ClientProxyDownloadFailed', 'The client proxy binary could not be downloaded.', 'Check network access from the CLI machine.'),
  E('0801', 'ClientProxyPortInUse', 'The local port for `az connectedk8s proxy` is in use.', 'Pass another --port or stop the other process.'),
  E('0802', 'ClientProxyStartFailed', 'The client proxy failed to start.', 'Update the connectedk8s extension and retry.'),
  E('0803', 'ClientProxyConfigCreateFailed', 'The client proxy config could not be created.', 'Check local file permissions.'),
  E('0804', 'ClientProxyClosed', 'The client proxy closed.', 'Restart `az connectedk8s proxy`.'),
  E('0805', 'ClusterCredentialsGetFailed', 'Cluster credentials could not be fetched.', 'Check Cluster Connect is enabled and your role on the cluster.', ['AMD-troubleshoot']),
];

export function azk8sError(code: string): Azk8sError | undefined {
  return AZK8S_ERRORS.find((e) => e.code === code);
}

export function azk8sRange(code: string): (typeof AZK8S_RANGES)[number] | undefined {
  const n = Number(code);
  return AZK8S_RANGES.find((r) => n >= r.from && n <= r.to);
}

/** Causes (causes.ts) an AZK8S code points to, so a pasted error feeds the findings ranking. */
export const AZK8S_CAUSES: Record<string, string> = {
  '0300': 'egress-blocked',
  '0301': 'dns-failure',
  '0302': 'dns-failure',
  '0303': 'dns-failure',
  '0304': 'dns-failure',
  '0305': 'dns-failure',
  '0306': 'egress-blocked',
  '0307': 'cluster-connect-blocked',
  '0308': 'egress-blocked',
  '0309': 'msi-certificate-missing',
  '0502': 'image-pull',
  '0512': 'pods-pending',
  '0513': 'image-pull',
};
