import { allowlistFor, type ResolvedEndpoint } from './allowlist';
import type { CloudName } from './clouds';
import type { Feature } from './endpoint-table';

/**
 * Builds the one-line in-cluster probe: a throw-away curl pod in azure-arc
 * (same namespace and egress path as the agents) that tries every probe-able endpoint over
 * HTTPS (port 8084 for obo) and prints one line each:
 *   ARCPROBE <fqdn> <port> dns=ok|fail tcp=ok|fail|- tls=ok|fail|- http=<code> rc=<curl exit> ip=<ip|->
 * The stage comes from curl's exit code (6 = DNS, 7 = TCP, TLS codes such as 35/60) and, on
 * timeouts (28), from which timings are still zero. Like the CLI check, any HTTP code other than
 * 000 counts as reachable (https://github.com/Azure/azure-cli-extensions/blob/main/src/connectedk8s/azext_connectedk8s/_troubleshootutils.py). Wildcards and user placeholders cannot be probed.
 */
const PROBE_IMAGE = 'curlimages/curl:8.10.1';
const PROBE_LINE_PREFIX = 'ARCPROBE';

export interface ProbePlan {
  command: string;
  probed: ResolvedEndpoint[];
  notProbed: { endpoint: ResolvedEndpoint; reason: string }[];
}

export interface ProbeRequest {
  cloud: CloudName;
  region: string;
  features?: readonly Feature[];
  /** An HTTP(S) proxy URL the probe should use, like the agents do (--proxy-https). */
  proxy?: string;
}

const SAFE_HOST = /^[A-Za-z0-9.-]+$/;
// A host name has at most 253 characters (https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4); with scheme, credentials and port 400 is plenty.
const SAFE_PROXY = /^https?:\/\/[A-Za-z0-9.:@%_-]{1,400}\/?$/;

// Single-quoted for the outer shell, so it must contain no single quote; works in bash/zsh and PowerShell.
const SCRIPT_BODY = [
  'h=${e%:*}; p=${e#*:}',
  'o=$(curl -s -o /dev/null -w "%{http_code} %{time_connect} %{time_appconnect} %{remote_ip}" --connect-timeout 5 --max-time 10 https://$h:$p/)',
  'r=$?; set -- $o; d=ok; t=ok; s=ok',
  'case $r in 0) ;; 6) d=fail; t=-; s=-;; 7) t=fail; s=-;; 28) if [ -z "$4" ]; then d=fail; t=-; s=-; elif [ "$2" = 0.000000 ]; then t=fail; s=-; elif [ "$3" = 0.000000 ]; then s=fail; fi;; 35|51|53|54|58|59|60|77|80|82|83|90|91) s=fail;; esac',
  `echo "${PROBE_LINE_PREFIX} $h $p dns=$d tcp=$t tls=$s http=$1 rc=$r ip=\${4:--}"`,
].join('; ');

export class ProbeRequestError extends Error {}

/** The `sh` script the probe pod runs for `host:port` targets (exported so tests can run it with real sh + curl). */
export function probeShellScript(targets: readonly string[]): string {
  return `for e in ${targets.join(' ')}; do ${SCRIPT_BODY}; done`;
}

export function buildProbePlan(request: ProbeRequest): ProbePlan {
  const endpoints = allowlistFor({ cloud: request.cloud, region: request.region, features: request.features });
  const probed: ResolvedEndpoint[] = [];
  const notProbed: ProbePlan['notProbed'] = [];
  for (const e of endpoints) {
    if (e.wildcard) notProbed.push({ endpoint: e, reason: 'cannot probe a wildcard: allow the pattern on the firewall' });
    else if (e.placeholder) notProbed.push({ endpoint: e, reason: 'holds a placeholder only you know (e.g. the gateway prefix)' });
    else if (e.features.every((f) => f === 'onboard' || f === 'portal')) notProbed.push({ endpoint: e, reason: 'needed on the CLI machine or browser, not inside the cluster' });
    else if (!SAFE_HOST.test(e.fqdn)) notProbed.push({ endpoint: e, reason: 'not a plain host name' });
    else probed.push(e);
  }
  if (request.proxy !== undefined && !SAFE_PROXY.test(request.proxy)) {
    throw new ProbeRequestError('The proxy must look like http://host:port (no spaces or quotes).');
  }
  const env = request.proxy ? ` --env=HTTPS_PROXY=${request.proxy}` : '';
  const command =
    `kubectl run arcprobe --rm -i --quiet --restart=Never -n azure-arc --image=${PROBE_IMAGE}${env} --command -- ` +
    `sh -c '${probeShellScript(probed.map((e) => `${e.fqdn}:${e.port}`))}'`;
  return { command, probed, notProbed };
}
