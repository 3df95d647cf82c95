import { probeText } from './cards/diagnose-probe-card';
import { fixCards } from './cards/fix-cards';
import { CLOUD_INFO } from './knowledge/clouds';
import { cloudOfCluster } from './knowledge/diagnose-context';
import { isFeature, type Feature } from './knowledge/endpoint-table';
import { buildProbePlan, ProbeRequestError } from './knowledge/probe-script';
import type { CommandDefinition } from '../chat/command';
import { resolveCluster, type FixClusterLookup } from './diagnose-command';
import { cardReply, textReply, type Reply } from '../chat/reply';

export interface ProbeCommandDeps {
  lookup: FixClusterLookup;
}

/** `probe <cluster> [features a,b] [proxy http://host:port]` split into its parts. */
export function parseProbeArgs(args: string): { cluster: string; features: Feature[]; proxy?: string } | { error: string } {
  const tokens = args.trim().split(/\s+/).filter(Boolean);
  const cluster = tokens.shift() ?? '';
  const features: Feature[] = [];
  let proxy: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].toLowerCase();
    if (t === 'features' || t === 'feature') {
      for (const f of (tokens[++i] ?? '').toLowerCase().split(',').filter(Boolean)) {
        if (!isFeature(f)) return { error: `Unknown feature "${f}".` };
        features.push(f);
      }
    } else if (t === 'proxy') {
      proxy = tokens[++i];
      if (!proxy) return { error: 'Give the proxy as `proxy http://host:port`.' };
    } else {
      return { error: `I did not understand "${tokens[i]}". Usage: probe <cluster> [features cluster-connect,rbac] [proxy http://host:port]` };
    }
  }
  return { cluster, features, proxy };
}

/**
 * `probe <cluster>`: a one-line `kubectl run` that tests DNS, TCP, TLS and HTTPS from inside the
 * cluster to every endpoint its cloud, region and features need (Azure RBAC and gateway from the
 * cluster's data). Its output pasted back is read by the pasted-text handler.
 */
export function createProbeCommand(deps: ProbeCommandDeps): CommandDefinition {
  return {
    name: 'probe',
    usage: 'probe <cluster> [features cluster-connect,rbac,...] [proxy http://host:port]',
    description: 'A kubectl one-liner that tests every required endpoint from inside the cluster; paste back its output.',
    examples: ['probe store-0421', 'probe store-0421 features cluster-connect'],
    inManifest: true,
    async handle(args): Promise<Reply> {
      const parsed = parseProbeArgs(args);
      if ('error' in parsed) return textReply(parsed.error);
      const resolved = await resolveCluster(parsed.cluster, deps.lookup, 'probe');
      if (resolved.kind === 'reply') return resolved.reply;
      const cluster = resolved.cluster;
      const cloud = cloudOfCluster(cluster);
      const features = new Set<Feature>(parsed.features);
      if (cluster.azureRbacEnabled) features.add('rbac');
      if (cluster.gatewayEnabled && cloud === 'public') features.add('gateway');
      if (cluster.privateLinkEnabled) features.delete('cluster-connect'); // not supported with private link (https://learn.microsoft.com/azure/azure-arc/kubernetes/private-link)
      const region = cluster.location || CLOUD_INFO[cloud].defaultRegion;
      try {
        const plan = buildProbePlan({ cloud, region, features: [...features], proxy: parsed.proxy });
        const view = { clusterName: cluster.name, cloudLabel: CLOUD_INFO[cloud].label, region, features: ['core', ...features], plan, privateLink: cluster.privateLinkEnabled };
        return cardReply(fixCards.view('probe', view), probeText(view));
      } catch (error) {
        if (error instanceof ProbeRequestError) return textReply(error.message);
        throw error;
      }
    },
  };
}
