import { parseClusterResourceId } from '../clusters/cluster';
import { describeFilter } from '../clusters/cluster-filter';
import { auditEntry } from '../chat/audit-port';
import type { CommandContext, CommandDefinition } from '../chat/command';
import { type MessageReply, textReply } from '../chat/reply';
import { prose, says, type TextSegment } from '../chat/text';
import { utcTime } from './alert-acknowledgement';
import { activeMuteOf, alertCardReply, openAlertCard } from './open-alert-card';
import type { TellCommandDeps } from './subscribe-commands';

const USAGE = 'acknowledge <cluster>';
const isResourceId = (s: string) => s.startsWith('/');
/** "acknowledged by Ada at 12:00 UTC": the name is data (a person's display name, shown exactly, never as a link). */
const acknowledgedBy = (by: string, at: Date, now: Date): TextSegment[] => says`acknowledged by ${by} at ${prose(utcTime(at, now))}`;

/** Resource ids (lower-cased) of this conversation's open alerts for a typed name or resource id. */
async function openAlertsFor(deps: TellCommandDeps, conversationId: string, typed: string): Promise<string[]> {
  const wanted = typed.toLowerCase();
  return (await deps.stores.alertCards.list())
    .filter((c) => c.conversationId === conversationId)
    .map((c) => c.clusterId)
    .filter((id) => (isResourceId(typed) ? id === wanted : parseClusterResourceId(id)?.name.toLowerCase() === wanted));
}

/** One line when there is nothing to acknowledge: most often the cluster recovered meanwhile. */
async function nothingOpen(deps: TellCommandDeps, typed: string): Promise<MessageReply> {
  const name = isResourceId(typed) ? parseClusterResourceId(typed)?.name ?? typed : typed;
  const current = await deps.directory.getClustersByName(name).catch(() => []);
  const match = current.find((c) => !isResourceId(typed) || c.id.toLowerCase() === typed.toLowerCase());
  if (match?.status === 'Connected') return textReply(says`✅ ${match.name} has already recovered (Connected): there is nothing to acknowledge.`);
  return textReply(says`There is no open alert for ${name} in this conversation: nothing to acknowledge.`);
}

/**
 * `acknowledge <cluster>` and the alert card's Acknowledge button (which sends the resource id):
 * records who has the alert, in storage with the open card, so every replica and the next leader
 * know it. Clicked, the answer is the same card saying "Acknowledged by Ada at 03:12 UTC", which
 * replaces the clicked card for everyone; reminders and the recovery name them too.
 */
export function createAcknowledgeCommand(deps: TellCommandDeps): CommandDefinition {
  return {
    name: 'acknowledge',
    aliases: ['ack'],
    usage: USAGE,
    description: 'Say you have an open alert: its card, its reminders and its recovery show your name (also the Acknowledge button).',
    examples: ['acknowledge store-0421'],
    requiresOperator: true,
    async handle(args, ctx: CommandContext) {
      const typed = args.trim();
      if (!typed || /\s/.test(typed)) return textReply(`Usage: ${USAGE}, e.g. \`acknowledge store-0421\` (the Acknowledge button on an alert card does the same).`);
      const open = await openAlertsFor(deps, ctx.conversation.id, typed);
      if (!open.length) return nothingOpen(deps, typed);
      if (open.length > 1) {
        const groups = open.map((id) => parseClusterResourceId(id)?.resourceGroup ?? id).join(', ');
        return textReply(says`${String(open.length)} open alerts here are for clusters named ${typed} (resource groups ${groups}): use the Acknowledge button on the card you take.`);
      }
      const now = deps.clock.now();
      const by = ctx.user.name ?? 'someone';
      const result = await deps.stores.alertCards.acknowledge(ctx.conversation.id, open[0], {
        by, at: now.toISOString(), ...(ctx.user.aadObjectId ? { aadObjectId: ctx.user.aadObjectId } : {}),
      });
      const name = parseClusterResourceId(open[0])?.name ?? typed;
      if (result.outcome === 'no-open-alert') return nothingOpen(deps, typed);
      if (result.outcome === 'already') {
        const { by: who, at } = result.record.acknowledged!;
        return textReply(says`✋ ${name}: already ${acknowledgedBy(who, new Date(at), now)}.`);
      }
      await deps.audit.record(auditEntry(ctx, now, 'acknowledge', describeFilter({ clusterId: open[0] })));
      const card = await openAlertCard(deps.stores, ctx.conversation.id, open[0]);
      const muted = card && (await activeMuteOf(deps.stores, ctx.conversation.id, card.model.state, now));
      const redrawn = card && alertCardReply({ ...card.model, ...(muted ? { muted } : {}) });
      // Clicked: the answer replaces the clicked card. Typed: the alert delivery edits that card, like a recovery does.
      if (redrawn && ctx.cardAction?.replacesCard) return redrawn;
      if (redrawn) {
        await deps.stores.outbox.enqueue([{
          key: `${ctx.conversation.id}|acknowledged|${open[0]}|${now.toISOString()}`, conversationId: ctx.conversation.id, action: 'update',
          message: { text: redrawn.text, view: redrawn.view }, updateAlertFor: { clusterId: open[0], keepOpen: true },
        }], now);
      }
      const after = redrawn ? 'The alert card will say so in a moment, and so will its reminders and its recovery.' : 'Its reminders and its recovery will say so.';
      return textReply(says`✋ ${name}: ${acknowledgedBy(by, now, now)}. ${prose(after)}`);
    },
  };
}
