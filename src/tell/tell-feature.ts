import type { ClusterDirectory } from '../clusters/cluster-directory';
import type { CommandDefinition } from '../chat/command';
import { createMuteCommands } from './mute-commands';
import { createSubscribeCommands } from './subscribe-commands';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { AlertDelivery, type DeliveryOptions } from './delivery';
import { ConnectivityMonitor, DEFAULT_MONITOR_OPTIONS, type MonitorOptions } from './monitor';
import type { ProactiveSender } from './proactive-port';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { createTellStores, type TellStores } from './stores/tell-stores';
import type { ConversationEvents } from '../chat/conversation-events';
import { StoredConversationEvents } from './conversation-tracker';
import { createBotbuilderSender, type ContinuingAdapter } from '../teams/proactive-sender';

export interface TellConfig {
  monitor?: Partial<MonitorOptions>;
  delivery?: Partial<DeliveryOptions>;
  /** Fleet snapshot age accepted by `subscribe`/`mute` when counting matches. */
  fleetMaxAgeMs?: number;
  /** `ALERT_SEND_TIMEOUT_SECONDS` x 1000 (default 30 s): see src/teams/proactive-sender.ts. */
  sendTimeoutMs?: number;
}

export interface TellDeps {
  storage: KeyValueStorage;
  directory: ClusterDirectory;
  /** Either a ready sender, or the CloudAdapter (+ botAppId) to build the botbuilder one. */
  sender?: ProactiveSender;
  adapter?: ContinuingAdapter;
  botAppId?: string;
  clock: Clock;
  logger: Logger;
  config?: TellConfig;
}

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
  const sender = deps.sender ?? (deps.adapter ? createBotbuilderSender(deps.adapter, deps.botAppId ?? '', { clock: deps.clock, timeoutMs: deps.config?.sendTimeoutMs }) : undefined);
  if (!sender) throw new Error('createTell needs a sender or an adapter.');
  const stores = createTellStores(deps.storage);
  const logger = deps.logger.child({ component: 'tell' });
  const monitorOptions = { ...DEFAULT_MONITOR_OPTIONS, ...deps.config?.monitor };
  const delivery = new AlertDelivery(stores, sender, deps.clock, logger.child({ part: 'delivery' }), deps.config?.delivery);
  const monitor = new ConnectivityMonitor(deps.directory, stores, delivery, deps.clock, logger.child({ part: 'monitor' }), monitorOptions);
  const commandDeps = {
    stores, directory: deps.directory, clock: deps.clock, monitor: monitorOptions, fleetMaxAgeMs: deps.config?.fleetMaxAgeMs,
  };
  return {
    commands: [...createSubscribeCommands(commandDeps), ...createMuteCommands(commandDeps)],
    conversationEvents: new StoredConversationEvents(stores, deps.clock, logger.child({ part: 'conversations' })),
    monitor: { start: () => monitor.start(), stop: () => monitor.stop(), tick: () => monitor.tick(), whenIdle: () => monitor.whenIdle(), status: () => monitor.status() },
    delivery,
    stores,
  };
}
