import { matchesFilter, type FilterableCluster } from '../clusters/cluster-filter';
import { cardReply, type MessageReply } from '../chat/reply';
import { buildClusterAlertCard } from './alert-cards';
import type { AlertCardRecord } from './stores/alert-card-store';
import type { TellStores } from './stores/tell-stores';
import { clusterAlertView, tellCards, type ClusterAlertModel } from './tell-cards';

/**
 * The open alert card of (conversation, cluster) as it was posted, with who acknowledged it since;
 * undefined when there is none or its message is no longer stored. Buttons that redraw the card
 * (Refresh, Mute 1h, Acknowledge) start from this.
 */
export async function openAlertCard(stores: TellStores, conversationId: string, clusterId: string): Promise<{ record: AlertCardRecord; model: ClusterAlertModel } | undefined> {
  const record = await stores.alertCards.get(conversationId, clusterId);
  const message = record?.outboxKey ? await stores.outbox.message(record.outboxKey) : undefined;
  if (!record || message?.view?.card !== 'cluster-alert') return undefined;
  const posted = message.view.model as ClusterAlertModel;
  const acknowledged = record.acknowledged ? { by: record.acknowledged.by, at: record.acknowledged.at } : posted.acknowledged;
  return { record, model: { ...posted, ...(acknowledged ? { acknowledged } : {}) } };
}

/** An alert card as a reply (to replace the clicked card for everyone). */
export function alertCardReply(model: ClusterAlertModel): MessageReply {
  return cardReply(tellCards.view('cluster-alert', model), buildClusterAlertCard(clusterAlertView(model)).text);
}

/** The mute that silences `cluster` in this conversation now, as the alert card's "Muted until ... by ..." line. */
export async function activeMuteOf(stores: TellStores, conversationId: string, cluster: FilterableCluster, now: Date): Promise<ClusterAlertModel['muted']> {
  const mute = (await stores.mutes.list(conversationId)).find((m) => Date.parse(m.until) > now.getTime() && matchesFilter(m.filter, cluster));
  return mute && { until: mute.until, by: mute.createdBy ?? 'someone' };
}
