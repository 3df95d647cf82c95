import type { RecognisedError } from '../knowledge/parsers/azk8s';
import type { PodsAnalysis } from '../knowledge/parsers/kubectl-pods';
import type { ProbeAnalysis } from '../knowledge/parsers/probe-output';
import { formatSources } from '../knowledge/sources';
import { card, cardSizeBytes, CARD_SIZE_LIMIT_BYTES, codeBlock, container, heading, plain, text, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';

/** What one pasted text was read as; the card shows each reading found. */
export interface PasteReading {
  pods?: PodsAnalysis;
  errors?: RecognisedError[];
  probe?: ProbeAnalysis;
}


function podsSection(p: PodsAnalysis, maxRows: number): CardElement[] {
  const out: CardElement[] = [text(`kubectl get pods: ${p.pods.length} pod(s)`, { weight: 'bolder' })];
  if (p.verdict === 'missing') out.push(text('No Arc agent pods: the agents are not installed (or kubectl points at another cluster). Reconnect with `az connectedk8s connect`; if the old resource still exists, delete it first. [AMD-troubleshoot][AMD-quickstart]', { size: 'small' }));
  else if (!p.problems.length) out.push(text('All agent pods are Running and ready. Next: check the Secret azure-identity-certificate, DNS and outbound HTTPS (`probe <cluster>`). [AMD-troubleshoot]', { size: 'small', color: 'good' }));
  for (const prob of p.problems.slice(0, maxRows)) {
    out.push(container([
      text(`${plain(prob.pod.name)}: ${prob.pod.status} (${prob.pod.readyContainers}/${prob.pod.totalContainers} ready)`, { weight: 'bolder', size: 'small', color: 'attention' }),
      text(prob.meaning, { size: 'small' }),
      codeBlock(prob.nextStep),
    ]));
  }
  if (p.problems.length > maxRows) out.push(text(`...and ${p.problems.length - maxRows} more.`, { size: 'small', isSubtle: true }));
  return out;
}

function errorsSection(errors: RecognisedError[], maxRows: number): CardElement[] {
  return errors.slice(0, maxRows).map((e) =>
    container([
      text(`${e.code.startsWith('AZK8S') ? `[${e.code}] ` : ''}${e.name}`, { weight: 'bolder', color: 'attention' }),
      text(`${e.meaning} ${formatSources(e.sources)}`, { size: 'small' }),
      text(`Fix: ${e.fix}`, { size: 'small' }),
    ]),
  );
}

function probeSection(p: ProbeAnalysis, maxRows: number): CardElement[] {
  const out: CardElement[] = [text(`Probe: ${p.lines.length} endpoint(s), ${p.failing.length} failing`, { weight: 'bolder', color: p.failing.length ? 'attention' : 'good' })];
  if (!p.failing.length) out.push(text('Every endpoint answered over HTTPS. If the cluster is still Offline, check the agent pods and the MSI certificate Secret. [CLI-troubleshoot]', { size: 'small' }));
  for (const l of p.failing.slice(0, maxRows)) {
    out.push(container([
      text(`${l.fqdn}:${l.port} · failed at ${(l.failedAt ?? 'https').toUpperCase()}${l.curlExit !== undefined ? ` (curl ${l.curlExit})` : ''}`, { weight: 'bolder', size: 'small', color: 'attention' }),
      text(`${l.reason ?? ''} ${l.fix ?? ''}`.trim(), { size: 'small' }),
    ]));
  }
  if (p.failing.length > maxRows) out.push(text(`...and ${p.failing.length - maxRows} more failing.`, { size: 'small', isSubtle: true }));
  const ok = p.lines.filter((l) => l.ok);
  if (ok.length) out.push(text(`Reachable: ${ok.slice(0, maxRows).map((l) => `${l.fqdn}:${l.port}${l.ip ? ` (${l.ip})` : ''}`).join(', ')}${ok.length > maxRows ? ', ...' : ''}`, { size: 'small', isSubtle: true }));
  return out;
}

/** Shows up to `maxRows` items per section, halving until the card fits 28 KB (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages). */
export function pasteReadingCard(r: PasteReading, maxRows = 25): AdaptiveCard {
  const build = (rows: number) => {
    const body: CardElement[] = [heading('What I read in your paste')];
    if (r.probe) body.push(...probeSection(r.probe, rows));
    if (r.pods) body.push(...podsSection(r.pods, rows));
    if (r.errors?.length) body.push(...errorsSection(r.errors, rows));
    return card(body, [], pasteReadingText(r, rows));
  };
  let rows = maxRows;
  let built = build(rows);
  while (cardSizeBytes(built) > CARD_SIZE_LIMIT_BYTES && rows > 1) {
    rows = Math.floor(rows / 2);
    built = build(rows);
  }
  return built;
}

export function pasteReadingText(r: PasteReading, maxRows = 25): string {
  const lines: string[] = [];
  const capped = <T>(items: T[], line: (item: T) => string) => {
    for (const item of items.slice(0, maxRows)) lines.push(line(item));
    if (items.length > maxRows) lines.push(`...and ${items.length - maxRows} more.`);
  };
  if (r.probe) {
    lines.push(`Probe: ${r.probe.lines.length} endpoint(s), ${r.probe.failing.length} failing.`);
    capped(r.probe.failing, (l) => `- ${l.fqdn}:${l.port} ${l.failedAt?.toUpperCase() ?? 'HTTPS'}: ${l.reason ?? ''} ${l.fix ?? ''}`.trim());
  }
  if (r.pods) {
    lines.push(`Pods: ${r.pods.pods.length}, verdict ${r.pods.verdict}.`);
    capped(r.pods.problems, (p) => `- ${p.pod.name} ${p.pod.status}: ${p.meaning}`);
  }
  capped(r.errors ?? [], (e) => `${e.code}: ${e.name}: ${e.meaning} Fix: ${e.fix}`);
  return lines.join('\n');
}
