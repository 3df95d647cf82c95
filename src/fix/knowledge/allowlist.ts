import { CLOUD_INFO, type CloudName, normaliseRegion } from './clouds';
import { ENDPOINT_TABLE, type EndpointEntry, type Feature } from './endpoint-table';
import type { SourceTag } from './sources';

/** One endpoint of an allowlist with the region filled in. */
export interface ResolvedEndpoint {
  fqdn: string;
  port: number;
  wildcard: boolean;
  /** Holds a user-specific placeholder such as `{prefix}` or `{git-host}`: cannot be resolved or probed. */
  placeholder: boolean;
  features: Feature[];
  purpose: string;
  notes?: string;
  websockets: boolean;
  sources: SourceTag[];
}

export interface AllowlistRequest {
  cloud: CloudName;
  region: string;
  /** Features beyond `core` (always included). */
  features?: readonly Feature[];
}

export class AllowlistError extends Error {}

const PLACEHOLDER = /\{[a-z-]+\}/;

export function substituteRegion(host: string, region: string): string {
  return host.replace(/\{region\}/g, normaliseRegion(region));
}

function wanted(entry: EndpointEntry, features: ReadonlySet<Feature>, gateway: boolean): boolean {
  const matches = entry.features.some((f) => features.has(f));
  if (!gateway) return matches && entry.gatewayRole !== 'gateway';
  // With the Arc gateway the allowlist shrinks to the gateway URL plus the FQDNs still used
  // directly, and the feature endpoints the gateway doc lists as extra (https://learn.microsoft.com/azure/azure-arc/kubernetes/arc-gateway-simplify-networking).
  if (entry.gatewayRole === 'gateway') return true;
  if (entry.gatewayRole === 'keep') return matches;
  if (entry.gatewayRole === 'extra') return matches;
  return false;
}

/**
 * The outbound allowlist for one cloud, region and feature set: the region substituted, duplicates
 * merged (same FQDN and port), core first then by FQDN. Arc gateway is public cloud only (https://learn.microsoft.com/azure/azure-arc/kubernetes/arc-gateway-simplify-networking).
 */
export function allowlistFor(request: AllowlistRequest): ResolvedEndpoint[] {
  const features = new Set<Feature>(['core', ...(request.features ?? [])]);
  const gateway = features.has('gateway');
  if (gateway && request.cloud !== 'public') {
    throw new AllowlistError(`The Arc gateway is available in the public cloud only, not in ${CLOUD_INFO[request.cloud].label}.`);
  }
  const byKey = new Map<string, ResolvedEndpoint>();
  for (const entry of ENDPOINT_TABLE) {
    if (entry.cloud !== request.cloud || !wanted(entry, features, gateway)) continue;
    const fqdn = substituteRegion(entry.host, request.region);
    const key = `${fqdn.toLowerCase()}:${entry.port}`;
    const existing = byKey.get(key);
    if (existing) {
      for (const f of entry.features) if (!existing.features.includes(f)) existing.features.push(f);
      for (const s of entry.sources) if (!existing.sources.includes(s)) existing.sources.push(s);
      continue;
    }
    byKey.set(key, {
      fqdn,
      port: entry.port,
      wildcard: entry.wildcard,
      placeholder: PLACEHOLDER.test(fqdn),
      features: [...entry.features],
      purpose: entry.purpose,
      notes: entry.notes,
      websockets: entry.websockets === true,
      sources: [...entry.sources],
    });
  }
  const rank = (e: ResolvedEndpoint) => (e.features.includes('core') ? 0 : 1);
  return [...byKey.values()].sort((a, b) => rank(a) - rank(b) || a.fqdn.localeCompare(b.fqdn) || a.port - b.port);
}

/** Copyable plain list: one `fqdn:port` line each, with a short annotation after `#`. */
export function allowlistAsPlainText(endpoints: readonly ResolvedEndpoint[]): string {
  return endpoints
    .map((e) => {
      const tags = [e.wildcard ? 'wildcard' : '', e.websockets ? 'WebSockets' : '', e.placeholder ? 'fill in the placeholder' : '']
        .filter(Boolean)
        .join(', ');
      return `${e.fqdn}:${e.port}  # ${e.purpose}${tags ? ` (${tags})` : ''}`;
    })
    .join('\n');
}
