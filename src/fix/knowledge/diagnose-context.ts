import type { Cluster } from '../../clusters/cluster';
import { assessHealth } from '../../clusters/connectivity';
import { substituteRegion } from './allowlist';
import { CLOUD_INFO, cloudOfRegion, type CloudName } from './clouds';
import type { Feature } from './endpoint-table';
import { buildProbePlan } from './probe-script';

/** One answered (or skipped) question of the diagnose dialog. */
export interface RecordedAnswer {
  node: string;
  /** The answer id, or 'skip'. */
  answer: string;
  /** Lines read from pasted output (which pod, which endpoint, which AZK8S code). */
  detail?: string[];
  /** Causes implied by pasted output beyond the answer's own (e.g. DNS failures seen by the probe). */
  causes?: string[];
  /** Facts from pasted output other rules use, e.g. 'tls-failure'. */
  tags?: string[];
}

/** Everything the tree conditions and templates need about one diagnosis. */
export interface DiagnoseContext {
  cluster: Cluster;
  cloud: CloudName;
  region: string;
  now: Date;
  latestAgent: string;
  answers: readonly RecordedAnswer[];
}

export function cloudOfCluster(cluster: Cluster): CloudName {
  return cloudOfRegion(cluster.location) ?? 'public';
}

export function answerOf(ctx: Pick<DiagnoseContext, 'answers'>, node: string): RecordedAnswer | undefined {
  return ctx.answers.find((a) => a.node === node);
}

/** `--...` flags for `az connectedk8s connect` that repeat how the cluster was connected (decision-tree node E1). */
function connectFlags(ctx: DiagnoseContext): string {
  const flags: string[] = [];
  const proxy = answerOf(ctx, 'E1')?.answer === 'proxy' || ['configured', 'not-configured'].includes(answerOf(ctx, 'B6')?.answer ?? '');
  if (proxy) flags.push('--proxy-https http://<proxy>:<port> --proxy-http http://<proxy>:<port> --proxy-skip-range <serviceCIDR>,kubernetes.default.svc,.svc.cluster.local,.svc');
  if (proxy && answerOf(ctx, 'B7')?.answer === 'other') flags.push('--proxy-cert <chain.pem>');
  if (ctx.cluster.privateLinkEnabled) flags.push(`--enable-private-link true --private-link-scope-resource-id ${ctx.cluster.privateLinkScopeResourceId ?? '<private-link-scope-id>'}`);
  if (ctx.cluster.gatewayEnabled) flags.push('--gateway-resource-id <gateway-resource-id>');
  return flags.length ? ` ${flags.join(' ')}` : '';
}

/** Values for the `{...}` templates of decision-tree.ts and causes.ts. */
export function templateVars(ctx: DiagnoseContext): Record<string, string> {
  const hosts = CLOUD_INFO[ctx.cloud].keyHosts;
  const h = (host: string) => substituteRegion(host, ctx.region);
  const health = assessHealth(ctx.cluster, ctx.now, ctx.latestAgent);
  const days = health.certificateDaysLeft;
  return {
    name: ctx.cluster.name,
    rg: ctx.cluster.resourceGroup || '<resource-group>',
    region: ctx.region,
    subscription: ctx.cluster.subscriptionId || '<subscription>',
    cloud: ctx.cloud,
    arm: h(hosts.arm),
    login: h(hosts.login),
    dp: h(hosts.dataPlane),
    gblHis: h(hosts.gblHis),
    mcr: h(hosts.mcr),
    obo: h(hosts.obo),
    relay: h(hosts.relay),
    graph: h(hosts.graph),
    latestAgent: ctx.latestAgent,
    agentVersion: ctx.cluster.agentVersion ?? 'an unknown version',
    certDate: ctx.cluster.certificateExpiresAt ? ctx.cluster.certificateExpiresAt.toISOString().slice(0, 10) : 'date unknown',
    certDaysLeft: days === undefined ? 'expiry unknown' : health.certificateExpired ? 'expired' : `${days} days left`,
    connectFlags: connectFlags(ctx),
    probeCommand: buildProbePlan({ cloud: ctx.cloud, region: ctx.region, features: probeFeatures(ctx) }).command,
  };
}

/** What the in-dialog probe tests: core plus the cluster's own features (RBAC, gateway) (https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements). */
function probeFeatures(ctx: DiagnoseContext): Feature[] {
  const f: Feature[] = [];
  if (ctx.cluster.azureRbacEnabled) f.push('rbac');
  if (ctx.cluster.gatewayEnabled && ctx.cloud === 'public') f.push('gateway');
  return f;
}
