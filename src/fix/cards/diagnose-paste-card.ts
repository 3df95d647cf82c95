import type { RecognisedError } from '../knowledge/parsers/azk8s';
import type { PodsAnalysis } from '../knowledge/parsers/kubectl-pods';
import type { ProbeAnalysis } from '../knowledge/parsers/probe-output';
import { knowledgeText, withoutCitations } from './knowledge-text';
import { card, cardSizeBytes, CARD_SIZE_LIMIT_BYTES, codeBlock, container, heading, literal, text, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';
import { hostName } from '../../cards/host-name';

/** What one pasted text was read as; the card shows each reading found. */
export interface PasteReading {
  pods?: PodsAnalysis;
  errors?: RecognisedError[];
  probe?: ProbeAnalysis;
}


function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Read 9 pods" plus what could not be read, so a partial reading never looks complete. */
export function podsReadLine(p: PodsAnalysis): string {
  const unread = p.unreadRows ? `; ${count(p.unreadRows, 'row')} with a READY column not understood` : '';
  return `kubectl get pods: read ${count(p.pods.length, 'pod')}${unread}`;
}

export function probeReadLine(p: ProbeAnalysis): string {
  const unread = p.unread ? `; ${count(p.unread, 'ARCPROBE line')} not understood` : '';
  return `Probe: read ${count(p.lines.length, 'endpoint')}, ${p.failing.length} failing${unread}`;
}

/** True when nothing in the text suggests a problem: only then may a card say "all fine". */
function podsAllClear(p: PodsAnalysis): boolean {
  return p.verdict === 'healthy' && !p.problems.length && !p.unattributedStatuses.length;
}

function probeAllClear(p: ProbeAnalysis): boolean {
  return !p.failing.length && !p.failureOutsideReadLines;
}

function podsSection(p: PodsAnalysis, maxRows: number): CardElement[] {
  const out: CardElement[] = [literal(podsReadLine(p), { weight: 'bolder', color: podsAllClear(p) ? 'good' : 'attention' })];
  if (p.verdict === 'missing') out.push(knowledgeText('No Arc agent pods: the agents are not installed (or kubectl points at another cluster). Reconnect with `az connectedk8s connect`; if the old resource still exists, delete it first. [AMD-troubleshoot][AMD-quickstart]', { size: 'small' }));
  else if (podsAllClear(p)) out.push(knowledgeText('All agent pods read are Running and ready. Next: check the Secret `azure-identity-certificate`, DNS and outbound HTTPS (`probe <cluster>`). [AMD-troubleshoot]', { size: 'small', color: 'good' }));
  if (p.unattributedStatuses.length) {
    out.push(knowledgeText(`Also in the text, not matched to a pod row: ${p.unattributedStatuses.map((s) => `\`${s}\``).join(', ')}. Paste the output again with its line breaks, or run \`kubectl get pods -n azure-arc\` and check those pods.`, { size: 'small', color: 'attention' }));
  }
  for (const prob of p.problems.slice(0, maxRows)) {
    out.push(container([
      literal(`${prob.pod.name}: ${prob.pod.status} (${prob.pod.readyContainers}/${prob.pod.totalContainers} ready)`, { weight: 'bolder', size: 'small', color: 'attention' }),
      knowledgeText(prob.meaning, { size: 'small' }),
      codeBlock(prob.nextStep),
    ]));
  }
  if (p.problems.length > maxRows) out.push(text(`...and ${p.problems.length - maxRows} more.`, { size: 'small', isSubtle: true }));
  return out;
}

export function errorsReadLine(errors: RecognisedError[]): string {
  return `CLI errors: read ${count(errors.length, 'error')}`;
}

function errorsSection(errors: RecognisedError[], maxRows: number): CardElement[] {
  return [literal(errorsReadLine(errors), { weight: 'bolder', color: 'attention' }), ...errors.slice(0, maxRows).map((e) =>
    container([
      literal(`${e.code.startsWith('AZK8S') ? `[${e.code}] ` : ''}${e.name}`, { weight: 'bolder', color: 'attention' }),
      // The CLI's message is the user's data: quoted literally, never read as the bot's text.
      ...(e.message ? [literal(`The CLI said: ${e.message}`, { size: 'small', isSubtle: true })] : []),
      knowledgeText(e.meaning, { size: 'small' }, e.sources),
      knowledgeText(`Fix: ${e.fix}`, { size: 'small' }),
    ]),
  )];
}

function probeSection(p: ProbeAnalysis, maxRows: number): CardElement[] {
  const out: CardElement[] = [literal(probeReadLine(p), { weight: 'bolder', color: probeAllClear(p) ? 'good' : 'attention' })];
  if (probeAllClear(p)) out.push(knowledgeText('Every endpoint read answered over HTTPS. If the cluster is still Offline, check the agent pods and the MSI certificate Secret. [CLI-troubleshoot]', { size: 'small' }));
  else if (!p.failing.length) out.push(knowledgeText('A failure (`=fail` or `http=000`) appears in a line I could not read: paste the probe output again with its line breaks.', { size: 'small', color: 'attention' }));
  for (const l of p.failing.slice(0, maxRows)) {
    out.push(container([
      ...hostName(l.fqdn, { weight: 'bolder', color: 'attention' }, `:${l.port} · failed at ${(l.failedAt ?? 'https').toUpperCase()}${l.curlExit !== undefined ? ` (curl ${l.curlExit})` : ''}`),
      knowledgeText(`${l.reason ?? ''} ${l.fix ?? ''}`.trim(), { size: 'small' }),
    ]));
  }
  if (p.failing.length > maxRows) out.push(text(`...and ${p.failing.length - maxRows} more failing.`, { size: 'small', isSubtle: true }));
  const ok = p.lines.filter((l) => l.ok);
  if (ok.length) {
    out.push(literal(`Reachable (${ok.length}):`, { size: 'small', isSubtle: true }));
    for (const l of ok.slice(0, maxRows)) out.push(...hostName(l.fqdn, { isSubtle: true }, `:${l.port}${l.ip ? ` (${l.ip})` : ''}`));
    if (ok.length > maxRows) out.push(literal('...', { size: 'small', isSubtle: true }));
  }
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
  // The whole message must fit too: leave room for the activity around the card (summary, addresses).
  while (cardSizeBytes(built) > CARD_SIZE_LIMIT_BYTES - 2048 && rows > 1) {
    rows = Math.floor(rows / 2);
    built = build(rows);
  }
  return built;
}

export function pasteReadingText(r: PasteReading, maxRows = 25): string {
  const lines: string[] = [];
  const capped = <T>(items: T[], line: (item: T) => string) => {
    for (const item of items.slice(0, maxRows)) lines.push(withoutCitations(line(item)));
    if (items.length > maxRows) lines.push(`...and ${items.length - maxRows} more.`);
  };
  if (r.probe) {
    lines.push(`${probeReadLine(r.probe)}.`);
    if (!r.probe.failing.length && r.probe.failureOutsideReadLines) lines.push('A failure appears in a line I could not read.');
    capped(r.probe.failing, (l) => `- ${l.fqdn}:${l.port} ${l.failedAt?.toUpperCase() ?? 'HTTPS'}: ${l.reason ?? ''} ${l.fix ?? ''}`.trim());
  }
  if (r.pods) {
    lines.push(`${podsReadLine(r.pods)}; verdict ${r.pods.verdict}.`);
    if (r.pods.unattributedStatuses.length) lines.push(`Also in the text: ${r.pods.unattributedStatuses.join(', ')}.`);
    capped(r.pods.problems, (p) => `- ${p.pod.name} ${p.pod.status}: ${p.meaning}`);
  }
  if (r.errors?.length) lines.push(`${errorsReadLine(r.errors)}.`);
  capped(r.errors ?? [], (e) => `${e.code}: ${e.name}: ${e.message ? `"${e.message}" ` : ''}${e.meaning} Fix: ${e.fix}`);
  return lines.join('\n');
}
