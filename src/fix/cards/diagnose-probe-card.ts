import type { ProbePlan } from '../knowledge/probe-script';
import { knowledgeText } from './knowledge-text';
import { card, codeBlock, container, heading, plain, text, type AdaptiveCard } from '../../cards/adaptive-card';
import { hostName } from '../../cards/host-name';

export interface ProbeView {
  clusterName: string;
  cloudLabel: string;
  region: string;
  features: string[];
  plan: ProbePlan;
  privateLink: boolean;
}

const LINE_FORMAT = 'ARCPROBE <fqdn> <port> dns=ok|fail tcp=ok|fail|- tls=ok|fail|- http=<code> rc=<curl exit> ip=<address>';

export function probeCard(v: ProbeView): AdaptiveCard {
  const body = [
    heading(`In-cluster probe for ${plain(v.clusterName)}`),
    text(`Run this where kubectl points at ${plain(v.clusterName)}. A throw-away curl pod in azure-arc checks DNS, TCP, TLS and HTTPS to ${v.plan.probed.length} endpoints (${v.cloudLabel}, ${v.region}; ${v.features.join(', ')}) and prints one line each. Paste the output back here and I will name what fails and what to open.`, { size: 'small' }),
    codeBlock(v.plan.command),
    knowledgeText(`Line format: \`${LINE_FORMAT}\`. Any HTTP code other than 000 means reachable. [CLI-troubleshoot]`, { size: 'small', isSubtle: true }),
  ];
  if (v.privateLink) body.push(container([knowledgeText('Private link is enabled: the his, guestconfiguration and dp names must resolve to private IPs (check `ip=`). [AMD-pl]', { size: 'small' })], 'accent'));
  if (v.plan.notProbed.length) {
    body.push(text('Not probed (allow these on the firewall anyway):', { weight: 'bolder', size: 'small' }));
    body.push(...v.plan.notProbed.flatMap((n) => hostName(n.endpoint.fqdn, {}, `:${n.endpoint.port}: ${n.reason}`)));
  }
  body.push(knowledgeText('The pod pulls `curlimages/curl` from Docker Hub; if that is blocked, mirror the image and change `--image`. Behind a proxy, add `proxy http://host:port` to the probe command.', { size: 'small', isSubtle: true }));
  return card(body, [], probeText(v));
}

export function probeText(v: ProbeView): string {
  return [`In-cluster probe for ${v.clusterName} (${v.cloudLabel}, ${v.region}). Run, then paste the output here:`, v.plan.command, `Not probed: ${v.plan.notProbed.map((n) => n.endpoint.fqdn).join(', ') || 'none'}`].join('\n');
}
