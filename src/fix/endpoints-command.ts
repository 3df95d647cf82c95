import { endpointsText, type EndpointsView } from './cards/endpoints-card';
import { fixCards } from './cards/fix-cards';
import { allowlistFor, AllowlistError } from './knowledge/allowlist';
import { CLOUD_INFO, CLOUDS, cloudOfRegion, isCloudName, isValidRegion, normaliseRegion, type CloudName } from './knowledge/clouds';
import { FEATURES, isFeature, type Feature } from './knowledge/endpoint-table';
import type { CommandDefinition } from '../chat/command';
import { cardReply, textReply, type Reply } from '../chat/reply';
import { code, says } from '../chat/text';

/** Features a user may ask for (`core` is always included; the rest are niche rows of https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements). */
const REQUESTABLE_FEATURES: Feature[] = FEATURES.filter((f) => f !== 'core');

export interface EndpointsQuery {
  cloud: CloudName;
  /** Normalised region, or undefined when none was given. */
  region?: string;
  features: Feature[];
  cloudGiven: boolean;
}

export type ParsedEndpointsArgs = { ok: true; query: EndpointsQuery } | { ok: false; message: string };

/**
 * `[region] [cloud public|usgov|china] [features a,b]` in any order; bare cloud and feature words
 * work too ("endpoints westeurope gitops,monitor"). A region of another cloud selects that cloud.
 */
export function parseEndpointsArgs(args: string): ParsedEndpointsArgs {
  const tokens = args.toLowerCase().replace(/,\s+/g, ',').split(/\s+/).filter(Boolean);
  let cloud: CloudName | undefined;
  let region: string | undefined;
  const features = new Set<Feature>();
  const addFeatures = (list: string): string | undefined => {
    for (const f of list.split(',').filter(Boolean)) {
      if (f === 'all') REQUESTABLE_FEATURES.filter((x) => x !== 'gateway').forEach((x) => features.add(x));
      else if (isFeature(f)) features.add(f);
      else return f;
    }
    return undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === 'cloud') {
      const c = tokens[++i];
      if (!c || !isCloudName(c)) return { ok: false, message: `Unknown cloud "${c ?? ''}". Clouds: ${CLOUDS.join(', ')}.` };
      cloud = c;
    } else if (t === 'features' || t === 'feature') {
      const bad = addFeatures(tokens[++i] ?? '');
      if (bad !== undefined || !tokens[i]) return { ok: false, message: `Unknown feature "${bad ?? ''}". Features: ${REQUESTABLE_FEATURES.join(', ')}, all.` };
    } else if (t === 'region' || t === 'in') {
      region = tokens[++i];
    } else if (isCloudName(t)) {
      cloud = t;
    } else if (t.includes(',') || isFeature(t) || t === 'all') {
      const bad = addFeatures(t);
      if (bad !== undefined) return { ok: false, message: `Unknown feature "${bad}". Features: ${REQUESTABLE_FEATURES.join(', ')}, all.` };
    } else if (!region) {
      region = t;
    } else {
      return { ok: false, message: `I did not understand "${t}". Usage: endpoints [region] [cloud public|usgov|china] [features ${REQUESTABLE_FEATURES.join(',')}]` };
    }
  }
  const cloudGiven = cloud !== undefined;
  if (!cloud) cloud = (region && cloudOfRegion(region)) || 'public';
  return { ok: true, query: { cloud, region: region ? normaliseRegion(region) : undefined, features: [...features], cloudGiven } };
}

function notes(query: EndpointsQuery, region: string): string[] {
  const n: string[] = [];
  const info = CLOUD_INFO[query.cloud];
  if (!query.region) n.push(`No region given: {region} stands for your cluster's region, e.g. \`endpoints ${info.defaultRegion}\`. [AMD-region-note]`);
  if (query.features.includes('cluster-connect')) {
    n.push('*.servicebus.* needs WebSockets allowed on the firewall and the proxy. [AMD-net-public]');
    if (info.relayAllowlistUrl) n.push(`Expand the Service Bus wildcard with GET ${info.relayAllowlistUrl.replace('{region}', region)} [AMD-net-public]`);
  }
  if (query.features.includes('gateway')) n.push('With the Arc gateway, wait at least one hour after enabling it before removing the old endpoints; exempt the gateway URL from TLS inspection. [AMD-gateway]');
  if (query.cloud === 'usgov') n.push('Azure Government lists no portal, dl.k8s.io or extension endpoints. [AMD-net-gov]');
  return n;
}

export function createEndpointsCommand(): CommandDefinition {
  return {
    name: 'endpoints',
    aliases: ['allowlist', 'firewall'],
    usage: 'endpoints [region] [cloud public|usgov|china] [features cluster-connect,rbac,extensions,gitops,gateway,monitor]',
    description: 'Outbound allowlist (FQDN, port, purpose) for a cloud, region and features, with a copyable list.',
    examples: ['endpoints eastus2', 'endpoints westeurope features cluster-connect,rbac', 'endpoints usgovvirginia cloud usgov'],
    inManifest: true,
    async handle(args): Promise<Reply> {
      const parsed = parseEndpointsArgs(args);
      if (!parsed.ok) return textReply(parsed.message);
      const q = parsed.query;
      if (q.region && !isValidRegion(q.cloud, q.region)) {
        const elsewhere = cloudOfRegion(q.region);
        const hint = elsewhere && q.cloudGiven ? says` (${q.region} is a ${CLOUD_INFO[elsewhere].label} region: add ${code(`cloud ${elsewhere}`)})` : [];
        return textReply(says`"${q.region}" is not a region of ${CLOUD_INFO[q.cloud].label}${hint}. Valid regions: ${CLOUD_INFO[q.cloud].regions.join(', ')}.`);
      }
      const region = q.region ?? '{region}';
      let endpoints;
      try {
        endpoints = allowlistFor({ cloud: q.cloud, region, features: q.features });
      } catch (error) {
        if (error instanceof AllowlistError) return textReply(error.message);
        throw error;
      }
      const view: EndpointsView = { cloud: q.cloud, region, features: ['core', ...q.features], endpoints, notes: notes(q, region) };
      return cardReply(fixCards.view('endpoints', view), endpointsText(view));
    },
  };
}
