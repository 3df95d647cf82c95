import type { Cluster } from '../clusters/cluster';
import { ClusterFinder } from '../clusters/cluster-finder';
import { latestAgentVersion } from '../clusters/connectivity';
import { NOT_DIAGNOSED_STATUSES } from './knowledge/decision-tree';
import { toClusterFacts } from '../clusters/cluster-facts';
import { auditEntry, type AuditTrail } from '../chat/audit-port';
import type { CommandDefinition } from '../chat/command';
import type { Clock } from '../core/clock';
import { textReply, type MessageReply, type Reply } from '../chat/reply';
import { says } from '../chat/text';
import { replyForUnresolved } from '../chat/cluster-replies';

/** The dialog id the bot's DialogHost registers the diagnose dialog under (dialogs/diagnose-dialog.ts). */
export const DIAGNOSE_DIALOG_ID = 'diagnose';

/** The lookups the Fix commands need; the composition root adapts the ClusterDirectory to it. */
export interface FixClusterLookup {
  /** Clusters whose name equals `name` case-insensitively (several across resource groups). */
  findClusters(name: string): Promise<Cluster[]>;
  /** The whole fleet (a cached snapshot is fine), for "did you mean" suggestions. */
  listClusters(): Promise<Cluster[]>;
}

export type Resolution = { kind: 'found'; cluster: Cluster } | { kind: 'reply'; reply: MessageReply };

/**
 * One cluster from "name" or a full resource id; otherwise the same reply `status` gives
 * (suggestions, "which one?" buttons, or "not a valid cluster name").
 */
export async function resolveCluster(input: string, lookup: FixClusterLookup, command: string): Promise<Resolution> {
  if (!input.trim()) return { kind: 'reply', reply: textReply(`Which cluster? Usage: \`${command} <cluster>\`.`) };
  const finder = new ClusterFinder(
    { getClustersByName: (name) => lookup.findClusters(name), listClusters: async () => ({ clusters: await lookup.listClusters(), fetchedAt: new Date(0), source: 'lookup' }) },
    0,
  );
  const result = await finder.find(input);
  return result.kind === 'found' ? { kind: 'found', cluster: result.cluster } : { kind: 'reply', reply: replyForUnresolved(result, command) };
}

// ---------------------------------------------------------------- the `diagnose` command

export interface DiagnoseCommandDeps {
  lookup: FixClusterLookup;
  /** Every diagnose run is recorded (who, which cluster, where, when). */
  audit?: { trail: AuditTrail; clock: Clock };
}

/**
 * `diagnose <cluster>`: resolves the cluster (unknown -> suggestions, several -> which one?, no
 * dialog either way) and asks the bot to start the diagnose dialog with a JSON snapshot of it.
 */
export function createDiagnoseCommand(deps: DiagnoseCommandDeps): CommandDefinition {
  return {
    name: 'diagnose',
    aliases: ['troubleshoot', 'fix'],
    usage: 'diagnose <cluster>',
    description: 'Guided connectivity diagnosis of one cluster: likely causes, fix commands and its allowlist.',
    examples: ['diagnose store-0421'],
    inManifest: true,
    async handle(args, ctx): Promise<Reply> {
      const resolved = await resolveCluster(args, deps.lookup, 'diagnose');
      if (resolved.kind === 'reply') return resolved.reply;
      const cluster = resolved.cluster;
      if (NOT_DIAGNOSED_STATUSES.includes(cluster.status)) {
        return textReply(says`${cluster.name} is ${cluster.status}: it has no Arc agents by design (agentless), so there is no connectivity to diagnose.`);
      }
      // The fleet snapshot is cached by the directory, so this costs no extra query.
      const latestAgent = latestAgentVersion(await deps.lookup.listClusters());
      // The cluster as resolved (name and resource group), never what was typed.
      if (deps.audit) await deps.audit.trail.record(auditEntry(ctx, deps.audit.clock.now(), 'diagnose', `${cluster.name} (resource group ${cluster.resourceGroup})`));
      return { kind: 'startDialog', dialogId: DIAGNOSE_DIALOG_ID, options: { clusterId: cluster.id, cluster: toClusterFacts(cluster), latestAgent } };
    },
  };
}
