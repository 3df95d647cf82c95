import { agentSupport, assessHealth, CERT_EXPIRY_RISK_DAYS } from '../../clusters/connectivity';
import { isDestructive } from '../../clusters/destructive-commands';
import { expiryUrgency, urgencyLines } from '../../clusters/expiry-urgency';
import { allowlistFor, type ResolvedEndpoint } from './allowlist';
import { causeById } from './causes';
import type { CloudName } from './clouds';
import { treeNode, STILL_FAILING } from './decision-tree';
import { answerOf, templateVars, type DiagnoseContext } from './diagnose-context';
import type { Feature } from './endpoint-table';
import type { SourceTag } from './sources';
import { renderTemplate } from './template';

export interface RankedCause {
  id: string;
  title: string;
  explanation: string;
  fixes: string[];
  score: number;
  evidence: string[];
  sources: SourceTag[];
}

/** What the findings card shows: a pure function of the answers and the cluster. */
export interface Findings {
  cluster: { name: string; resourceGroup: string; region: string; cloud: CloudName; status: string };
  causes: RankedCause[];
  /** Everything we know: cluster data first, then the answers in order. */
  evidence: string[];
  allowlist: ResolvedEndpoint[];
  allowlistFeatures: Feature[];
  nextSteps: { title: string; commands: string[]; text: string };
  skipped: string[];
  /** Shown before everything else: the certificate expiry of a cluster that is not Connected. */
  urgent?: string[];
  /** When the cluster data behind the findings was read (ISO time; absent in diagnoses started before it was recorded). */
  asOf?: string;
}

/**
 * A cause whose first fix deletes something goes after the causes a non-destructive fix may still
 * solve; an expired certificate is the exception, delete and reconnect being its only fix
 * (https://learn.microsoft.com/azure/azure-arc/kubernetes/faq).
 */
function deletesFirst(cause: RankedCause): number {
  return cause.id !== 'certificate-expired' && cause.fixes.length > 0 && isDestructive(cause.fixes[0]) ? 1 : 0;
}

/** Data-driven facts and the causes they imply (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes, https://learn.microsoft.com/azure/azure-arc/kubernetes/agent-upgrade, https://learn.microsoft.com/azure/azure-arc/kubernetes/private-link). */
function clusterFacts(ctx: DiagnoseContext, add: (cause: string, evidence: string) => void): string[] {
  const c = ctx.cluster;
  const health = assessHealth(c, ctx.now, ctx.latestAgent);
  const facts: string[] = [`Status in Azure: ${c.status}`];
  if (c.lastConnectivityTime) facts.push(`Last heartbeat: ${c.lastConnectivityTime.toISOString()}`);
  if (c.certificateExpiresAt) facts.push(`Certificate expires: ${c.certificateExpiresAt.toISOString().slice(0, 10)}${health.certificateDaysLeft !== undefined && !health.certificateExpired ? ` (${health.certificateDaysLeft} days left)` : health.certificateExpired ? ' (expired)' : ''}`);
  facts.push(`Agent version: ${c.agentVersion ?? 'unknown'} (latest known ${ctx.latestAgent})`);
  facts.push(`Private link: ${c.privateLinkEnabled ? 'enabled' : 'disabled'}; Arc gateway: ${c.gatewayEnabled ? 'enabled' : 'not enabled'}; Azure RBAC: ${c.azureRbacEnabled ? 'enabled' : 'not enabled'}`);

  if (c.status === 'Expired' || health.certificateExpired) {
    if (health.certificateExpired || !c.certificateExpiresAt) add('certificate-expired', `Status ${c.status}; certificate ${c.certificateExpiresAt ? `expired ${c.certificateExpiresAt.toISOString().slice(0, 10)}` : 'expiry date unknown'}`);
  }
  if (c.status === 'Expired' && c.certificateExpiresAt && !health.certificateExpired) {
    add('expired-status-stale', `Status Expired but the certificate is valid until ${c.certificateExpiresAt.toISOString().slice(0, 10)}`);
  }
  const support = agentSupport(c.agentVersion, ctx.latestAgent);
  if (support && !support.supported) add('agent-out-of-support', `Agent ${c.agentVersion} is ${support.minorsBehind ?? 'a major version'} minor versions behind ${ctx.latestAgent} (N-2 supported)`);
  if (c.privateLinkEnabled && answerOf(ctx, 'ROOT')?.answer === 'cluster-connect') add('cluster-connect-private-link', 'Private link is enabled and Cluster Connect is failing');
  if (c.status === 'Connected' && health.certificateDaysLeft !== undefined && !health.certificateExpired && health.certificateDaysLeft < CERT_EXPIRY_RISK_DAYS) {
    add('certificate-renewal-stuck', `Connected with only ${health.certificateDaysLeft} days of certificate left (renewal runs from day 46)`);
  }
  return facts;
}

/** Features whose endpoints this cluster needs, from its data and the answers. */
export function featuresFor(ctx: DiagnoseContext): Feature[] {
  const f: Feature[] = ['core'];
  const root = answerOf(ctx, 'ROOT')?.answer;
  if (ctx.cluster.azureRbacEnabled || root === 'rbac') f.push('rbac');
  if (!ctx.cluster.privateLinkEnabled && (root === 'cluster-connect' || answerOf(ctx, 'B5')?.answer === 'cc-only')) f.push('cluster-connect');
  if (ctx.cluster.gatewayEnabled && ctx.cloud === 'public') f.push('gateway');
  if (ctx.cluster.status === 'Connecting' || ctx.cluster.status === 'Expired') f.push('onboard');
  return f;
}

/** Ranks the likely causes with their evidence and fixes (highest weight first, then first seen). */
export function assess(ctx: DiagnoseContext): Findings {
  const vars = templateVars(ctx);
  const found = new Map<string, { evidence: string[]; order: number }>();
  const add = (cause: string, evidence: string) => {
    const entry = found.get(cause) ?? { evidence: [], order: found.size };
    if (!entry.evidence.includes(evidence)) entry.evidence.push(evidence);
    found.set(cause, entry);
  };
  const evidence = clusterFacts(ctx, add);
  const skipped: string[] = [];

  for (const recorded of ctx.answers) {
    const node = treeNode(recorded.node);
    if (!node) continue;
    if (recorded.answer === 'skip') {
      skipped.push(`${node.id} ${node.title}`);
      continue;
    }
    const answer = node.answers.find((a) => a.id === recorded.answer);
    if (!answer) continue;
    const said = renderTemplate(answer.evidence, vars);
    evidence.push(`${node.id}: ${said}`);
    for (const d of recorded.detail ?? []) evidence.push(`${node.id}: ${d}`);
    const detailed = [said, ...(recorded.detail ?? [])].join('; ');
    for (const f of answer.findings ?? []) {
      if (!f.when || conditionHolds(f.when, ctx)) add(f.cause, detailed);
    }
    for (const c of recorded.causes ?? []) add(c, detailed);
  }

  const causes: RankedCause[] = [];
  for (const [id, { evidence: ev, order }] of found) {
    const def = causeById(id);
    if (!def) continue;
    causes.push({
      id,
      title: def.title,
      explanation: renderTemplate(def.explanation, vars),
      fixes: def.fixes.map((f) => renderTemplate(f, vars)),
      score: def.weight * 1000 - order,
      evidence: ev,
      sources: def.sources,
    });
  }
  causes.sort((a, b) => deletesFirst(a) - deletesFirst(b) || b.score - a.score);
  const urgency = expiryUrgency(ctx.cluster, assessHealth(ctx.cluster, ctx.now, ctx.latestAgent), ctx.now);

  const allowlistFeatures = featuresFor(ctx);
  return {
    cluster: { name: ctx.cluster.name, resourceGroup: ctx.cluster.resourceGroup, region: ctx.region, cloud: ctx.cloud, status: ctx.cluster.status },
    causes,
    evidence,
    allowlist: allowlistFor({ cloud: ctx.cloud, region: ctx.region, features: allowlistFeatures }),
    allowlistFeatures,
    nextSteps: { title: STILL_FAILING.title, commands: STILL_FAILING.commands.map((c) => renderTemplate(c, vars)), text: STILL_FAILING.text },
    skipped,
    ...(urgency ? { urgent: urgencyLines(urgency) } : {}),
  };
}

/** The tree's conditions (decision-tree.ts CONDITIONS), evaluated on the answers so far and the cluster. */
export function conditionHolds(condition: string, ctx: DiagnoseContext): boolean {
  const a = (node: string) => answerOf(ctx, node)?.answer;
  const tagged = (tag: string) => ctx.answers.some((r) => r.tags?.includes(tag));
  switch (condition) {
    case 'privateLink':
      return ctx.cluster.privateLinkEnabled;
    case 'notPrivateLink':
      return !ctx.cluster.privateLinkEnabled;
    case 'gateway':
      return ctx.cluster.gatewayEnabled;
    case 'egressFailed':
      return a('B5') === 'no' || a('B5') === 'cc-only';
    case 'proxyRelevant':
      // A proxy matters when something failed on the way out: HTTPS, the certificate pull or image pulls (https://github.com/Azure/azure-cli-extensions/blob/main/src/connectedk8s/azext_connectedk8s/_troubleshootutils.py).
      return ['no', 'cc-only', 'skip'].includes(a('B5') ?? '') || a('B3') === 'no' || ['imagepull', 'crashloop'].includes(a('B2') ?? '');
    case 'tlsRelevant':
      return ['configured', 'not-configured'].includes(a('B6') ?? '') || ctx.cluster.gatewayEnabled || tagged('tls-failure') ||
        (a('B5') === 'no' && !tagged('probe'));
    case 'noCauseYet':
      return assessCausesOnly(ctx) === 0;
    case 'agentVersionInDoubt': {
      const s = agentSupport(ctx.cluster.agentVersion, ctx.latestAgent);
      return !s || !s.supported;
    }
    default:
      return false;
  }
}

function assessCausesOnly(ctx: DiagnoseContext): number {
  let n = 0;
  for (const r of ctx.answers) {
    const answer = treeNode(r.node)?.answers.find((x) => x.id === r.answer);
    n += (answer?.findings?.length ?? 0) + (r.causes?.length ?? 0);
  }
  return n;
}
