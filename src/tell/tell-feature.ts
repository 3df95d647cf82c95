import type { ClusterDirectory } from '../clusters/cluster-directory';
import type { CommandDefinition } from '../chat/command';
import { createAcknowledgeCommand } from './acknowledge-command';
import { createAlertRefreshCommand } from './alert-refresh-command';
import { NO_AUDIT_TRAIL, type AuditTrail } from '../chat/audit-port';
import { createMuteCommands } from './mute-commands';
import { createSubscribeCommands } from './subscribe-commands';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { AlertDelivery, type DeliveryOptions } from './delivery';
import { ConnectivityMonitor, type MonitorOptions } from './monitor';
import { SOLE_MONITOR, type MonitorGuard } from './monitor-guard';
import type { ProactiveSender } from '../chat/proactive-port';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { createTellStores, type TellStores } from './stores/tell-stores';
import type { ConversationEvents } from '../chat/conversation-events';
import type { ConversationAddress } from '../chat/conversation-address';
import { ConversationTracker } from './conversation-tracker';

/** Tell's settings, from the configuration (which owns every default). */
export interface TellConfig {
  monitor: MonitorOptions;
  /** With the send timeout (`ALERT_SEND_TIMEOUT_SECONDS`): a claim older than it is from a dead replica. */
  delivery: DeliveryOptions & { sendTimeoutMs: number };
  /** Fleet snapshot age accepted by `subscribe`/`mute` when counting matches. */
  fleetMaxAgeMs: number;
}

export interface TellDeps {
  storage: KeyValueStorage;
  directory: ClusterDirectory;
  /** The channel edge's proactive sender. */
  sender: ProactiveSender;
  clock: Clock;
  logger: Logger;
  config: TellConfig;
  /** With several processes on one storage: this replica's id and the leader fence (see leadership.ts). */
  guard?: MonitorGuard;
  /** Where changes to alerting are recorded (none when absent). */
  audit?: AuditTrail;
  /** Whether a tenant's conversations may be posted to (ALLOWED_TENANT_IDS); absent, every tenant's. */
  tenantAllowed?: (tenantId: string | undefined) => boolean;
}

/**
 * A claim older than the send timeout is from a replica that died mid-send (its send has ended
 * either way), plus this much for the replicas' clocks to disagree.
 */
const CLAIM_CLOCK_SKEW_MS = 5000;

export interface Tell {
  commands: CommandDefinition[];
  conversationEvents: ConversationEvents;
  monitor: { start(): void; stop(): Promise<void>; tick: ConnectivityMonitor['tick']; whenIdle(): Promise<void>; status: ConnectivityMonitor['status'] };
  delivery: AlertDelivery;
  stores: TellStores;
}

/**
 * The "Tell" feature as one plugin for the composition root: subscribe/mute commands, durable
 * conversation references, and the monitor + delivery loops (start/stop).
 */
export function createTell(deps: TellDeps): Tell {
  const sender = deps.sender;
  const logger = deps.logger.child({ component: 'tell' });
  const stores = createTellStores(deps.storage, logger.child({ part: 'stores' }));
  const monitorOptions = deps.config.monitor;
  const guard = deps.guard ?? SOLE_MONITOR;
  const delivery = new AlertDelivery(stores, sender, deps.clock, logger.child({ part: 'delivery' }), {
    ...deps.config.delivery,
    ...(deps.tenantAllowed ? { mayDeliverTo: (address: ConversationAddress) => deps.tenantAllowed!(address.tenantId) } : {}),
    guard: { fence: guard.fence, claimant: guard.replicaId, claimStaleAfterMs: deps.config.delivery.sendTimeoutMs + CLAIM_CLOCK_SKEW_MS },
  });
  const monitor = new ConnectivityMonitor(deps.directory, stores, delivery, deps.clock, logger.child({ part: 'monitor' }), monitorOptions, guard);
  const commandDeps = {
    stores, directory: deps.directory, clock: deps.clock, monitor: monitorOptions, fleetMaxAgeMs: deps.config.fleetMaxAgeMs, audit: deps.audit ?? NO_AUDIT_TRAIL,
  };
  return {
    commands: [...createSubscribeCommands(commandDeps), ...createMuteCommands(commandDeps), createAcknowledgeCommand(commandDeps), createAlertRefreshCommand(commandDeps)],
    conversationEvents: new ConversationTracker(stores, deps.clock, logger.child({ part: 'conversations' })),
    monitor: { start: () => monitor.start(), stop: () => monitor.stop(), tick: () => monitor.tick(), whenIdle: () => monitor.whenIdle(), status: () => monitor.status() },
    delivery,
    stores,
  };
}
