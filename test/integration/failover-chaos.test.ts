import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AzureBlobStorage } from '../../src/storage/azure-blob-storage';
import { containerClientFor } from '../../src/storage/azure-blob-container';
import { MAY_REPEAT_NOTE } from '../../src/tell/delivery-attempt';
import { createTellStores, type TellStores } from '../../src/tell/stores/tell-stores';
import { startAzurite, uniqueContainerName, type Azurite } from '../support/azurite';
import { teamsMessage, TENANT_ID } from '../support/bot-harness';
import { ConnectorStandIn, visibleText } from '../support/connector-standin';
import { startReplica, type ReplicaProcess } from '../support/replica-process';

/**
 * Three real bot processes on one Azurite container. Each cycle one more cluster goes Offline, and at
 * a random moment (while polling, mid-delivery through a slow connector) the leader is killed with
 * SIGKILL and replaced. "Teams" (the connector stand-in) must show one alert card per cluster: a
 * second one only for a send that was in flight when its replica died, and then saying so. Chat is
 * answered by every surviving replica in every cycle.
 *
 * Each leader death costs one blob lease (15 s, the minimum:
 * https://learn.microsoft.com/en-us/rest/api/storageservices/lease-blob), so the default is a few
 * cycles; FAILOVER_CYCLES=20 runs the long version (CI does).
 */
const CYCLES = Number(process.env.FAILOVER_CYCLES ?? 3);
const LEASE_SECONDS = 15;
const CHANNEL = '19:failover@thread.tacv2';
const SUB = '11111111-2222-3333-4444-555555555555';
const clusterName = (i: number) => `edge-${String(i).padStart(2, '0')}`;

function row(name: string, status: 'Connected' | 'Offline') {
  const now = Date.now();
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
    name, type: 'microsoft.kubernetes/connectedclusters', tenantId: TENANT_ID, location: 'westeurope', resourceGroup: 'rg-edge', subscriptionId: SUB, tags: {},
    properties: {
      connectivityStatus: status,
      lastConnectivityTime: new Date(now - (status === 'Connected' ? 60_000 : 40 * 60_000)).toISOString(),
      managedIdentityCertificateExpirationTime: new Date(now + 80 * 86_400_000).toISOString(),
      agentVersion: '1.36.1', kubernetesVersion: '1.33.2', totalNodeCount: 3, distribution: 'k3s',
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function roleOf(replica: ReplicaProcess): Promise<string | undefined> {
  try {
    const res = await fetch(`${replica.url}/healthz`, { signal: AbortSignal.timeout(3000) });
    return ((await res.json()) as { role?: string }).role;
  } catch {
    return undefined;
  }
}

async function waitForLeader(replicas: ReplicaProcess[], deadlineMs: number): Promise<ReplicaProcess> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    for (const r of replicas.filter((x) => x.alive())) if ((await roleOf(r)) === 'leader') return r;
    if (Date.now() > end) throw new Error('no leader in time');
    await sleep(250);
  }
}

describe('failover: SIGKILL the leader of three real replicas at random moments', () => {
  let azurite: Azurite;
  let connector: ConnectorStandIn;
  let stores: TellStores;
  const replicas: ReplicaProcess[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'arc-failover-'));
  const fleetFile = path.join(dir, 'fleet.json');
  const offline = new Set<number>();
  // Written aside and renamed, so a replica never reads half a file.
  const writeFleet = () => {
    writeFileSync(`${fleetFile}.next`, JSON.stringify({ data: Array.from({ length: CYCLES }, (_, i) => row(clusterName(i), offline.has(i) ? 'Offline' : 'Connected')) }));
    renameSync(`${fleetFile}.next`, fleetFile);
  };

  beforeAll(async () => {
    azurite = await startAzurite();
    connector = new ConnectorStandIn();
    await connector.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill('SIGKILL')));
    await connector?.close();
    await azurite?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it(`${CYCLES} leader kills: one card per alert, a repeat only for a send in flight (and marked), chat answered throughout`, async () => {
    const containerName = uniqueContainerName('failover');
    const container = await containerClientFor({ connectionString: azurite.connectionString, container: containerName });
    await container.createIfNotExists();
    stores = createTellStores(new AzureBlobStorage(container));
    const now = new Date().toISOString();
    await stores.conversations.upsert({
      id: CHANNEL, lastSeen: now,
      address: { channel: 'msteams', serviceUrl: connector.url, conversationId: CHANNEL, conversationType: 'channel', tenantId: TENANT_ID, bot: { id: '28:bot', name: 'Arc' } },
    }, true);
    await stores.subscriptions.add(CHANNEL, { filter: {}, kinds: [], createdAt: now }, () => false);
    writeFleet();
    connector.answerDelayMs = 400;

    const env = {
      STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: containerName,
      LEADER_LEASE_SECONDS: String(LEASE_SECONDS), DEMO_FLEET_FILE: fleetFile, MONITOR_INTERVAL_SECONDS: '1', ALERT_CONFIRMATIONS: '1',
      FLEET_MAX_AGE_SECONDS: '0', ALERT_SEND_TIMEOUT_SECONDS: '3',
    };
    let started = 0;
    const launch = async () => { const r = await startReplica(`replica-${++started}`, env); replicas.push(r); return r; };
    await Promise.all([launch(), launch(), launch()]);
    // The first leader takes the baseline: nothing is alerted for the fleet as found.
    for (let t = 0; !(await stores.heartbeat.get()).lastPollAt; t++) {
      if (t > 100) throw new Error('no poll by any replica');
      await sleep(200);
    }

    let kills = 0;
    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const leader = await waitForLeader(replicas, (LEASE_SECONDS + 10) * 1000);
        offline.add(cycle);
        writeFleet();
        // A random moment: before the next poll, while it polls, or while its alert is on the wire.
        await sleep(Math.floor(Math.random() * 2500));
        await leader.kill('SIGKILL');
        kills++;
        const replacement = launch();
        // Every surviving replica answers chat while the leader is gone and before a new one is elected.
        for (const survivor of replicas.filter((r) => r.alive())) {
          const chat = await fetch(`${survivor.url}/api/messages`, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify(teamsMessage('help', connector.url, { conversationId: `a:chat-${cycle}-${survivor.name}` })),
          });
          expect({ replica: survivor.name, answered: chat.status < 300 }).toEqual({ replica: survivor.name, answered: true });
        }
        await replacement;
      }
      const wanted = Array.from({ length: CYCLES }, (_, i) => clusterName(i));
      const end = Date.now() + (LEASE_SECONDS + 15) * 1000;
      const alertsFor = (name: string) => connector.calls.filter((c) => c.conversationId === CHANNEL && c.method === 'POST' && visibleText(c.activity).includes(`${name} went Offline`));
      while (!wanted.every((n) => alertsFor(n).length > 0) && Date.now() < end) await sleep(250);

      // Never lost: every alert reached "Teams". Repeated only after a death: one conversation has at
      // most one send in flight, so each kill can repeat at most one card, and every repeat says so:
      // at most one card of an alert lacks the note. (The only card may carry it: a leader killed
      // after claiming the send but before its request left cannot tell its successor that nothing
      // went out, so the successor marks its send as a possible repeat.)
      let repeats = 0;
      for (const name of wanted) {
        const cards = alertsFor(name);
        expect({ name, delivered: cards.length > 0 }).toEqual({ name, delivered: true });
        const unmarked = cards.filter((card) => !visibleText(card.activity).includes(MAY_REPEAT_NOTE));
        expect({ name, unmarkedCards: unmarked.length <= 1 }).toEqual({ name, unmarkedCards: true });
        repeats += cards.length - 1;
      }
      expect(repeats).toBeLessThanOrEqual(kills);
      process.stdout.write(`failover: ${kills} leader kills, ${wanted.length} alerts, ${repeats} marked repeats\n`);
      // And recorded: once the last answers are in, nothing is left to send.
      const settleBy = Date.now() + 15_000;
      while ((await stores.outbox.pending()).length && Date.now() < settleBy) await sleep(250);
      expect(await stores.outbox.pending()).toEqual([]);
    } catch (error) {
      const tails = replicas.map((r) => `--- ${r.name} ---\n${r.output().slice(-1500)}`).join('\n');
      throw new Error(`${(error as Error).message}\n${tails}`);
    }
  }, 60_000 + CYCLES * (LEASE_SECONDS + 12) * 1000);
});
