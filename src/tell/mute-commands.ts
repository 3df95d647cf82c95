import { formatDuration } from '../clusters/connectivity';
import { parseClusterResourceId } from '../clusters/cluster';
import { CLUSTER_FILTER_USAGE, describeFilter, filterErrorsText, isWholeFleet, parseClusterFilter, sameFilter, type ClusterFilter } from '../clusters/cluster-filter';
import { globToRegExp } from '../clusters/name-matching';
import { auditEntry } from '../chat/audit-port';
import type { CommandContext, CommandDefinition } from '../chat/command';
import { type MessageReply, textReply } from '../chat/reply';
import { alertCardReply, openAlertCard } from './open-alert-card';
import { countMatches, type TellCommandDeps } from './subscribe-commands';

const MUTE_USAGE = `mute <cluster or filter: ${CLUSTER_FILTER_USAGE} | all> <duration: 30m, 2h, 1d, up to 30d>`;
/** Longest mute: a month (a forgotten mute should not silence a cluster through its certificate expiry window). */
const MAX_MUTE_MS = 30 * 24 * 60 * 60 * 1000;

const UNITS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** "90m", "2h", "1d", "1w" -> ms; undefined when not a duration or outside 1 min .. 30 days. */
export function parseDuration(word: string | undefined): number | undefined {
  const m = /^(\d{1,4})(m|min|h|d|w)$/i.exec(word ?? '');
  if (!m) return undefined;
  const ms = Number(m[1]) * UNITS[m[2].toLowerCase()];
  return ms >= 60_000 && ms <= MAX_MUTE_MS ? ms : undefined;
}

function parseTarget(words: string[]): { ok: true; filter: ClusterFilter } | { ok: false; error: string } {
  if (words.length === 1 && words[0].toLowerCase() === 'all') return { ok: true, filter: {} };
  const parsed = parseClusterFilter(words, { identityOnly: true });
  if (parsed.errors.length) return { ok: false, error: filterErrorsText(parsed.errors) };
  if (isWholeFleet(parsed.filter)) return { ok: false, error: 'Say which cluster(s) to mute.' };
  return { ok: true, filter: parsed.filter };
}

/** The name pattern when it is a filter's only criterion. */
function nameOnly(filter: ClusterFilter): string | undefined {
  return filter.namePattern !== undefined && sameFilter(filter, { namePattern: filter.namePattern }) ? filter.namePattern : undefined;
}

/**
 * `unmute store-0421` also ends name-pattern mutes covering that name (`store-*`) and the card
 * button's mute of a cluster with that name (stored by resource id).
 */
function endedByName(mute: ClusterFilter, typed: string): boolean {
  const mutedPattern = nameOnly(mute);
  if (mutedPattern !== undefined) return globToRegExp(mutedPattern).test(typed);
  const mutedCluster = mute.clusterId && sameFilter(mute, { clusterId: mute.clusterId }) ? parseClusterResourceId(mute.clusterId) : undefined;
  return mutedCluster !== undefined && globToRegExp(typed).test(mutedCluster.name);
}

/**
 * "Mute 1h" clicked on an alert card: the same alert card with "Muted until 14:05 UTC by Ada", to
 * replace the clicked card for everyone. Undefined when the card's message is no longer stored.
 */
async function mutedAlertCard(deps: TellCommandDeps, ctx: CommandContext, clusterId: string, until: string): Promise<MessageReply | undefined> {
  const open = await openAlertCard(deps.stores, ctx.conversation.id, clusterId);
  return open && alertCardReply({ ...open.model, muted: { until, by: ctx.user.name ?? 'someone' } });
}

function createMuteCommand(deps: TellCommandDeps): CommandDefinition {
  return {
    name: 'mute',
    requiresOperator: true,
    aliases: ['snooze'],
    usage: MUTE_USAGE,
    description: 'Silence alerts for a cluster or filter for a while; muted events are recorded, and you hear once if it is still unhealthy when the mute ends.',
    examples: ['mute store-0421 2h', 'mute rg lab 1d', 'mute store-* 30m'],
    inManifest: true,
    async handle(args, ctx) {
      const all = args.trim().split(/\s+/).filter(Boolean);
      const durationMs = parseDuration(all[all.length - 1]);
      if (all.length < 2 || durationMs === undefined) {
        const why = all.length < 2 ? 'Tell me what to mute and for how long.' : `"${all[all.length - 1]}" is not a duration I accept (1 minute to 30 days).`;
        return textReply(`${why}\nUsage: ${MUTE_USAGE}\nExamples: mute store-0421 2h · mute rg lab 1d`);
      }
      const target = parseTarget(all.slice(0, -1));
      if (!target.ok) return textReply(`${target.error}\nUsage: ${MUTE_USAGE}`);
      const now = deps.clock.now();
      const until = new Date(now.getTime() + durationMs);
      // A resource id is what the alert card's "Mute 1h" button sends: it never shortens a longer mute.
      const mute = await deps.stores.mutes.add(ctx.conversation.id, {
        filter: target.filter, until: until.toISOString(), createdBy: ctx.user.name ?? ctx.user.id, createdAt: now.toISOString(),
      }, sameFilter, { neverShorten: target.filter.clusterId !== undefined });
      await deps.audit.record(auditEntry(ctx, now, 'mute', describeFilter(target.filter), `for ${formatDuration(durationMs)}, until ${mute.until.slice(0, 16).replace('T', ' ')} UTC`));
      const matches = await countMatches(deps, target.filter);
      const kept = Date.parse(mute.until) > until.getTime();
      const untilText = `${mute.until.slice(0, 16).replace('T', ' ')} UTC`;
      if (ctx.cardAction?.replacesCard && target.filter.clusterId) {
        const muted = await mutedAlertCard(deps, ctx, target.filter.clusterId, mute.until);
        if (muted) return muted;
      }
      const lines = [kept
        ? `🔕 ${describeFilter(target.filter)} is already muted longer, until ${untilText} (mute #${mute.number}); left as it is.`
        : `🔕 Muted ${describeFilter(target.filter)} for ${formatDuration(durationMs)} (until ${untilText}), mute #${mute.number}.`];
      if (matches === 0) lines.push('⚠️ Warning: no cluster matches now.');
      lines.push('Alerts are recorded, not posted; if it is still unhealthy when the mute ends, one card says so. `unmute` ends it early.');
      return textReply(lines.join('\n'));
    },
  };
}

function createUnmuteCommand(deps: TellCommandDeps): CommandDefinition {
  const usage = 'unmute [n | cluster | filter | all]';
  return {
    name: 'unmute',
    requiresOperator: true,
    usage,
    description: 'End mutes in this conversation (all of them when nothing is given).',
    examples: ['unmute', 'unmute store-0421', 'unmute 2'],
    async handle(args, ctx) {
      const all = args.trim().split(/\s+/).filter(Boolean);
      let select: (m: { number: number; filter: ClusterFilter }) => boolean;
      if (!all.length || (all.length === 1 && all[0].toLowerCase() === 'all')) select = () => true;
      else if (all.length === 1 && /^#?\d+$/.test(all[0])) select = (m) => m.number === Number(all[0].replace('#', ''));
      else {
        const target = parseTarget(all);
        if (!target.ok) return textReply(`${target.error}\nUsage: ${usage}`);
        const typedName = nameOnly(target.filter);
        select = (m) => sameFilter(m.filter, target.filter) || (typedName !== undefined && endedByName(m.filter, typedName));
      }
      const removed = await deps.stores.mutes.remove(ctx.conversation.id, select);
      if (!removed.length) return textReply('Nothing matching is muted here. `mutes` lists the mutes.');
      await deps.audit.record(auditEntry(ctx, deps.clock.now(), 'unmute', removed.map((m) => `#${m.number} ${describeFilter(m.filter)}`).join(', ')));
      return textReply(`🔔 Unmuted: ${removed.map((m) => `#${m.number} ${describeFilter(m.filter)}`).join(', ')}.`);
    },
  };
}

function createMutesCommand(deps: TellCommandDeps): CommandDefinition {
  return {
    name: 'mutes',
    usage: 'mutes',
    description: 'Active mutes in this conversation, with time left and alerts held back.',
    examples: ['mutes'],
    async handle(_args, ctx) {
      const now = deps.clock.now().getTime();
      const active = (await deps.stores.mutes.list(ctx.conversation.id)).filter((m) => Date.parse(m.until) > now);
      if (!active.length) return textReply('Nothing is muted here.');
      return textReply(['Active mutes:', ...active.map((m) =>
        `${m.number}. ${describeFilter(m.filter)}: ${formatDuration(Date.parse(m.until) - now)} left${m.suppressed ? `, ${m.suppressed} alert${m.suppressed === 1 ? '' : 's'} held back` : ''}`),
      '`unmute <n>` ends one, `unmute` ends all.'].join('\n'));
    },
  };
}

export function createMuteCommands(deps: TellCommandDeps): CommandDefinition[] {
  return [createMuteCommand(deps), createUnmuteCommand(deps), createMutesCommand(deps)];
}
