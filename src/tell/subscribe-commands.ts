import type { ClusterDirectory } from '../clusters/cluster-directory';
import type { Clock } from '../core/clock';
import { ALERT_KIND_DESCRIPTIONS, ALERT_KINDS, isAlertKind, type AlertKind } from './alert-kinds';
import { CLUSTER_FILTER_USAGE, describeFilter, filterErrorsText, matchesFilter, parseClusterFilter, sameFilter, type ClusterFilter } from '../clusters/cluster-filter';
import type { TellStores } from './stores/tell-stores';
import { auditEntry, type AuditTrail } from '../chat/audit-port';
import type { CommandDefinition } from '../chat/command';
import { textReply } from '../chat/reply';
import { says } from '../chat/text';

/** What subscribe/mute commands need; wired by createTell. */
export interface TellCommandDeps {
  stores: TellStores;
  directory: ClusterDirectory;
  clock: Clock;
  /** For the "you will hear within ..." hint. */
  monitor: { intervalMs: number; confirmations: number };
  /** `FLEET_MAX_AGE_SECONDS`: fleet snapshot age accepted when counting matches. */
  fleetMaxAgeMs: number;
  /** Every change to alerting is recorded here (who, what, where, when). */
  audit: AuditTrail;
}

const SUBSCRIBE_USAGE =
  `subscribe [all | ${CLUSTER_FILTER_USAGE}] [event kinds...]`;

function validKindsText(): string {
  return ALERT_KINDS.map((k) => `${k} (${ALERT_KIND_DESCRIPTIONS[k]})`).join(', ');
}

function words(args: string): string[] {
  return args.trim().split(/\s+/).filter(Boolean);
}

/** How many clusters a filter matches now; undefined when the fleet cannot be read. */
export async function countMatches(deps: TellCommandDeps, filter: ClusterFilter): Promise<number | undefined> {
  try {
    const snapshot = await deps.directory.listClusters({ maxAgeMs: deps.fleetMaxAgeMs });
    return snapshot.clusters.filter((c) => matchesFilter(filter, c)).length;
  } catch {
    return undefined;
  }
}

function kindsText(kinds: AlertKind[]): string {
  return kinds.length ? kinds.join(', ') : 'all events';
}

function createSubscribeCommand(deps: TellCommandDeps): CommandDefinition {
  return {
    name: 'subscribe',
    requiresOperator: true,
    usage: SUBSCRIBE_USAGE,
    description: 'Post connectivity alerts for all clusters, or a filter, in this chat or channel.',
    examples: ['subscribe', 'subscribe store-*', 'subscribe rg edge-prod offline expired', 'subscribe region westeurope', 'subscribe tag env=prod'],
    inManifest: true,
    async handle(args, ctx) {
      const given = words(args);
      if (given[0]?.toLowerCase() === 'all') given.shift(); // `subscribe all` = the whole fleet
      // Kind words ("offline") are event kinds here, not states; other unknown words are reported as kinds.
      const parsed = parseClusterFilter(given, { callerWords: (w) => isAlertKind(w.toLowerCase()), unknownWordsToRest: true, identityOnly: true });
      if (parsed.errors.length) return textReply(`${filterErrorsText(parsed.errors)}\nUsage: ${SUBSCRIBE_USAGE}`);
      const unknown = parsed.rest.filter((w) => !isAlertKind(w.toLowerCase()));
      if (unknown.length) {
        return textReply(says`Unknown event kind${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.\nValid kinds: ${validKindsText()}.\nUsage: ${SUBSCRIBE_USAGE}`);
      }
      const kinds = [...new Set(parsed.rest.map((w) => w.toLowerCase() as AlertKind))];
      const { subscription, replaced } = await deps.stores.subscriptions.add(ctx.conversation.id, {
        filter: parsed.filter, kinds, createdBy: ctx.user.name ?? ctx.user.id, createdAt: deps.clock.now().toISOString(),
      }, sameFilter);
      await deps.audit.record(auditEntry(ctx, deps.clock.now(), 'subscribe', describeFilter(parsed.filter), kindsText(kinds)));
      const matches = await countMatches(deps, parsed.filter);
      const lines = [
        `${replaced ? 'Updated' : 'Subscribed'} #${subscription.number}: ${describeFilter(parsed.filter)}, ${kindsText(kinds)}.`,
      ];
      if (matches === 0) lines.push('⚠️ Warning: no cluster matches now. The subscription is kept and will alert when a matching cluster appears.');
      else if (matches !== undefined) lines.push(`${matches} cluster${matches === 1 ? '' : 's'} match now.`);
      else lines.push('(The fleet could not be read just now, so matches were not counted.)');
      const seconds = Math.round((deps.monitor.intervalMs * deps.monitor.confirmations) / 1000);
      lines.push(`A change is posted once it is seen in ${deps.monitor.confirmations} consecutive polls (about ${seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`}). \`subscriptions\` lists, \`unsubscribe ${subscription.number}\` removes.`);
      return textReply(lines.join('\n'));
    },
  };
}

function createSubscriptionsCommand(deps: TellCommandDeps): CommandDefinition {
  return {
    name: 'subscriptions',
    usage: 'subscriptions',
    description: 'What alerts this chat or channel receives.',
    examples: ['subscriptions'],
    async handle(_args, ctx) {
      const entry = await deps.stores.subscriptions.list(ctx.conversation.id);
      if (!entry.items.length) return textReply('This conversation has no alert subscriptions. Try `subscribe` or `subscribe rg <name>`.');
      const lines = entry.items.map((s) => `${s.number}. ${describeFilter(s.filter)}: ${kindsText(s.kinds)}`);
      if (entry.disabledReason) lines.unshift(`⚠️ Paused: Teams refused the last alert (${entry.disabledReason}). Any message to me here resumes them.`);
      else if (entry.resumedAfter) lines.unshift(`ℹ️ Alerts were paused because Teams refused one (${entry.resumedAfter}) and resumed when you wrote here; alerts decided while paused were not posted.`);
      return textReply(['Alert subscriptions here:', ...lines, 'Remove with `unsubscribe <n>` or `unsubscribe all`.'].join('\n'));
    },
  };
}

function createUnsubscribeCommand(deps: TellCommandDeps): CommandDefinition {
  const usage = 'unsubscribe <n|all>';
  return {
    name: 'unsubscribe',
    requiresOperator: true,
    usage,
    description: 'Stop an alert subscription in this conversation (see `subscriptions` for numbers).',
    examples: ['unsubscribe 2', 'unsubscribe all'],
    async handle(args, ctx) {
      const arg = args.trim().toLowerCase();
      const which = arg === 'all' ? 'all' : /^#?\d+$/.test(arg) ? Number(arg.replace('#', '')) : undefined;
      if (which === undefined) return textReply(`Usage: ${usage}. \`subscriptions\` shows the numbers.`);
      const removed = await deps.stores.subscriptions.remove(ctx.conversation.id, which);
      if (!removed) return textReply(which === 'all' ? 'There were no subscriptions here.' : `There is no subscription #${which} here. \`subscriptions\` shows the numbers.`);
      await deps.audit.record(auditEntry(ctx, deps.clock.now(), 'unsubscribe', which === 'all' ? 'all' : `#${which}`, removed > 1 ? `${removed} subscriptions` : undefined));
      const all = removed === 1 ? 'Removed the only subscription' : `Removed all ${removed} subscriptions`;
      return textReply(which === 'all' ? `${all}: no more alerts here.` : `Removed subscription #${which}.`);
    },
  };
}

export function createSubscribeCommands(deps: TellCommandDeps): CommandDefinition[] {
  return [createSubscribeCommand(deps), createSubscriptionsCommand(deps), createUnsubscribeCommand(deps)];
}
