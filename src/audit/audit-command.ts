import type { AuditTrail } from '../chat/audit-port';
import type { CommandDefinition } from '../chat/command';
import { cardReply, textReply } from '../chat/reply';
import { auditCards, buildAuditTrailCard } from './audit-card';

/** `audit` alone shows this many entries. */
export const AUDIT_DEFAULT_ENTRIES = 10;
/** The most one card lists (small rows; far under the card size limit). */
export const AUDIT_MAX_ENTRIES = 50;

export interface AuditCommandDeps {
  trail: AuditTrail;
  retentionDays: number;
}

/** `audit [n]`: the last n audit entries of this conversation, as a card. */
export function createAuditCommand(deps: AuditCommandDeps): CommandDefinition {
  const usage = `audit [n, up to ${AUDIT_MAX_ENTRIES}]`;
  return {
    name: 'audit',
    usage,
    description: 'Who changed alerting here (subscribe, mute, acknowledge...) or ran a diagnosis, and when.',
    examples: ['audit', 'audit 25'],
    requiresOperator: true,
    async handle(args, ctx) {
      const arg = args.trim();
      if (arg && !/^\d{1,4}$/.test(arg)) return textReply(`Usage: ${usage}, e.g. \`audit 25\`.`);
      const limit = Math.min(AUDIT_MAX_ENTRIES, Math.max(1, arg ? Number(arg) : AUDIT_DEFAULT_ENTRIES));
      const model = { entries: await deps.trail.recent(ctx.conversation.id, limit), retentionDays: deps.retentionDays };
      return cardReply(auditCards.view('audit-trail', model), buildAuditTrailCard(model).text);
    },
  };
}
