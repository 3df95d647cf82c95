import type { ClusterDirectory } from '../clusters/cluster-directory';
import type { CommandDefinition } from '../chat/command';
import { createAlertRefreshCommand } from './alert-refresh-command';
import { createMuteCommands } from './mute-commands';
import { createSubscribeCommands } from './subscribe-commands';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { AlertDelivery, type DeliveryOptions } from './delivery';
import { ConnectivityMonitor, type MonitorOptions } from './monitor';
import type { ProactiveSender } from '../chat/proactive-port';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { createTellStores, type TellStores } from './stores/tell-stores';
import type { ConversationEvents } from '../chat/conversation-events';
import { ConversationTracker } from './conversation-tracker';

/** Tell's settings, from the configuration (which owns every default). */
export interface TellConfig {
  monitor: MonitorOptions;
  delivery: DeliveryOptions;
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
  const sender = deps.sender;
  const logger = deps.logger.child({ component: 'tell' });
  const stores = createTellStores(deps.storage, logger.child({ part: 'stores' }));
  const monitorOptions = deps.config.monitor;
  const delivery = new AlertDelivery(stores, sender, deps.clock, logger.child({ part: 'delivery' }), deps.config.delivery);
  const monitor = new ConnectivityMonitor(deps.directory, stores, delivery, deps.clock, logger.child({ part: 'monitor' }), monitorOptions);
  const commandDeps = {
    stores, directory: deps.directory, clock: deps.clock, monitor: monitorOptions, fleetMaxAgeMs: deps.config.fleetMaxAgeMs,
  };
  return {
    commands: [...createSubscribeCommands(commandDeps), ...createMuteCommands(commandDeps), createAlertRefreshCommand(commandDeps)],
    conversationEvents: new ConversationTracker(stores, deps.clock, logger.child({ part: 'conversations' })),
    monitor: { start: () => monitor.start(), stop: () => monitor.stop(), tick: () => monitor.tick(), whenIdle: () => monitor.whenIdle(), status: () => monitor.status() },
    delivery,
    stores,
  };
}
