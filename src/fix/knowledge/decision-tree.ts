import type { SourceTag } from './sources';

/**
 * The guided-dialog decision tree (after https://learn.microsoft.com/azure/azure-arc/kubernetes/troubleshooting) as data. The engine
 * (diagnose-engine.ts) walks it; the dialog renders it. Texts and commands are templates:
 * {name} {rg} {region} {subscription} {cloud}, the cloud's key hosts {arm} {login} {dp} {gblHis} {mcr}
 * {obo} {relay} {graph}, and {latestAgent} {agentVersion} {certDate} {certDaysLeft} {connectFlags} {probeCommand}.
 */

/** When a node is asked, an answer offered, or a finding applies (evaluated by the engine). */
export const CONDITIONS = [
  'privateLink', 'notPrivateLink', 'gateway', 'proxyRelevant', 'tlsRelevant', 'noCauseYet', 'agentVersionInDoubt', 'egressFailed',
] as const;
export type Condition = (typeof CONDITIONS)[number];

/** What pasted text a node understands in place of a button (parsed by src/knowledge/parsers). */
export type PasteKind = 'pods-health' | 'pods-cluster-connect' | 'probe' | 'azk8s';

export interface TreeAnswer {
  /** Also the text the button sends (data.command), so typed and clicked answers are the same. */
  id: string;
  label: string;
  /** Other typed forms accepted, lower case. */
  synonyms: string[];
  /** Next node id, or 'END' for the findings. */
  next: string;
  /** Causes this answer points to (see causes.ts), optionally only under a condition. */
  findings?: { cause: string; when?: Condition }[];
  /** How the answer reads in the evidence list. */
  evidence: string;
  /** Offer this answer only under a condition. */
  when?: Condition;
}

export interface TreeNode {
  id: string;
  title: string;
  question: string;
  commands: string[];
  good?: string;
  bad?: string;
  help: string;
  /** Extra line shown when the cluster uses private link. */
  privateLinkNote?: string;
  /** Extra line shown when the cluster uses the Arc gateway. */
  gatewayNote?: string;
  answers: TreeAnswer[];
  /** Where "skip" (and a not-relevant node) goes. */
  skipTo: string;
  /** Ask only under this condition; otherwise continue at skipTo. */
  askWhen?: Condition;
  paste?: PasteKind;
  sources: SourceTag[];
}

/** ROOT routing by connectivity status (node ROOT). Connected asks the ROOT question. */
export const ROOT_ROUTES: Record<string, string> = {
  Expired: 'E1',
  Offline: 'B1',
  Connecting: 'C1',
  Connected: 'ROOT',
};
/** Statuses nobody diagnoses: agentless by design (https://github.com/Azure/azure-rest-api-specs/blob/main/specification/hybridkubernetes/resource-manager/Microsoft.Kubernetes/HybridKubernetes/stable/2026-05-01/connectedClusters.json). */
export const NOT_DIAGNOSED_STATUSES = ['AgentNotInstalled'];
/** Unknown statuses start at the top of the Offline chain. */
export const DEFAULT_START = 'B1';

const YES = ['y', 'yes', 'yep', 'ok', 'true'];
const NO = ['n', 'no', 'nope', 'false'];

export const DECISION_TREE: readonly TreeNode[] = [
  {
    id: 'ROOT',
    title: 'What is broken?',
    question: '{name} is Connected. What is not working?',
    commands: ['az connectedk8s show -n {name} -g {rg} --subscription {subscription} --query "{s:connectivityStatus,last:lastConnectivityTime,cert:managedIdentityCertificateExpirationTime,ver:agentVersion}"'],
    help: 'A Connected cluster heartbeats fine; pick the feature that fails, or "nothing" for a hygiene check (certificate and agent version).',
    answers: [
      { id: 'cluster-connect', label: 'Cluster Connect / az connectedk8s proxy', synonyms: ['cluster connect', 'proxy command', 'az connectedk8s proxy', 'cc'], next: 'F1', evidence: 'Cluster Connect (az connectedk8s proxy) fails' },
      { id: 'rbac', label: 'Azure RBAC access', synonyms: ['azure rbac', 'kubectl access'], next: 'F1', evidence: 'Azure RBAC access fails' },
      { id: 'nothing', label: 'Nothing: health check', synonyms: ['none', 'health', 'hygiene', 'check', 'no'], next: 'V1', evidence: 'No feature reported broken' },
    ],
    skipTo: 'V1',
    sources: ['AMD-troubleshoot'],
  },
  {
    id: 'E1',
    title: 'Certificate expired: delete and reconnect',
    question: 'The managed identity certificate expired ({certDate}). The only fix is delete and reconnect, and deleting also removes cluster extensions and configurations. Were the agents connected through a proxy (--proxy-https / --proxy-cert)? I will put the flags in the reconnect command.',
    commands: [
      'az connectedk8s show -n {name} -g {rg} --subscription {subscription} --query managedIdentityCertificateExpirationTime',
      'helm get values azure-arc -n $(helm list -A | grep azure-arc | awk \'{print $2}\') -o json | grep -i proxy',
    ],
    good: 'isProxyEnabled false / no proxy values: no proxy flags needed.',
    bad: 'isProxyEnabled true: reconnect with the same --proxy-https/--proxy-http/--proxy-skip-range/--proxy-cert.',
    help: 'The certificate is valid up to 90 days and renewed between day 46 and 90 only while the cluster connects. Once expired, the resource must be deleted and re-created with the original proxy, private-link and gateway flags.',
    answers: [
      { id: 'proxy', label: 'Yes, a proxy', synonyms: ['yes', 'y', 'proxy', 'with proxy'], next: 'END', evidence: 'Agents were onboarded through a proxy' },
      { id: 'no-proxy', label: 'No proxy', synonyms: ['no', 'n', 'none', 'direct'], next: 'END', evidence: 'Agents were onboarded without a proxy' },
    ],
    skipTo: 'END',
    sources: ['AMD-faq', 'AMD-modes', 'CLI-troubleshoot'],
  },
  {
    id: 'C1',
    title: 'Connecting: how long since onboarding?',
    question: 'How long ago was {name} onboarded (az connectedk8s connect)?',
    commands: ['az connectedk8s show -n {name} -g {rg} --subscription {subscription} --query "{created:systemData.createdAt,status:connectivityStatus}"'],
    good: 'Less than 10-15 minutes: metadata can take up to 10 minutes to appear.',
    bad: 'Longer than 15 minutes: onboarding is stuck.',
    help: 'Connecting means the resource exists but no agent heartbeat arrived yet.',
    answers: [
      { id: 'recent', label: 'Less than 15 minutes', synonyms: ['less', 'recent', 'just now', '< 15', '<15'], next: 'END', findings: [{ cause: 'onboarding-recent' }], evidence: 'Onboarded less than 15 minutes ago' },
      { id: 'longer', label: 'Longer', synonyms: ['more', 'longer', 'hours', 'days', '> 15', '>15'], next: 'C2', evidence: 'Onboarded more than 15 minutes ago and still Connecting' },
    ],
    skipTo: 'C2',
    sources: ['AMD-quickstart', 'AMD-modes'],
  },
  {
    id: 'C2',
    title: 'Did onboarding print an error?',
    question: 'Did `az connectedk8s connect` print an [AZK8Snnnn] error? Paste the error line here, or answer.',
    commands: ['az connectedk8s connect -n {name} -g {rg} --subscription {subscription} -l {region}   # re-run and look for [AZK8S....]'],
    good: 'No error; the command finished.',
    bad: 'A line such as "[AZK8S0513] HelmTimeoutImagePullFailed: ...".',
    help: 'Standardized CLI errors look like "[AZK8Snnnn] Name: message". Paste the line and I will explain it.',
    answers: [
      { id: 'no', label: 'No error', synonyms: NO, next: 'B2', evidence: 'Onboarding printed no AZK8S error' },
      { id: 'yes', label: 'Yes (paste it)', synonyms: YES, next: 'B2', findings: [{ cause: 'onboarding-error' }], evidence: 'Onboarding printed an AZK8S error' },
    ],
    skipTo: 'B2',
    paste: 'azk8s',
    sources: ['CLI-errors', 'AMD-quickstart'],
  },
  {
    id: 'B1',
    title: 'Is the cluster up?',
    question: 'Is the Kubernetes cluster {name} itself up and reachable?',
    commands: ['kubectl get nodes', 'kubectl cluster-info'],
    good: 'Nodes are Ready and cluster-info prints the control plane address.',
    bad: 'Connection refused, timeouts, or nodes NotReady.',
    help: 'Arc can only heartbeat when the cluster runs. If it is down, fix the cluster first; Arc goes back to Connected by itself.',
    answers: [
      { id: 'yes', label: 'Yes, it is up', synonyms: YES, next: 'B2', evidence: 'The cluster is up (kubectl get nodes works)' },
      { id: 'no', label: 'No, it is down', synonyms: NO, next: 'END', findings: [{ cause: 'cluster-down' }], evidence: 'The cluster is down or unreachable' },
    ],
    skipTo: 'B2',
    sources: ['derived'],
  },
  {
    id: 'B2',
    title: 'Are the Arc agents healthy?',
    question: 'What do the Arc agent pods show? You can paste the output of `kubectl get pods -n azure-arc` here.',
    commands: ['helm list -A | grep azure-arc', 'kubectl -n azure-arc get deployments,pods'],
    good: 'Every pod Running with READY 2/2 or 3/3.',
    bad: 'Pending, ImagePullBackOff/ErrImagePull, CrashLoopBackOff, not-ready containers, or no azure-arc release.',
    help: 'The agents in namespace azure-arc send the heartbeat. clusteridentityoperator makes the first outbound call and fetches the certificate the others use.',
    answers: [
      { id: 'running', label: 'All Running', synonyms: ['all running', 'healthy', 'ok', 'yes', 'y'], next: 'B3', evidence: 'All agent pods Running and ready' },
      { id: 'pending', label: 'Pending', synonyms: ['pending'], next: 'END', findings: [{ cause: 'pods-pending' }], evidence: 'Agent pods are Pending' },
      { id: 'imagepull', label: 'ImagePullBackOff', synonyms: ['imagepullbackoff', 'errimagepull', 'image pull', 'imagepull'], next: 'B4', findings: [{ cause: 'image-pull' }], evidence: 'Agent pods cannot pull images' },
      { id: 'crashloop', label: 'CrashLoopBackOff / not ready', synonyms: ['crashloopbackoff', 'crashloop', 'crash', 'not ready', 'error'], next: 'B3', findings: [{ cause: 'agents-crashloop' }], evidence: 'Agent containers crash or are not ready' },
      { id: 'missing', label: 'No azure-arc release', synonyms: ['missing', 'none', 'no release', 'no pods', 'not installed'], next: 'END', findings: [{ cause: 'agents-missing' }], evidence: 'No azure-arc Helm release / no agent pods' },
    ],
    skipTo: 'B3',
    paste: 'pods-health',
    sources: ['AMD-troubleshoot', 'AMD-sysreq', 'CLI-errors'],
  },
  {
    id: 'B3',
    title: 'Is the MSI certificate Secret present?',
    question: 'Is the Secret azure-identity-certificate present in azure-arc?',
    commands: ['kubectl get secret -n azure-arc -o yaml | grep name:'],
    good: 'azure-identity-certificate is listed.',
    bad: 'It is missing: the identity was never obtained.',
    help: 'clusteridentityoperator stores the managed identity certificate in this Secret after reaching {gblHis} and the regional his endpoint.',
    answers: [
      { id: 'yes', label: 'Present', synonyms: [...YES, 'present', 'there'], next: 'B4', evidence: 'Secret azure-identity-certificate is present' },
      { id: 'no', label: 'Missing', synonyms: [...NO, 'missing', 'absent'], next: 'B4', findings: [{ cause: 'msi-certificate-missing' }], evidence: 'Secret azure-identity-certificate is missing' },
    ],
    skipTo: 'B4',
    sources: ['AMD-troubleshoot', 'CLI-troubleshoot'],
  },
  {
    id: 'B4',
    title: 'Does DNS resolve inside the cluster?',
    question: 'From a pod in the cluster, do the Azure names resolve?',
    commands: [
      'kubectl run -it --rm test-pod --namespace azure-arc --image=debian:stable',
      'apt-get update -y && apt-get install -y dnsutils curl netcat-openbsd',
      'nslookup {dp}; nslookup {gblHis}; nslookup {arm}; nslookup {mcr}',
    ],
    good: 'Every name returns an address.',
    bad: 'NXDOMAIN or "connection timed out".',
    privateLinkNote: 'Private link is enabled: the his, guestconfiguration and dp names must return PRIVATE IPs.',
    help: 'If egress blocks package installs, use an image with tools preinstalled (the `probe {name}` command uses curlimages/curl). Compare with an upstream resolver to see whether CoreDNS or its forwarder is wrong.',
    answers: [
      { id: 'yes', label: 'All resolve', synonyms: [...YES, 'resolves', 'resolve', 'all resolve'], next: 'B5', evidence: 'Azure names resolve inside the cluster' },
      { id: 'no', label: 'NXDOMAIN / timeout', synonyms: [...NO, 'nxdomain', 'timeout', 'timed out', 'fails'], next: 'END', findings: [{ cause: 'dns-failure' }], evidence: 'Azure names do not resolve inside the cluster' },
      { id: 'public', label: 'Public IPs returned', synonyms: ['public', 'public ip', 'public ips'], next: 'B5', when: 'privateLink', findings: [{ cause: 'private-dns-public-ip' }], evidence: 'Private link names resolve to public IPs' },
    ],
    skipTo: 'B5',
    sources: ['AMD-diagnose', 'AMD-troubleshoot', 'AMD-pl'],
  },
  {
    id: 'B5',
    title: 'Can the cluster reach the endpoints over HTTPS?',
    question: 'From inside the cluster, are the required endpoints reachable over HTTPS? Best: run the probe below and paste its output here.',
    commands: [
      '{probeCommand}',
      '# or by hand from a pod with curl:',
      'for u in https://{arm} https://{dp} https://{login} https://{gblHis} https://{mcr}; do echo "$u $(curl -s -o /dev/null -w \'%{http_code}\' --max-time 10 $u)"; done',
    ],
    good: 'Every endpoint prints an HTTP code other than 000 (4xx counts as reachable).',
    bad: '000 on any endpoint: a firewall or egress rule blocks it.',
    gatewayNote: 'This cluster uses the Arc gateway: the gateway URL and the few endpoints it still needs must be reachable.',
    help: 'The CLI troubleshooter treats any HTTP code other than 000 as reachable. Cluster Connect additionally needs {obo}:8084 and WebSockets to {relay}.',
    answers: [
      { id: 'yes', label: 'All reachable', synonyms: [...YES, 'reachable', 'all reachable'], next: 'B6', evidence: 'All core endpoints reachable over HTTPS' },
      { id: 'no', label: 'Some fail (000)', synonyms: [...NO, '000', 'blocked', 'fail', 'some fail'], next: 'B6', findings: [{ cause: 'egress-blocked' }], evidence: 'Some core endpoints are not reachable over HTTPS' },
      { id: 'cc-only', label: 'Only obo:8084 / relay fail', synonyms: ['obo', 'cluster connect', '8084'], next: 'B6', when: 'notPrivateLink', findings: [{ cause: 'cluster-connect-blocked' }], evidence: 'Only the Cluster Connect endpoints fail' },
    ],
    skipTo: 'B6',
    paste: 'probe',
    sources: ['CLI-troubleshoot', 'AMD-net-public', 'AMD-gateway'],
  },
  {
    id: 'B6',
    title: 'Is a proxy in the path?',
    question: 'Is an outbound proxy required, and are the Arc agents configured for it?',
    commands: [
      'helm list -A | grep azure-arc',
      'helm get values azure-arc -n <release-namespace> -o json | grep -iE "isProxyEnabled|isCustomCert|proxyCert"',
      'curl -x http://<proxy>:<port> -sS -o /dev/null -w "%{http_code}" https://{arm}',
    ],
    good: 'No proxy needed, or isProxyEnabled true and the curl through the proxy prints a code other than 000.',
    bad: 'A proxy is required but isProxyEnabled is false or missing.',
    help: 'Agents only use a proxy given at connect/update time (--proxy-https, --proxy-http, --proxy-skip-range, --proxy-cert). The proxy must allow WebSockets.',
    answers: [
      { id: 'none', label: 'No proxy', synonyms: ['no', 'n', 'no proxy', 'direct'], next: 'B7', evidence: 'No outbound proxy in the path' },
      { id: 'configured', label: 'Proxy, agents configured', synonyms: ['configured', 'yes', 'y', 'proxy configured'], next: 'B7', findings: [{ cause: 'proxy-blocks', when: 'egressFailed' }], evidence: 'A proxy is in the path and the agents are configured for it' },
      { id: 'not-configured', label: 'Proxy, agents NOT configured', synonyms: ['not configured', 'unconfigured', 'missing'], next: 'B7', findings: [{ cause: 'proxy-not-configured' }], evidence: 'A proxy is required but the agents are not configured for it' },
    ],
    skipTo: 'B7',
    askWhen: 'proxyRelevant',
    sources: ['CLI-troubleshoot', 'AMD-quickstart', 'CLI-params', 'AMD-fw-proxy'],
  },
  {
    id: 'B7',
    title: 'Is TLS being intercepted?',
    question: 'Who issued the certificate the cluster sees for {arm}?',
    commands: ['curl -v https://{arm} 2>&1 | grep -i issuer'],
    good: 'A Microsoft issuer (e.g. "Microsoft Azure RSA TLS Issuing CA").',
    bad: 'A corporate or private CA: TLS inspection.',
    gatewayNote: 'With the Arc gateway, <prefix>.gw.arc.azure.com must be exempt from TLS inspection.',
    help: 'Arc needs publicly signed, verifiable certificates. A re-signing proxy needs an exemption or the CA given to the agents with --proxy-cert.',
    answers: [
      { id: 'microsoft', label: 'Microsoft issuer', synonyms: ['no', 'n', 'microsoft', 'ms'], next: 'B8', evidence: 'TLS is not intercepted (Microsoft issuer)' },
      { id: 'other', label: 'Other CA (inspection)', synonyms: ['yes', 'y', 'other', 'corporate', 'private', 'inspection'], next: 'B8', findings: [{ cause: 'tls-inspection' }, { cause: 'tls-inspection-gateway', when: 'gateway' }], evidence: 'TLS is intercepted by a non-Microsoft CA' },
    ],
    skipTo: 'B8',
    askWhen: 'tlsRelevant',
    sources: ['AMD-net-principles', 'AMD-quickstart', 'AMD-gateway'],
  },
  {
    id: 'B8',
    title: 'Clock skew? (unverified)',
    question: 'Do the node clocks differ from real time by more than a few minutes?',
    commands: ['date -u   # on each node'],
    good: 'All nodes within seconds of real UTC time.',
    bad: 'Minutes or more off.',
    help: 'Not documented for Arc-enabled Kubernetes: skew can break token and certificate validation in general, so treat it as a heuristic.',
    answers: [
      { id: 'no', label: 'Clocks are fine', synonyms: [...NO, 'fine', 'ok'], next: 'B9', evidence: 'Node clocks are correct' },
      { id: 'yes', label: 'Clocks are off', synonyms: ['yes', 'y', 'off', 'skew', 'skewed'], next: 'B9', findings: [{ cause: 'clock-skew' }], evidence: 'Node clocks are off' },
    ],
    skipTo: 'B9',
    askWhen: 'noCauseYet',
    sources: ['derived'],
  },
  {
    id: 'B9',
    title: 'Are the agents in support?',
    question: 'Agents run {agentVersion}; the latest known is {latestAgent}. Is agent auto-upgrade on?',
    commands: ['kubectl -n azure-arc get cm azure-clusterconfig -o jsonpath="{.data[\'AZURE_ARC_AUTOUPDATE\']}"'],
    good: 'true',
    bad: 'false: the agents will fall out of the N-2 support window.',
    help: 'Agents are supported within N-2 minor versions of the latest release; auto-upgrade checks hourly.',
    answers: [
      { id: 'on', label: 'true (on)', synonyms: ['true', 'on', 'yes', 'y', 'enabled'], next: 'END', evidence: 'Agent auto-upgrade is on' },
      { id: 'off', label: 'false (off)', synonyms: ['false', 'off', 'no', 'n', 'disabled'], next: 'END', findings: [{ cause: 'auto-upgrade-off' }], evidence: 'Agent auto-upgrade is off' },
    ],
    skipTo: 'END',
    askWhen: 'agentVersionInDoubt',
    sources: ['AMD-upgrade', 'CLI-troubleshoot'],
  },
  {
    id: 'F1',
    title: 'Cluster Connect / RBAC agents',
    question: 'Are clusterconnect-agent and kube-aad-proxy running? You can paste `kubectl get pods -n azure-arc` here.',
    commands: ['kubectl -n azure-arc get pods | grep -E "clusterconnect-agent|kube-aad-proxy"', 'kubectl get secret kube-aad-proxy-certificate -n azure-arc'],
    good: 'Both Running and ready.',
    bad: 'clusterconnect-agent missing, kube-aad-proxy missing, or kube-aad-proxy stuck in ContainerCreating.',
    help: 'clusterconnect-agent is the reverse proxy for Cluster Connect; kube-aad-proxy authenticates the requests using Secret kube-aad-proxy-certificate.',
    answers: [
      { id: 'running', label: 'Both running', synonyms: ['yes', 'y', 'both', 'running', 'ok'], next: 'F2', evidence: 'clusterconnect-agent and kube-aad-proxy are running' },
      { id: 'cc-missing', label: 'clusterconnect-agent missing', synonyms: ['clusterconnect missing', 'no clusterconnect', 'cc missing'], next: 'END', findings: [{ cause: 'cluster-connect-disabled' }], evidence: 'clusterconnect-agent is missing' },
      { id: 'kap-missing', label: 'kube-aad-proxy missing', synonyms: ['kube-aad-proxy missing', 'kap missing'], next: 'END', findings: [{ cause: 'kube-aad-proxy-blocked' }], evidence: 'kube-aad-proxy is missing while other pods run' },
      { id: 'kap-creating', label: 'kube-aad-proxy ContainerCreating', synonyms: ['containercreating', 'creating', 'stuck'], next: 'END', findings: [{ cause: 'kube-aad-proxy-certificate' }], evidence: 'kube-aad-proxy is stuck in ContainerCreating' },
    ],
    skipTo: 'F2',
    askWhen: 'notPrivateLink',
    paste: 'pods-cluster-connect',
    sources: ['AMD-troubleshoot', 'AMD-agents', 'CLI-troubleshoot'],
  },
  {
    id: 'F2',
    title: 'What does the Cluster Connect error say?',
    question: 'Which of these matches the error, and does https://{obo}:8084/ answer from your network?',
    commands: ['curl -s -o /dev/null -w "%{http_code}" https://{obo}:8084/', 'az connectedk8s proxy -n {name} -g {rg} --subscription {subscription} --debug'],
    good: 'Any HTTP code other than 000 from obo:8084.',
    bad: '000, an "overage claim" error, or WebSocket failures.',
    help: 'An overage claim means the identity is in more than 200 Entra groups, or a proxy blocks obo:8084. Cluster Connect relays through {relay}, which needs WebSockets.',
    answers: [
      { id: 'overage', label: 'Overage claim', synonyms: ['overage', 'overage claim'], next: 'END', findings: [{ cause: 'overage-claim' }], evidence: 'The error mentions an overage claim' },
      { id: 'obo-blocked', label: 'obo:8084 gives 000', synonyms: ['000', 'blocked', 'obo'], next: 'END', findings: [{ cause: 'cluster-connect-blocked' }], evidence: '{obo}:8084 is not reachable' },
      { id: 'websockets', label: 'WebSocket errors', synonyms: ['websocket', 'websockets', 'ws'], next: 'END', findings: [{ cause: 'websockets-blocked' }], evidence: 'WebSocket connections fail' },
      { id: 'other', label: 'Something else', synonyms: ['other', 'else', 'none'], next: 'END', evidence: 'The Cluster Connect error is none of the known ones' },
    ],
    skipTo: 'END',
    // Cluster Connect is not supported with private link (https://learn.microsoft.com/azure/azure-arc/kubernetes/private-link): the findings say so instead.
    askWhen: 'notPrivateLink',
    sources: ['AMD-troubleshoot', 'AMD-net-public', 'AMD-pl'],
  },
  {
    id: 'V1',
    title: 'Hygiene while Connected',
    question: 'Certificate: {certDaysLeft}. Agents: {agentVersion} (latest known {latestAgent}). Is agent auto-upgrade on?',
    commands: ['kubectl -n azure-arc get cm azure-clusterconfig -o jsonpath="{.data[\'AZURE_ARC_AUTOUPDATE\']}"'],
    good: 'true, certificate more than 45 days left, agent within N-2.',
    bad: 'false, or fewer than 45 days left while Connected (renewal is not happening).',
    help: 'Healthy clusters renew the certificate between day 46 and 90 automatically; auto-upgrade keeps agents inside the N-2 support window.',
    answers: [
      { id: 'on', label: 'true (on)', synonyms: ['true', 'on', 'yes', 'y', 'enabled'], next: 'END', evidence: 'Agent auto-upgrade is on' },
      { id: 'off', label: 'false (off)', synonyms: ['false', 'off', 'no', 'n', 'disabled'], next: 'END', findings: [{ cause: 'auto-upgrade-off' }], evidence: 'Agent auto-upgrade is off' },
    ],
    skipTo: 'END',
    sources: ['AMD-faq', 'AMD-upgrade'],
  },
];

/** B10: what to do when the tree found nothing conclusive; always part of the findings. */
export const STILL_FAILING = {
  title: 'Still failing?',
  commands: ['az connectedk8s troubleshoot -g {rg} -n {name} --subscription {subscription}'],
  text: 'Read its findings and attach the folder ~/.azure/arc_diagnostic_logs/<timestamp> to a support request; also check Azure status for service incidents.',
  sources: ['AMD-diagnose', 'AMD-troubleshoot'] as SourceTag[],
};

export function treeNode(id: string): TreeNode | undefined {
  return DECISION_TREE.find((n) => n.id === id);
}
