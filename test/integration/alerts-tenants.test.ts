import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../../src/core/clock';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { startTestBot, TENANT_ID, type TestBot, teamsMessage } from '../support/bot-harness';
import { visibleText } from '../support/connector-standin';

/**
 * Alerts only ever go to conversations of allowed tenants, checked when sending: a subscription
 * made while a tenant was allowed is not posted to once ALLOWED_TENANT_IDS no longer lists it
 * (and is kept, so listing the tenant again brings its alerts back).
 */
const OTHER_TENANT = '11111111-2222-3333-4444-555555555555';
const OURS = '19:ours@thread.tacv2';
const THEIRS = '19:theirs@thread.tacv2';
const SUB = '22222222-3333-4444-5555-666666666666';
const POLL_MS = 1000;

const clock = new ManualClock('2026-11-25T12:00:00Z');
let dir: string;
let fleetFile: string;
const bots: TestBot[] = [];

function writeFleet(status: string) {
  const now = clock.now().getTime();
  fs.writeFileSync(fleetFile, JSON.stringify({ data: [{
    id: `/subscriptions/${SUB}/resourceGroups/rg-stores/providers/Microsoft.Kubernetes/connectedClusters/store-0421`,
    name: 'store-0421', type: 'microsoft.kubernetes/connectedclusters', tenantId: TENANT_ID, location: 'westeurope', resourceGroup: 'rg-stores', subscriptionId: SUB,
    properties: {
      connectivityStatus: status,
      lastConnectivityTime: new Date(now - (status === 'Connected' ? 60_000 : 40 * 60_000)).toISOString(),
      managedIdentityCertificateExpirationTime: new Date(now + 80 * 86_400_000).toISOString(),
      agentVersion: '1.36.1', kubernetesVersion: '1.33.2', totalNodeCount: 3, distribution: 'k3s',
    },
  }] }));
}

async function startBot(storage: MemoryStorage, tenants: string[]): Promise<TestBot> {
  const bot = await startTestBot({ clock, storage, env: { DEMO_FLEET_FILE: fleetFile, MONITOR_INTERVAL_SECONDS: '1', ALERT_CONFIRMATIONS: '1', ALLOWED_TENANT_IDS: tenants.join(',') } });
  bots.push(bot);
  await bot.app.whenIdle();
  return bot;
}

function subscribeFrom(bot: TestBot, conversationId: string, tenant: string) {
  const a = teamsMessage('subscribe', bot.connector.url, { scope: 'channel', conversationId });
  a.conversation.tenantId = tenant;
  a.channelData.tenant = { id: tenant };
  return bot.post(a);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-tenants-'));
  fleetFile = path.join(dir, 'fleet.json');
  writeFleet('Connected');
});
afterAll(async () => {
  for (const b of bots.splice(0)) await b.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a tenant removed from ALLOWED_TENANT_IDS gets no alert from its stored subscription; the allowed one does', async () => {
  const storage = new MemoryStorage();
  const before = await startBot(storage, [TENANT_ID, OTHER_TENANT]);
  await subscribeFrom(before, OURS, TENANT_ID);
  await subscribeFrom(before, THEIRS, OTHER_TENANT);
  expect(before.connector.calls.map((c) => [c.conversationId, visibleText(c.activity).split('\n')[0]])).toEqual([
    [OURS, expect.stringContaining('Subscribed #1')],
    [THEIRS, expect.stringContaining('Subscribed #1')],
  ]);
  await before.stop();

  const after = await startBot(storage, [TENANT_ID]);
  // Both stored conversations point at the new stand-in: only the tenant check can keep THEIRS quiet.
  const key = 'tell/conversations';
  const doc = (await storage.read([key]))[key];
  for (const c of Object.values(doc.conversations) as any[]) c.address.serviceUrl = after.connector.url;
  await storage.write({ [key]: { ...doc, eTag: '*' } });

  writeFleet('Offline');
  for (let i = 0; i < 5; i++) {
    await clock.advance(POLL_MS);
    await after.app.whenIdle();
  }
  expect(after.connector.calls.map((c) => [c.conversationId, visibleText(c.activity).split('\n')[0]])).toEqual([[OURS, '🔴 store-0421 went Offline']]);
  expect(after.logger.lines.filter((l) => l.msg === "alert dropped: the conversation's tenant is not allowed").map((l) => [l.fields.conversationId, l.fields.tenantId]))
    .toEqual([[THEIRS, OTHER_TENANT]]);
});
