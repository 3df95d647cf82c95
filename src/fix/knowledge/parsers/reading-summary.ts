import { withoutCitations } from '../sources';
import type { RecognisedError } from './azk8s';
import type { PodsAnalysis } from './kubectl-pods';
import type { ProbeAnalysis } from './probe-output';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line on what a pods paste was read as: how many pods, the problems, and what was not understood. */
export function podsSummary(pods: PodsAnalysis): string {
  const elsewhere = pods.unattributedStatuses.length ? `, and ${pods.unattributedStatuses.join(', ')} elsewhere in the text` : '';
  const verdict = pods.problems.length || elsewhere ? `${pods.problems.length} with problems${elsewhere}` : 'all healthy';
  const unread = pods.unreadRows ? `; ${count(pods.unreadRows, 'row')} not understood` : '';
  return `I read ${count(pods.pods.length, 'pod')}: ${verdict}${unread}.`;
}

/** One line on what a probe paste was read as; a failure in an unreadable line is never "all reachable". */
export function probeSummary(probe: ProbeAnalysis): string {
  const failing = probe.failing.length;
  const verdict = failing ? `${failing} failing` : probe.failureOutsideReadLines ? 'a failure in a line I could not read' : 'all reachable';
  const unread = probe.unread ? `; ${count(probe.unread, 'ARCPROBE line')} not understood` : '';
  return `I read ${count(probe.lines.length, 'endpoint')}: ${verdict}${unread}.`;
}

/** Evidence lines from a pods paste: each problem pod, and statuses seen outside the rows read. */
export function podsDetail(pods: PodsAnalysis): string[] {
  return [
    ...pods.problems.map((p) => `${p.pod.name} ${p.pod.status} ${p.pod.readyContainers}/${p.pod.totalContainers}: ${withoutCitations(p.meaning)}`),
    ...(pods.unattributedStatuses.length ? [`Also in the text, not matched to a pod row: ${pods.unattributedStatuses.join(', ')}`] : []),
  ];
}

/** Evidence lines from a probe paste: each failing endpoint, and a failure in a line not read. */
export function probeDetail(probe: ProbeAnalysis): string[] {
  return [...probe.failing.map((l) => `${l.fqdn}:${l.port} ${l.reason ?? 'fails'}`), ...(probe.failureOutsideReadLines ? ['A failure appears in a probe line that could not be read'] : [])];
}

/** Evidence lines from CLI errors: code, name, the CLI's own message, meaning and fix (citation tags dropped). */
export function errorsDetail(errors: RecognisedError[]): string[] {
  return errors.map((e) => `${e.code.startsWith('AZK8S') ? `[${e.code}] ` : ''}${e.name}: ${e.message ? `"${e.message}" ` : ''}${withoutCitations(e.meaning)} Fix: ${withoutCitations(e.fix)}`);
}
