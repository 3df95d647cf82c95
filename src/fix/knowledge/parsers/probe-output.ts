/**
 * Reads the output of the `probe <cluster>` command (src/knowledge/probe-script.ts):
 *   ARCPROBE <fqdn> <port> dns=ok|fail tcp=ok|fail|- tls=ok|fail|- http=<code> rc=<curl exit> ip=<ip|->
 * and, for convenience, the doc's B5 loop output "https://<host> <code>" (https://github.com/Azure/azure-cli-extensions/blob/main/src/connectedk8s/azext_connectedk8s/_troubleshootutils.py).
 */
export type ProbeStage = 'dns' | 'tcp' | 'tls' | 'http';

export interface ProbeLine {
  fqdn: string;
  port: number;
  ok: boolean;
  /** First stage that failed. */
  failedAt?: ProbeStage;
  httpCode: string;
  curlExit?: number;
  ip?: string;
  /** Why, in one sentence, and what to open or fix. */
  reason?: string;
  fix?: string;
}

export interface ProbeAnalysis {
  lines: ProbeLine[];
  failing: ProbeLine[];
  /** ARCPROBE lines in the text that could not be read (so the reading is partial). */
  unread: number;
  /** A failure (`dns=fail`, `http=000`, ...) appears in the text outside the lines read: never an all-clear. */
  failureOutsideReadLines: boolean;
}

const PROBE_LINE = /^\s*ARCPROBE\s+(\S+)\s+(\d+)\s+(.*)$/;
/**
 * Lines, also when chat flattened the line breaks, with spaces or with nothing at all
 * (`...ip=20.50.2.1ARCPROBE westeurope...`): every probe line starts with ARCPROBE.
 */
const CHUNKS = /\n|(?=ARCPROBE\s)/;
const PROBE_MARKER = /ARCPROBE\s/g;
const FAILURE_FIELD = /(?:dns|tcp|tls)=fail|http=000/;
// Host names are bounded (a DNS name has at most 253 characters) and, for ARCPROBE lines, checked with
// HOST_NAME: the host is echoed into the reply card, so a 90 KB or markup "host" (`[x](javascript:...)`)
// made a 550 KB reply or a live link (hostile-input sweep). Such lines are not probe output and are skipped.
const LOOP_LINE = /https:\/\/([A-Za-z0-9.-]{1,253})(?::(\d+))?\/?\s+(\d{3})(?=\s|$|https:\/\/)/g;
const HOST_NAME = /^[A-Za-z0-9*][A-Za-z0-9*.-]{0,252}$/;
/** IPv4 or IPv6 as the probe prints it ('-' when DNS failed); anything else is not shown (it would be echoed). */
const IP_ADDRESS = /^[0-9A-Fa-f.:]{2,45}$/;

function field(rest: string, key: string): string | undefined {
  return new RegExp(`(?:^|\\s)${key}=(\\S+)`).exec(rest)?.[1];
}

/** curl exit codes that mean the TLS handshake or certificate failed (60: untrusted issuer, typical of inspection). */
const TLS_EXITS = new Set([35, 51, 53, 54, 58, 59, 60, 77, 80, 82, 83, 90, 91]);

/**
 * Why a probed endpoint failed and what to do, said of "it": every place that shows this shows the
 * host name right before it, on lines of its own that never break inside a label (hostName()).
 */
function explain(line: ProbeLine): Pick<ProbeLine, 'reason' | 'fix'> {
  switch (line.failedAt) {
    case 'dns':
      return { reason: 'DNS: the name does not resolve inside the cluster.', fix: 'Fix CoreDNS or its upstream forwarders (with private link: the private DNS records). [AMD-diagnose][AMD-pl]' };
    case 'tcp':
      return { reason: 'TCP: cannot connect (blocked or dropped).', fix: `Open outbound TCP ${line.port} to it on the firewall/NSG (or route it through your proxy). [AMD-net-public]` };
    case 'tls':
      return line.curlExit === 60
        ? { reason: 'TLS: its certificate is not trusted: TLS inspection re-signs it.', fix: 'Exempt it from TLS inspection, or give the agents the proxy CA with `az connectedk8s update --proxy-cert <chain.pem>`. [AMD-quickstart][AMD-net-principles]' }
        : { reason: 'TLS: the handshake fails (a firewall filtering by SNI or a proxy breaking TLS).', fix: 'Allow it on the TLS/SNI filter or proxy. [AMD-net-principles]' };
    case 'http':
      return { reason: 'HTTP: it accepted the connection but sent no HTTP answer (000).', fix: 'Check the proxy or firewall in front of it; any HTTP code, even 4xx, means reachable. [CLI-troubleshoot]' };
    default:
      return {};
  }
}

function fromProbeLine(m: RegExpExecArray): ProbeLine {
  const [, fqdn, port, rest] = m;
  const dns = field(rest, 'dns');
  const tcp = field(rest, 'tcp');
  const tls = field(rest, 'tls');
  const httpCode = field(rest, 'http') ?? '000';
  const rc = field(rest, 'rc');
  const ip = field(rest, 'ip');
  const curlExit = rc !== undefined && /^\d+$/.test(rc) ? Number(rc) : undefined;
  let failedAt: ProbeStage | undefined;
  if (dns === 'fail') failedAt = 'dns';
  else if (tcp === 'fail') failedAt = 'tcp';
  else if (tls === 'fail' || (curlExit !== undefined && TLS_EXITS.has(curlExit))) failedAt = 'tls';
  else if (httpCode === '000') failedAt = 'http';
  const line: ProbeLine = { fqdn, port: Number(port), ok: failedAt === undefined, failedAt, httpCode, curlExit, ip: ip && IP_ADDRESS.test(ip) ? ip : undefined };
  return { ...line, ...explain(line) };
}

function fromLoopLine(m: RegExpMatchArray): ProbeLine {
  const [, fqdn, port, code] = m;
  // The loop only prints the code: 000 means "not reachable" without telling which stage.
  const line: ProbeLine = { fqdn, port: port ? Number(port) : 443, ok: code !== '000', httpCode: code };
  if (!line.ok) {
    line.reason = 'Not reachable over HTTPS (000); run `probe <cluster>` to see whether DNS, TCP or TLS fails.';
    line.fix = `Open outbound ${line.port} to it. [AMD-net-public]`;
  }
  return line;
}

export function looksLikeProbeOutput(text: string): boolean {
  return parseProbeOutput(text) !== undefined;
}

/** Undefined when no probe line is present. Unknown lines (kubectl chatter) are ignored. */
export function parseProbeOutput(text: string): ProbeAnalysis | undefined {
  const lines: ProbeLine[] = [];
  let probeLinesRead = 0;
  let failureOutsideReadLines = false;
  for (const raw of text.split(CHUNKS)) {
    const p = PROBE_LINE.exec(raw);
    if (p && HOST_NAME.test(p[1])) {
      lines.push(fromProbeLine(p));
      probeLinesRead++;
      continue;
    }
    const loop = [...raw.matchAll(LOOP_LINE)];
    for (const l of loop) lines.push(fromLoopLine(l));
    if (!loop.length && FAILURE_FIELD.test(raw)) failureOutsideReadLines = true;
  }
  if (!lines.length) return undefined;
  const unread = Math.max(0, (text.match(PROBE_MARKER) ?? []).length - probeLinesRead);
  return { lines, failing: lines.filter((l) => !l.ok), unread, failureOutsideReadLines };
}
