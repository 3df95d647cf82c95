import type { AuditTrail } from '../chat/audit-port';
import type { CommandDefinition } from '../chat/command';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { createAuditCommand } from './audit-command';
import { StoredAuditTrail } from './stored-audit-trail';

export interface AuditDeps {
  storage: KeyValueStorage;
  clock: Clock;
  logger: Logger;
  /** `AUDIT_RETENTION_DAYS`. */
  retentionDays: number;
}

/** The audit trail for the composition root: the store the features record into, and the `audit` command. */
export function createAudit(deps: AuditDeps): { trail: AuditTrail; commands: CommandDefinition[] } {
  const trail = new StoredAuditTrail(deps.storage, deps.clock, deps.logger.child({ component: 'audit' }), deps.retentionDays);
  return { trail, commands: [createAuditCommand({ trail, retentionDays: deps.retentionDays })] };
}
