import { replyForUnresolved } from '../chat/cluster-replies';
import type { Cluster } from '../clusters/cluster';
import { assessHealth } from '../clusters/connectivity';
import { askCards } from './ask-cards';
import { statusText } from './status-card';
import { summaryText } from './fleet-cards';
import type { AskDeps } from './ask-deps';
import { currentFleet } from './current-fleet';
import type { CommandDefinition } from '../chat/command';
import { cardReply, type MessageReply } from '../chat/reply';

const STATUS_ORDER = ['Connected', 'Offline', 'Expired', 'Connecting', 'AgentNotInstalled'];
const ATTENTION_SHOWN = 8;

/** Counts and the first clusters needing attention, read from the snapshot's assessment (no pass over the fleet). */
async function fleetSummary(deps: AskDeps): Promise<MessageReply> {
  const { snapshot, index, ageMs } = await currentFleet(deps);
  const fleet = index.assessment;
  const counts: [string, number][] = [...fleet.byStatus].map(([status, items]) => [status, items.length]);
  counts.sort((a, b) => rank(a[0]) - rank(b[0]));
  const view = {
    total: index.size,
    counts,
    attention: fleet.ordered.slice(0, Math.min(ATTENTION_SHOWN, fleet.attentionTotal)),
    attentionTotal: fleet.attentionTotal,
    source: deps.directory.description,
    fetchedAt: snapshot.fetchedAt,
    ageMs,
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
    async handle(args, ctx) {
      if (!args.trim()) return fleetSummary(deps);
      // The card's Refresh button (it replaces the card) is the one time a known cluster is read again.
      const result = await deps.finder.find(args, { refresh: ctx.cardAction?.replacesCard === true });
      if (result.kind !== 'found') return replyForUnresolved(result, 'status');
      return statusReply(deps, result.cluster, result.asOf);
    },
  };
}

/** The status card of one cluster, judged against the newest agent in the fleet snapshot. */
export async function statusReply(deps: AskDeps, cluster: Cluster, readAt?: Date): Promise<MessageReply> {
  const { snapshot, index, now } = await currentFleet(deps);
  const asOf = readAt ?? snapshot.fetchedAt;
  const health = assessHealth(cluster, now, index.latestAgent);
  const view = { cluster, health, portalHost: deps.portalHost, asOf, ageMs: Math.max(0, now.getTime() - asOf.getTime()) };
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
