import { card, container, heading, plain, text, type AdaptiveCard } from '../cards/adaptive-card';
import { cardCatalogue } from '../cards/card-catalogue';
import type { AuditEntry } from '../chat/audit-port';

export interface AuditTrailModel {
  entries: AuditEntry[];
  /** `AUDIT_RETENTION_DAYS`, said under the list. */
  retentionDays: number;
}

/** "2026-12-02 03:12 UTC · Ada · mute cluster store-0421 (resource group rg) · for 1 h · button". */
export function auditLine(e: AuditEntry): string {
  const who = e.userName ?? e.aadObjectId ?? 'unknown user';
  return [`${e.at.slice(0, 16).replace('T', ' ')} UTC`, who, `${e.action} ${e.target}`, e.detail, e.via === 'button' ? 'card button' : undefined]
    .filter(Boolean).join(' · ');
}

/** The last changes to alerting and diagnose runs in this conversation, newest first. */
export function buildAuditTrailCard(m: AuditTrailModel): { card: AdaptiveCard; text: string } {
  const title = m.entries.length
    ? `🧾 Audit trail: the last ${m.entries.length === 1 ? 'entry' : `${m.entries.length} entries`} here`
    : '🧾 Audit trail: nothing recorded here';
  const footer = `Kept for ${m.retentionDays} days: changes to alerting (subscribe, unsubscribe, mute, unmute, acknowledge) and diagnose runs, with the Entra account that made them.`;
  // Names come from Teams and targets hold typed patterns: data, through plain().
  const rows = m.entries.map((e) => text(plain(auditLine(e)), { size: 'small', spacing: 'small' }));
  const body = [heading(title), ...(rows.length ? [container(rows)] : []), text(footer, { isSubtle: true, size: 'small' })];
  return { card: card(body, [], title), text: [title, ...m.entries.map(auditLine)].join('\n') };
}

export const auditCards = cardCatalogue({
  'audit-trail': (m: AuditTrailModel) => buildAuditTrailCard(m).card,
});
