import type { CommandContext } from './command';

/** What the audit trail records: every change to alerting, and every diagnose run. */
export type AuditAction = 'subscribe' | 'unsubscribe' | 'mute' | 'unmute' | 'acknowledge' | 'diagnose';

/**
 * One audit record. `target` and `detail` are the bot's own wording of what it parsed (a filter
 * described, a cluster name, a duration), never the message as typed: no free text or pasted output.
 */
export interface AuditEntry {
  /** When, from the injected clock (ISO, UTC). */
  at: string;
  conversationId: string;
  /** Who: the Entra object id (absent on channels without one, e.g. a local emulator) and the display name Teams sent. */
  aadObjectId?: string;
  userName?: string;
  action: AuditAction;
  target: string;
  detail?: string;
  /** Typed, or a card button. */
  via: 'typed' | 'button';
}

/** Where the features record audit entries; the composition root wires the stored implementation. */
export interface AuditTrail {
  record(entry: AuditEntry): Promise<void>;
  /** The newest `limit` entries of one conversation, newest first. */
  recent(conversationId: string, limit: number): Promise<AuditEntry[]>;
}

/** An audit entry for this turn's user and conversation. */
export function auditEntry(ctx: CommandContext, at: Date, action: AuditAction, target: string, detail?: string): AuditEntry {
  return {
    at: at.toISOString(),
    conversationId: ctx.conversation.id,
    ...(ctx.user.aadObjectId ? { aadObjectId: ctx.user.aadObjectId } : {}),
    ...(ctx.user.name ? { userName: ctx.user.name } : {}),
    action,
    target,
    ...(detail ? { detail } : {}),
    via: ctx.cardAction ? 'button' : 'typed',
  };
}

/** Records nothing (unit tests of a feature that do not look at the trail). */
export const NO_AUDIT_TRAIL: AuditTrail = { record: async () => undefined, recent: async () => [] };
