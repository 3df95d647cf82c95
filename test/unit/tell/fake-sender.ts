import type { Clock } from '../../../src/core/clock';
import { DeliveryError, type ProactiveSender } from '../../../src/tell/proactive-port';
import type { OutboundMessage, StoredConversation } from '../../../src/tell/stores/tell-stores';

export interface SentRecord {
  at: number;
  conversationId: string;
  action: 'send' | 'update';
  activityId: string;
  text: string;
}

/** Records what reached "Teams"; `failures` is a queue of errors to throw before succeeding. */
export class FakeSender implements ProactiveSender {
  readonly sent: SentRecord[] = [];
  readonly attempts: { at: number; conversationId: string }[] = [];
  failures: DeliveryError[] = [];
  private next = 1;

  constructor(private readonly clock: Clock) {}

  async send(conversation: StoredConversation, message: OutboundMessage): Promise<{ activityId: string }> {
    this.attempts.push({ at: this.clock.now().getTime(), conversationId: conversation.id });
    const failure = this.failures.shift();
    if (failure) throw failure;
    const activityId = `act-${this.next++}`;
    this.sent.push({ at: this.clock.now().getTime(), conversationId: conversation.id, action: 'send', activityId, text: message.text });
    return { activityId };
  }

  async update(conversation: StoredConversation, activityId: string, message: OutboundMessage): Promise<void> {
    this.attempts.push({ at: this.clock.now().getTime(), conversationId: conversation.id });
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ at: this.clock.now().getTime(), conversationId: conversation.id, action: 'update', activityId, text: message.text });
  }
}

export function conversation(id: string, now = '2026-11-25T12:00:00Z'): Omit<StoredConversation, 'status' | 'installedAt'> {
  return { id, reference: { conversation: { id }, serviceUrl: 'http://127.0.0.1:9/' }, serviceUrl: 'http://127.0.0.1:9/', lastSeen: now };
}
