import type { Logger } from '../../core/logger';
import type { KeyValueStorage } from '../../storage/key-value-storage';
import { AlertCardStore } from './alert-card-store';
import { ConversationStore } from './conversation-store';
import { HeartbeatStore } from './heartbeat-store';
import { MonitorStateStore } from './monitor-state-store';
import { MuteStore } from './mute-store';
import { OutboxStore } from './outbox-store';
import { SubscriptionStore } from './subscription-store';

/**
 * Typed stores for the "Tell" feature, all on the KeyValueStorage contract (memory, SQLite, and
 * later Azure Blob without touching the monitor). Small documents, each updated with eTag retry;
 * the outbox keeps card bodies in their own keys so its index stays small. Each store lives in its
 * own file next to this one; this file only gathers them.
 */
export interface TellStores {
  conversations: ConversationStore;
  subscriptions: SubscriptionStore;
  mutes: MuteStore;
  monitor: MonitorStateStore;
  alertCards: AlertCardStore;
  outbox: OutboxStore;
  heartbeat: HeartbeatStore;
}

/** `logger` hears about stored records that had to be dropped (see ConversationStore). */
export function createTellStores(storage: KeyValueStorage, logger?: Logger): TellStores {
  return {
    conversations: new ConversationStore(storage, logger),
    subscriptions: new SubscriptionStore(storage),
    mutes: new MuteStore(storage),
    monitor: new MonitorStateStore(storage),
    alertCards: new AlertCardStore(storage),
    outbox: new OutboxStore(storage),
    heartbeat: new HeartbeatStore(storage),
  };
}
