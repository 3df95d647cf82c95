import { replyForUnresolved } from '../chat/cluster-replies';
import type { Cluster } from '../clusters/cluster';
import { assessFleet, byAttention, needsAttention } from './fleet-view';
import { assessHealth, latestAgentVersion } from '../clusters/connectivity';
import { askCards } from './ask-cards';
import { statusText } from './status-card';
import { summaryText } from './fleet-cards';
import type { AskDeps } from './ask-deps';
import type { CommandDefinition } from '../chat/command';
import { cardReply, type MessageReply } from '../chat/reply';

const STATUS_ORDER = ['Connected', 'Offline', 'Expired', 'Connecting', 'AgentNotInstalled'];
const ATTENTION_SHOWN = 8;

async function fleetSummary(deps: AskDeps): Promise<MessageReply> {
  const snapshot = await deps.directory.listClusters({ maxAgeMs: deps.fleetMaxAgeMs });
  const { items } = assessFleet(snapshot.clusters, deps.clock.now());
  const counts = new Map<string, number>();
  for (const { cluster } of items) counts.set(cluster.status, (counts.get(cluster.status) ?? 0) + 1);
  const ordered = [...counts.entries()].sort((a, b) => rank(a[0]) - rank(b[0]));
  const attention = items.filter(needsAttention).sort(byAttention);
  const view = {
    total: items.length,
    counts: ordered,
    attention: attention.slice(0, ATTENTION_SHOWN),
    attentionTotal: attention.length,
    source: deps.directory.description,
    fetchedAt: snapshot.fetchedAt,
  };
  return cardReply(askCards.view('fleet-summary', view), summaryText(view));
}

function rank(status: string): number {
  const i = STATUS_ORDER.indexOf(status);
  return i < 0 ? STATUS_ORDER.length : i;
}

export function createStatusCommand(deps: AskDeps): CommandDefinition {
  return {
    name: 'status',
    usage: 'status [cluster]',
    description: 'Connectivity status of one cluster (heartbeat, certificate, agent support), or the fleet at a glance.',
    examples: ['status store-0421', 'status'],
    inManifest: true,
    async handle(args) {
      if (!args.trim()) return fleetSummary(deps);
      const result = await deps.finder.find(args);
      if (result.kind !== 'found') return replyForUnresolved(result, 'status');
      return statusReply(deps, result.cluster);
    },
  };
}

/** The status card of one cluster, judged against the newest agent in the fleet. */
export async function statusReply(deps: AskDeps, cluster: Cluster): Promise<MessageReply> {
  const snapshot = await deps.directory.listClusters({ maxAgeMs: deps.fleetMaxAgeMs });
  const health = assessHealth(cluster, deps.clock.now(), latestAgentVersion(snapshot.clusters));
  const view = { cluster, health, portalHost: deps.portalHost, asOf: snapshot.fetchedAt };
  return cardReply(askCards.view('status', view), statusText(view));
}

export function createSummaryCommand(deps: AskDeps): CommandDefinition {
  return {
    name: 'summary',
    aliases: ['fleet', 'overview'],
    usage: 'summary',
    description: 'The fleet at a glance: counts by status and the clusters that need attention first.',
    examples: ['summary'],
    inManifest: false,
    handle: () => fleetSummary(deps),
  };
}
