import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConversationAddress } from '../../../../src/chat/conversation-address';
import type { ProactiveSender } from '../../../../src/chat/proactive-port';
import type { Message } from '../../../../src/chat/reply';
import { ManualClock } from '../../../../src/core/clock';
import { createMemoryLogger } from '../../../../src/core/logger';
import { MemoryStorage } from '../../../../src/storage/memory-storage';
import { SqliteStorage } from '../../../../src/storage/sqlite-storage';
import { AlertDelivery } from '../../../../src/tell/delivery';
import { createTellStores } from '../../../../src/tell/stores/tell-stores';
import { deliveryDefaults } from '../../../support/config-defaults';
import { LEGACY_CHANNEL, legacyChannelRecord } from './legacy-conversation';

const KEY = 'tell/conversations';
const CHANNEL = LEGACY_CHANNEL;
const NOW = '2026-11-25T12:00:00.000Z';

/** A conversations document as the previous release wrote it: raw Bot Framework references. */
function previousReleaseDoc() {
  return {
    conversations: {
      [CHANNEL]: legacyChannelRecord(),
      'a:broken': { id: 'a:broken', reference: { conversation: { id: 'a:broken' } }, lastSeen: '2026-11-20T09:30:00.000Z', status: 'active' },
    },
  };
}

class AddressRecordingSender implements ProactiveSender {
  readonly sent: { address: ConversationAddress; text: string }[] = [];
  async send(address: ConversationAddress, message: Message) {
    this.sent.push({ address, text: message.text });
    return { activityId: `act-${this.sent.length}` };
  }
  async update(): Promise<void> {}
}

let dir: string;
const opened: SqliteStorage[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-bot-conversations-'));
});
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function reopen(file: string): SqliteStorage {
  const storage = new SqliteStorage(file);
  opened.push(storage);
  return storage;
}

describe('ConversationStore with records from the previous release', () => {
  it('keeps delivering alerts from an existing SQLite file after the upgrade', async () => {
    const file = path.join(dir, 'arc-bot.db');
    const before = reopen(file);
    await before.write({ [KEY]: previousReleaseDoc() });
    before.close();

    const clock = new ManualClock(NOW);
    const stores = createTellStores(reopen(file), createMemoryLogger());
    const sender = new AddressRecordingSender();
    const delivery = new AlertDelivery(stores, sender, clock, createMemoryLogger(), deliveryDefaults());
    await stores.outbox.enqueue([{ key: 'offline:store-0421', conversationId: CHANNEL, action: 'send', message: { text: 'store-0421 is offline' } }], clock.now());
    await delivery.deliverDue();

    expect(sender.sent).toEqual([{
      text: 'store-0421 is offline',
      address: {
        channel: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversationId: CHANNEL, conversationType: 'channel',
        tenantId: 'tenant-1', teamId: '19:team@thread.tacv2', channelId: CHANNEL, bot: { id: '28:bot', name: 'Arc' },
      },
    }]);
  });

  it('drops a record that cannot be upgraded, with one log line, and forgets it on the next write', async () => {
    const storage = new MemoryStorage();
    await storage.write({ [KEY]: previousReleaseDoc() });
    const logger = createMemoryLogger();
    const stores = createTellStores(storage, logger);

    expect((await stores.conversations.all()).map((c) => c.id)).toEqual([CHANNEL]);
    expect(await stores.conversations.get('a:broken')).toBeUndefined();
    const drops = logger.lines.filter((l) => l.msg.startsWith('stored conversation dropped'));
    expect(drops).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ conversationId: 'a:broken', problem: expect.stringMatching(/service URL/) }) })]);

    await stores.conversations.setStatus(CHANNEL, 'blocked', 'the bot was blocked');
    const stored = (await storage.read([KEY]))[KEY];
    expect(Object.keys(stored.conversations)).toEqual([CHANNEL]);
    expect(stored.conversations[CHANNEL]).toEqual({
      id: CHANNEL,
      address: expect.objectContaining({ serviceUrl: 'https://smba.trafficmanager.net/emea/', conversationId: CHANNEL }),
      installedAt: '2026-10-01T08:00:00.000Z',
      lastSeen: '2026-11-20T09:30:00.000Z',
      status: 'blocked',
      statusReason: 'the bot was blocked',
    });
  });

  it('stores no previous-release fields once the conversation is seen again', async () => {
    const storage = new MemoryStorage();
    await storage.write({ [KEY]: previousReleaseDoc() });
    const stores = createTellStores(storage);
    const upgraded = (await stores.conversations.get(CHANNEL))!;

    await stores.conversations.upsert({ id: CHANNEL, address: { ...upgraded.address, serviceUrl: 'https://smba.trafficmanager.net/amer/' }, lastSeen: NOW }, false);

    const stored = (await storage.read([KEY]))[KEY].conversations[CHANNEL];
    expect(Object.keys(stored).sort()).toEqual(['address', 'id', 'installedAt', 'lastSeen', 'status']);
    expect(stored.address.serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
  });
});
