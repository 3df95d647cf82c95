import type { Clock } from '../../../src/core/clock';
import type { ConversationAddress } from '../../../src/chat/conversation-address';
import { DeliveryError, type ProactiveSender } from '../../../src/chat/proactive-port';
import type { StoredConversation } from '../../../src/tell/stores/conversation-store';
import type { OutboundMessage } from '../../../src/tell/stores/outbox-store';

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

  async send(address: ConversationAddress, message: OutboundMessage): Promise<{ activityId: string }> {
    this.attempts.push({ at: this.clock.now().getTime(), conversationId: address.conversationId });
    const failure = this.failures.shift();
    if (failure) throw failure;
    const activityId = `act-${this.next++}`;
    this.sent.push({ at: this.clock.now().getTime(), conversationId: address.conversationId, action: 'send', activityId, text: message.text });
    return { activityId };
  }

  async update(address: ConversationAddress, activityId: string, message: OutboundMessage): Promise<void> {
    this.attempts.push({ at: this.clock.now().getTime(), conversationId: address.conversationId });
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ at: this.clock.now().getTime(), conversationId: address.conversationId, action: 'update', activityId, text: message.text });
  }
}

export function conversation(id: string, now = '2026-11-25T12:00:00Z'): Omit<StoredConversation, 'status' | 'installedAt'> {
  return { id, address: testAddress(id), lastSeen: now };
}

/** A personal-chat address on a loopback connector. */
export function testAddress(conversationId: string, serviceUrl = 'http://127.0.0.1:9/'): ConversationAddress {
  return { channel: 'msteams', serviceUrl, conversationId, conversationType: 'personal', tenantId: 't', bot: { id: 'bot', name: 'Arc' } };
}
