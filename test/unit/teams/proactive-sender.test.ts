import { cardOf, testRenderer } from '../../support/cards';
import { monitoringDegradedMessage, monitoringRestoredMessage } from '../../../src/tell/alert-messages';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryStorage } from 'botbuilder';
import { loadConfig } from '../../../src/config/config';
import { createAdapter } from '../../../src/teams/adapter';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { AlertDelivery } from '../../../src/tell/delivery';
import { DeliveryError } from '../../../src/chat/proactive-port';
import { classifyDeliveryFailure } from '../../../src/tell/delivery-verdict';
import { createTellStores } from '../../../src/tell/stores/tell-stores';
import { createBotbuilderSender } from '../../../src/teams/proactive-sender';
import { conversation, testAddress } from '../tell/fake-sender';
import { DEFAULT_CONFIG, deliveryDefaults } from '../../support/config-defaults';

const SEND_TIMEOUT_MS = DEFAULT_CONFIG.delivery.sendTimeoutMs;

interface Received { method: string; url: string; body: any }

/** A loopback Bot Connector: records requests, answers from a script (default 200 with an id). */
async function startConnector(script: ((req: Received) => { status: number; headers?: Record<string, string>; body?: unknown } | undefined)[] = []) {
  const received: Received[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const r: Received = { method: req.method!, url: req.url!, body: raw ? JSON.parse(raw) : undefined };
      received.push(r);
      const answer = script.shift()?.(r) ?? { status: 200, body: { id: `activity-${++n}` } };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const conversationAt = (serviceUrl: string) => testAddress('a:conv-1', serviceUrl);

/** The app's own adapter: its onTurnError must not swallow a refused send, and its connector client must not retry. */
const adapter = () => createAdapter(loadConfig({ PLAYGROUND: 'off' }), createMemoryLogger());

describe('createBotbuilderSender (real CloudAdapter, loopback connector)', () => {
  it('sends a card alone in its activity and returns the activity id; updates it in place', async () => {
    const connector = await startConnector();
    try {
      const sender = createBotbuilderSender(adapter(), '', testRenderer(), { timeoutMs: SEND_TIMEOUT_MS });
      const degraded = monitoringDegradedMessage(3, 'Resource Graph is unavailable');
      const { activityId } = await sender.send(conversationAt(connector.url), degraded);
      expect(activityId).toBe('activity-1');
      await sender.update(conversationAt(connector.url), 'activity-1', monitoringRestoredMessage(60_000));
      await sender.send(conversationAt(connector.url), { text: 'plain message' });
      const [post, put, plainPost] = connector.received;
      expect(post.method).toBe('POST');
      // A message of its own (sendToConversation), not a reply to the continuation's synthetic id.
      expect(post.url).toBe('/v3/conversations/a%3Aconv-1/activities');
      expect(post.body.replyToId).toBeUndefined();
      expect(post.body.text).toBeUndefined();
      expect(post.body.summary).toBe(degraded.text);
      expect(post.body.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: cardOf(degraded) });
      expect(put.method).toBe('PUT');
      expect(put.url).toBe('/v3/conversations/a%3Aconv-1/activities/activity-1');
      expect(put.body.attachments[0].content.body[0].text).toBe('✅ Monitoring restored after 1 min');
      expect(plainPost.body.text).toBe('plain message');
    } finally {
      await connector.close();
    }
  });

  it('in a channel, an alert is a new post (a thread of its own) and its update edits that post', async () => {
    const connector = await startConnector();
    try {
      const sender = createBotbuilderSender(adapter(), '', testRenderer(), { timeoutMs: SEND_TIMEOUT_MS });
      // The address of a channel where someone typed `subscribe` inside a thread: stored without the thread.
      const channel = { ...testAddress('19:chan@thread.tacv2', connector.url), conversationType: 'channel' as const, teamId: '19:team@thread.tacv2', channelId: '19:chan@thread.tacv2' };
      const { activityId } = await sender.send(channel, monitoringDegradedMessage(3, 'x'));
      await sender.update(channel, activityId!, monitoringRestoredMessage(60_000));
      const [post, put] = connector.received;
      expect(`${post.method} ${post.url}`).toBe('POST /v3/conversations/19%3Achan%40thread.tacv2/activities');
      expect(post.body.replyToId).toBeUndefined();
      expect(post.body.conversation.id).toBe('19:chan@thread.tacv2');
      expect(`${put.method} ${put.url}`).toBe(`PUT /v3/conversations/19%3Achan%40thread.tacv2/activities/${activityId}`);
    } finally {
      await connector.close();
    }
  });

  it.each([403, 404, 400])('turns a %s from the connector into a DeliveryError with that status', async (status) => {
    const connector = await startConnector([() => ({ status, body: { error: { code: 'X', message: 'no' } } })]);
    try {
      const error = await createBotbuilderSender(adapter(), '', testRenderer(), { timeoutMs: SEND_TIMEOUT_MS }).send(conversationAt(connector.url), { text: 'x' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).statusCode).toBe(status);
    } finally {
      await connector.close();
    }
  });

  it('reports 429 with its Retry-After after exactly one request (the outbox retries, not the SDK)', async () => {
    const throttled = () => ({ status: 429, headers: { 'retry-after': '0' }, body: {} });
    const connector = await startConnector([throttled, throttled, throttled, throttled]);
    try {
      const error = await createBotbuilderSender(adapter(), '', testRenderer(), { timeoutMs: SEND_TIMEOUT_MS }).send(conversationAt(connector.url), { text: 'x' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).statusCode).toBe(429);
      expect((error as DeliveryError).retryAfterMs).toBe(0);
      expect(connector.received.length).toBe(1);
    } finally {
      await connector.close();
    }
  });

  it.each([500, 502, 503])('a %s is one request, not the SDK\'s four', async (status) => {
    const connector = await startConnector([() => ({ status, body: {} }), () => ({ status, body: {} }), () => ({ status, body: {} }), () => ({ status, body: {} })]);
    try {
      const error = await createBotbuilderSender(adapter(), '', testRenderer(), { timeoutMs: 30_000 }).send(conversationAt(connector.url), { text: 'x' }).catch((e: unknown) => e);
      expect((error as DeliveryError).statusCode).toBe(status);
      expect(connector.received.length).toBe(1);
    } finally {
      await connector.close();
    }
  });

  it('a connector that never answers fails the send after the timeout (30 s) as a retryable network error, and the request is aborted', async () => {
    const received: string[] = [];
    let aborted = 0;
    const server = http.createServer((req, res) => { received.push(`${req.method} ${req.url}`); res.on('close', () => aborted++); /* never answers */ });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const clock = new ManualClock('2026-11-25T12:00:00Z');
      const pending = createBotbuilderSender(adapter(), '', testRenderer(), { clock, timeoutMs: SEND_TIMEOUT_MS }).send(conversationAt(url), { text: 'x' }).catch((e: unknown) => e);
      while (!received.length) await new Promise((r) => setImmediate(r));
      await clock.advance(SEND_TIMEOUT_MS - 1);
      let done = false;
      void pending.then(() => { done = true; });
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      expect(done).toBe(false);
      await clock.advance(1);
      const error = await pending;
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).code).toBe('ETIMEDOUT');
      expect((error as DeliveryError).statusCode).toBeUndefined();
      expect(classifyDeliveryFailure(error).kind).toBe('backoff');
      // The abandoned request is cancelled on the wire, so Teams cannot post it later as a duplicate.
      while (!aborted) await new Promise((r) => setImmediate(r));
      expect(aborted).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a hung send does not block delivery: the round ends at the timeout and the alert is retried', async () => {
    const clock = new ManualClock('2026-11-25T12:00:00Z');
    const stores = createTellStores(new MemoryStorage());
    let calls = 0;
    const hung = { continueConversationAsync: () => { calls++; return new Promise<void>(() => {}); } };
    const delivery = new AlertDelivery(stores, createBotbuilderSender(hung, '', testRenderer(), { clock, timeoutMs: 5_000 }), clock, createMemoryLogger(), deliveryDefaults());
    await stores.conversations.upsert(conversation('c1', clock.now().toISOString()), true);
    await stores.outbox.enqueue([{ key: 'k1', conversationId: 'c1', action: 'send', message: { text: 'x went Offline' } }], clock.now());
    const round = delivery.deliverDue();
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(calls).toBe(1);
    await clock.advance(5_000);
    const result = await round;
    expect(result.sent).toBe(0);
    expect(result.nextAt).toBeDefined();
    const [item] = await stores.outbox.pending();
    expect(item).toMatchObject({ key: 'k1', attempts: 1 });
    expect(item.lastError).toMatch(/within 5000 ms/);
  });
});
