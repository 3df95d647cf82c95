import type { Cluster } from '../../../../src/clusters/cluster';
import type { CommandContext } from '../../../../src/chat/command';
import type { FixClusterLookup } from '../../../../src/fix/diagnose-command';

/** Fixed "now" for every Fix test; matches ManualClock's default start. */
export const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

/** A realistic cluster; override what the test is about. */
export function makeCluster(overrides: Partial<Cluster> = {}): Cluster {
  const name = overrides.name ?? 'store-0421';
  const rg = overrides.resourceGroup ?? 'rg-retail-eu';
  const sub = overrides.subscriptionId ?? '00000000-1111-2222-3333-444444444444';
  return {
    id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
    name,
    subscriptionId: sub,
    resourceGroup: rg,
    location: 'westeurope',
    status: 'Offline',
    lastConnectivityTime: new Date(NOW.getTime() - 3 * 60 * 60 * 1000),
    certificateExpiresAt: new Date(NOW.getTime() + 60 * DAY),
    agentVersion: '1.36.1',
    kubernetesVersion: '1.30.4',
    distribution: 'k3s',
    privateLinkEnabled: false,
    azureRbacEnabled: false,
    gatewayEnabled: false,
    tags: {},
    ...overrides,
  };
}

export const DAYS = DAY;

/** A channel command context for command tests. */
export const CTX: CommandContext = { conversation: { id: 'c1', type: 'channel' }, user: { id: 'u1' }, correlationId: 'corr-1' };

/** An in-memory FixClusterLookup that records the names asked for. */
export function lookupOver(clusters: Cluster[]): FixClusterLookup & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async findClusters(name) {
      calls.push(name);
      return clusters.filter((c) => c.name.toLowerCase() === name.toLowerCase());
    },
    async listClusters() {
      return clusters;
    },
  };
}

