import { AGENT_RESOURCE_NEEDS, roleOfPod, type AgentPodRole } from '../agent-pods';

/** One row of `kubectl get pods -n azure-arc` (also `-A`, `-o wide`). */
export interface PodRow {
  name: string;
  readyContainers: number;
  totalContainers: number;
  status: string;
  role?: AgentPodRole;
}

export type PodProblemKind = 'pending' | 'image-pull' | 'crash-loop' | 'not-ready' | 'container-creating' | 'oom-killed' | 'other';

export interface PodProblem {
  pod: PodRow;
  kind: PodProblemKind;
  meaning: string;
  nextStep: string;
}

/** The overall reading, mapped to the answers of decision-tree node B2. */
export type PodsVerdict = 'healthy' | 'pending' | 'image-pull' | 'crash-loop' | 'missing';

export interface PodsAnalysis {
  pods: PodRow[];
  problems: PodProblem[];
  verdict: PodsVerdict;
  /** Rows with a READY column (`n/m`) that could not be read as a pod (so the reading is partial). */
  unreadRows: number;
  /** Pod statuses other than Running/Completed seen in the text but not in a row read: never an all-clear. */
  unattributedStatuses: string[];
  /** True when the optional Cluster Connect pods are present. */
  clusterConnectAgent?: PodRow;
  kubeAadProxy?: PodRow;
}

const READY = /^(\d+)\/(\d+)$/;
const NO_RESOURCES = /No resources found in azure-arc namespace/i;

function problemFor(pod: PodRow): PodProblem | undefined {
  const s = pod.status;
  const critical = pod.role && ['clusteridentityoperator', 'config-agent', 'clusterconnect-agent'].includes(pod.role.name);
  const roleNote = pod.role ? ` ${pod.role.name}: ${pod.role.ifFailing}` : '';
  if (/^Pending$/i.test(s)) {
    return { pod, kind: 'pending', meaning: `Pending: the pod cannot be scheduled, usually insufficient resources. The agents need ${AGENT_RESOURCE_NEEDS}. [AMD-sysreq]`, nextStep: `kubectl -n azure-arc describe pod ${pod.name}` };
  }
  if (/ImagePullBackOff|ErrImagePull|InvalidImageName/i.test(s)) {
    return { pod, kind: 'image-pull', meaning: 'The image cannot be pulled: check that the nodes reach mcr.microsoft.com and *.data.mcr.microsoft.com (firewall/proxy), then node disk space. [CLI-errors]', nextStep: `kubectl -n azure-arc describe pod ${pod.name} | grep -A 5 Events` };
  }
  if (/OOMKilled/i.test(s)) {
    return { pod, kind: 'oom-killed', meaning: 'The container ran out of memory; give the node more free memory (agents need at least 850 MB). [AMD-sysreq][CLI-precheck]', nextStep: `kubectl -n azure-arc describe pod ${pod.name}` };
  }
  if (/ContainerCreating/i.test(s)) {
    const kap = pod.role?.name === 'kube-aad-proxy';
    return { pod, kind: 'container-creating', meaning: kap ? 'kube-aad-proxy stuck in ContainerCreating: the Secret kube-aad-proxy-certificate is missing; delete and onboard again. [AMD-troubleshoot]' : 'Still creating; if it stays, describe the pod for mount or image errors.', nextStep: kap ? 'kubectl get secret kube-aad-proxy-certificate -n azure-arc' : `kubectl -n azure-arc describe pod ${pod.name}` };
  }
  if (/CrashLoopBackOff|Error|CreateContainerConfigError|Init:/i.test(s)) {
    return { pod, kind: 'crash-loop', meaning: `The container keeps failing.${critical ? ' This agent fails when the identity cannot be obtained (network, proxy).' : ''}${roleNote} [AMD-troubleshoot]`, nextStep: `kubectl -n azure-arc logs ${pod.name} --all-containers` };
  }
  if (/^Running$/i.test(s) && pod.readyContainers < pod.totalContainers) {
    return { pod, kind: 'not-ready', meaning: `Running but only ${pod.readyContainers}/${pod.totalContainers} containers ready.${roleNote} [CLI-troubleshoot]`, nextStep: `kubectl -n azure-arc logs ${pod.name} --all-containers` };
  }
  if (!/^(Running|Completed|Succeeded)$/i.test(s)) {
    return { pod, kind: 'other', meaning: `Status ${s}.${roleNote}`, nextStep: `kubectl -n azure-arc describe pod ${pod.name}` };
  }
  return undefined;
}

// Bounded like Kubernetes' own names (DNS subdomain, at most 253 characters): a 90 KB "pod name" is
// not kubectl output, and echoing it made a 270 KB reply over Teams' 28 KB limit (hostile-input sweep).
const POD_NAME = /^[a-z0-9][a-z0-9.-]{0,252}$/;
const STATUS_WORD = /^[A-Za-z][A-Za-z0-9:/]{0,62}$/;

/**
 * A name glued to the end of the line before it, when chat dropped the line break with no space:
 * `AGEconfig-agent-5d6c8-x2k4q` (after the header) or `3dconfig-agent-...` (after an AGE column).
 */
const GLUED_PREFIX = /^(?:[A-Z]+|(?:\d+[smhdy])+|\))(?=[a-z])/;
function podName(token: string): string | undefined {
  const unglued = token.replace(GLUED_PREFIX, '');
  if (unglued !== token && POD_NAME.test(unglued) && (roleOfPod(unglued) || !POD_NAME.test(token))) return unglued;
  return POD_NAME.test(token) ? token : undefined;
}

/**
 * Statuses kubectl prints for pods that are not fine (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/
 * and the container waiting/terminated reasons), searched for anywhere in the text.
 */
const BAD_STATUS = /\b(?:Pending|CrashLoopBackOff|Error|ImagePullBackOff|ErrImagePull|InvalidImageName|OOMKilled|ContainerCreating|PodInitializing|Init:[\w:/-]+|CreateContainerConfigError|CreateContainerError|RunContainerError|ContainerStatusUnknown|Terminating|Evicted|Unknown|Failed|NodeLost|Shutdown)\b/g;

/**
 * Reads rows by tokens rather than lines or columns, so output whose line breaks or alignment were
 * lost on the way through chat still parses: every `n/m` token (READY) with a pod-like name before
 * it and a status word after it is one pod.
 */
function parseRows(text: string): PodRow[] {
  const tokens = text.split(/\s+/).filter(Boolean);
  const rows: PodRow[] = [];
  for (let i = 1; i + 1 < tokens.length; i++) {
    const ready = READY.exec(tokens[i]);
    const name = ready ? podName(tokens[i - 1]) : undefined;
    if (!ready || !name || !STATUS_WORD.test(tokens[i + 1])) continue;
    if (name === 'azure-arc' || rows.some((r) => r.name === name)) continue;
    rows.push({ name, readyContainers: Number(ready[1]), totalContainers: Number(ready[2]), status: tokens[i + 1], role: roleOfPod(name) });
  }
  return rows;
}

/** True when the text looks like `kubectl get pods` output (a NAME ... READY ... STATUS header or the empty-namespace line). */
export function looksLikePods(text: string): boolean {
  return /(^|\s)(NAMESPACE\s+)?NAME\s+READY\s+STATUS(\s|$)/.test(text) || NO_RESOURCES.test(text);
}

/** Reads pasted `kubectl get pods -n azure-arc` output; undefined when it is not that. */
export function parsePods(text: string): PodsAnalysis | undefined {
  if (!looksLikePods(text)) return undefined;
  const pods = parseRows(text);
  const problems = pods.map(problemFor).filter((p): p is PodProblem => p !== undefined);
  const readStatuses = new Set(pods.map((p) => p.status));
  const unattributedStatuses = [...new Set([...text.matchAll(BAD_STATUS)].map((m) => m[0]))].filter((s) => !readStatuses.has(s));
  const seen = (pattern: RegExp) => unattributedStatuses.some((s) => pattern.test(s));
  const has = (k: PodProblemKind) => problems.some((p) => p.kind === k);
  let verdict: PodsVerdict = 'healthy';
  if (pods.length === 0 && !unattributedStatuses.length) verdict = 'missing';
  else if (has('pending') || seen(/^Pending$/)) verdict = 'pending';
  else if (has('image-pull') || seen(/ImagePull|ErrImage|InvalidImage/)) verdict = 'image-pull';
  else if (problems.length || unattributedStatuses.length) verdict = 'crash-loop';
  const readyColumns = text.split(/\s+/).filter((t) => READY.test(t)).length;
  return {
    pods,
    problems,
    verdict,
    unreadRows: Math.max(0, readyColumns - pods.length),
    unattributedStatuses,
    clusterConnectAgent: pods.find((p) => p.role?.name === 'clusterconnect-agent'),
    kubeAadProxy: pods.find((p) => p.role?.name === 'kube-aad-proxy'),
  };
}

/** Answer of node B2 for a verdict. */
export const B2_ANSWER_FOR_VERDICT: Record<PodsVerdict, string> = {
  healthy: 'running',
  pending: 'pending',
  'image-pull': 'imagepull',
  'crash-loop': 'crashloop',
  missing: 'missing',
};

/** Answer of node F1 (Cluster Connect agents) for parsed pods. */
export function clusterConnectAnswer(a: PodsAnalysis): string {
  if (!a.clusterConnectAgent) return 'cc-missing';
  if (!a.kubeAadProxy) return 'kap-missing';
  if (/ContainerCreating/i.test(a.kubeAadProxy.status)) return 'kap-creating';
  return 'running';
}
