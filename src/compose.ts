import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { KeyValueStorage } from './storage/key-value-storage';
import type { TokenCredential } from '@azure/identity';
import type { AppConfig } from './config/config';
import { type Clock, systemClock } from './core/clock';
import type { Logger } from './core/logger';
import { countOf } from './core/plural';
import { AZURE_CLOUDS } from './clusters/azure-clouds';
import type { ClusterDirectory } from './clusters/cluster-directory';
import { ClusterFinder } from './clusters/cluster-finder';
import { DemoFleetDirectory } from './clusters/demo-fleet-directory';
import { createCommandRouter } from './chat/registry';
import { AccessPolicy } from './chat/access-policy';
import { FloodLimit } from './chat/flood-limit';
import { MemberRoles } from './teams/member-roles';
import { TurnAccess } from './teams/turn-access';
import { createAsk } from './ask/ask-feature';
import { DialogTimeoutSweeper } from './teams/dialog-deadlines';
import { StorageDialogHost } from './teams/dialog-runtime';
import { createAdapter } from './teams/adapter';
import { ArcBot } from './teams/bot';
import { createFix } from './fix/fix-feature';
import { createHttpServer } from './http/server';
import { createMessagesEndpoint } from './teams/messages-endpoint';
import { healthReport } from './http/health';
import type { TellStores } from './tell/stores/tell-stores';
import { createStorage } from './storage/create-storage';
import { createTell } from './tell/tell-feature';
import { Leadership } from './tell/leadership';
import { RESUME_NOTICE_AFTER_INTERVALS } from './tell/resumed-notice';
import { SoleLeaderLease } from './storage/leader-lease';
import { createBotbuilderSender } from './teams/proactive-sender';
import { ReplyRenderer } from './teams/reply-renderer';
import { commonCards } from './cards/common-cards';
import { askCards } from './ask/ask-cards';
import { tellCards } from './tell/tell-cards';
import { fixCards } from './fix/cards/fix-cards';
import { auditCards } from './audit/audit-card';
import { createAudit } from './audit/audit-feature';

/** At stop, how long sends in flight may take to finish before they are abandoned (index.ts exits by 7 s). */
const SEND_GRACE_AT_STOP_MS = 3000;
/** How often the leader looks for timed-out diagnoses: a card says so within a minute of its deadline. */
const DIALOG_SWEEP_INTERVAL_MS = 60_000;

export interface ComposeOverrides {
  clock?: Clock;
  /** Azure credential for Resource Graph (default: DefaultAzureCredential). */
  credential?: TokenCredential;
  storage?: KeyValueStorage;
  /** This replica's id (default: a new GUID per process; a blob lease id must be a GUID). */
  replicaId?: string;
  /** Azure credential for Blob storage with AZURE_STORAGE_ACCOUNT_URL (default: DefaultAzureCredential). */
  storageCredential?: TokenCredential;
}

export interface App {
  config: AppConfig;
  directory: ClusterDirectory;
  /** Starts listening (port 0 = ephemeral) and background work; resolves with the base URL. */
  start(): Promise<string>;
  /** Stops background work and the server; safe to call twice. */
  stop(): Promise<void>;
  /** Resolves when background work (monitor poll and alert delivery) is waiting for its next turn. */
  whenIdle(): Promise<void>;
}

/** The one composition root: config -> directory -> commands -> bot -> adapter -> HTTP. */
export async function composeApp(config: AppConfig, logger: Logger, overrides: ComposeOverrides = {}): Promise<App> {
  const clock = overrides.clock ?? systemClock;
  const directory = await createDirectory(config, logger, clock, overrides.credential);
  const ownStorage = overrides.storage ? undefined : await createStorage(config.storage, overrides.storageCredential);
  const storage: KeyValueStorage = overrides.storage ?? ownStorage!;
  const askDeps = {
    directory,
    finder: new ClusterFinder(directory, config.fleetMaxAgeMs, () => clock.now()),
    clock,
    fleetMaxAgeMs: config.fleetMaxAgeMs,
    portalHost: portalHostFor(config),
    pageSize: config.ask.pageSize,
  };
  // The channel edge: every card any feature names, rendered to Teams in one place.
  const renderer = new ReplyRenderer([commonCards, askCards, tellCards, fixCards, auditCards], { portalHost: portalHostFor(config) });
  const adapter = createAdapter(config, logger);
  // Aborted at stop: sends still in flight after a grace period are cancelled (retried after the restart).
  const shutdown = new AbortController();
  const sender = createBotbuilderSender(adapter, config.bot.appId, renderer, { clock, timeoutMs: config.delivery.sendTimeoutMs, shutdown: shutdown.signal });
  // Exactly one process sharing the storage polls and sends: the holder of the leader lease.
  const replicaId = overrides.replicaId ?? randomUUID();
  const lease = ownStorage ? ownStorage.createLeaderLease(replicaId) : new SoleLeaderLease(replicaId, config.storage.leaderLeaseMs);
  const sole = lease instanceof SoleLeaderLease;
  const leadership = new Leadership(lease, clock, logger.child({ component: 'leadership', replicaId }), {
    onGained: () => tell.monitor.start(),
    onLost: () => tell.monitor.stop(),
  });
  // Who changed alerting or ran a diagnosis: recorded by the features through the port in src/chat.
  const audit = createAudit({ storage, clock, logger, retentionDays: config.audit.retentionDays });
  const access = new AccessPolicy(config.access);
  const tell = createTell({ storage, directory, sender, clock, logger, audit: audit.trail, tenantAllowed: (tenantId) => access.tenantAllowed(tenantId), config: {
      monitor: config.monitor,
      delivery: config.delivery,
      fleetMaxAgeMs: config.fleetMaxAgeMs,
    },
    guard: sole ? undefined : { fence: () => leadership.holds(), replicaId },
  });
  const fix = createFix({ directory, fleetMaxAgeMs: config.fleetMaxAgeMs, audit: { trail: audit.trail, clock } });
  const dialogs = new StorageDialogHost({
    storage,
    // The dialog module (and botbuilder-dialogs with it) loads with the first dialog, not at start.
    loadDialogs: async () => {
      const { DiagnoseDialog } = await import('../dialogs/diagnose-dialog');
      return [new DiagnoseDialog({ lookupCluster: fix.lookupClusterById, clock, renderer })];
    },
    clock,
    idleTimeoutMs: config.dialogs.idleTimeoutMs,
    logger: logger.child({ component: 'dialogs' }),
    timeouts: { sender, reply: (clusterId, at) => fix.diagnosisTimedOutReply(clusterId, at, clock.now()) },
  });
  // Timed-out diagnoses get their cards turned off by the leader, whether or not the user comes back.
  const dialogSweeper = new DialogTimeoutSweeper({
    sweep: () => dialogs.expireDue(), clock, intervalMs: DIALOG_SWEEP_INTERVAL_MS, shouldSweep: () => sole || leadership.holds(), logger,
  });
  const router = createCommandRouter([createAsk(askDeps), tell, fix, audit], access);
  const turnAccess = new TurnAccess({
    policy: access,
    roles: new MemberRoles({ clock, logger: logger.child({ component: 'member-roles' }), ...config.access.memberLookup }),
    flood: new FloodLimit(config.access.flood, clock),
    logger: logger.child({ component: 'access' }),
  });
  const bot = new ArcBot({ router, dialogs, conversations: tell.conversationEvents, renderer, logger, access: turnAccess, endedDialogReply: fix.diagnosisEndedReply });
  const server = createHttpServer({
    messages: createMessagesEndpoint({ adapter, bot, logger }),
    logger,
    health: () => healthReport({
      storage,
      storageFile: config.storage.kind === 'sqlite' && !overrides.storage ? config.storage.sqlitePath : undefined,
      monitor: () => tell.monitor.status(),
      degradedAfterFailures: config.monitor.degradedAfterFailures,
      maxPendingAlertAgeMs: config.health.maxPendingAlertAgeMs,
      replica: () => ({ role: sole || leadership.holds() ? 'leader' : 'standby', replicaId }),
      replication: async () => {
        const heartbeat = await tell.stores.heartbeat.get();
        return {
          leaseHolder: sole ? replicaId : await leadership.currentHolder(),
          lastPollAt: heartbeat.lastPollAt,
          lastPollBy: heartbeat.by,
        };
      },
      // Three intervals without a poll are told to subscribers when monitoring resumes; one lease more is the takeover time.
      maxPollGapMs: RESUME_NOTICE_AFTER_INTERVALS * config.monitor.intervalMs + config.storage.leaderLeaseMs,
      undeliverableAlerts: async () => (await tell.stores.outbox.all()).filter((i) => i.state === 'failed').length,
      details: {
        clusterSource: directory.description,
        storage: ownStorage?.description ?? 'memory',
        ...(dataLossAtStart ? { dataLossAtStart } : {}),
      },
      now: () => clock.now(),
    }),
  });

  let stopped = false;
  /** Found before the monitor's first poll, which would otherwise take a new baseline without a word. */
  let dataLossAtStart: string | undefined;
  return {
    config,
    directory,
    whenIdle: () => tell.monitor.whenIdle(),
    async start() {
      await new Promise<void>((resolve) => server.listen(config.port, '0.0.0.0', resolve));
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      logger.info('bot listening', { url: `${url}/api/messages`, clusterSource: directory.description });
      dataLossAtStart = await findDataLoss(tell.stores).catch(() => undefined);
      if (dataLossAtStart) logger.error('storage lost data: the monitor starts from a new baseline', { dataLoss: dataLossAtStart });
      dialogSweeper.start();
      if (sole) tell.monitor.start();
      else await leadership.start();
      logger.info('replica role', { replicaId, role: sole ? 'leader' : leadership.currentRole() });
      return url;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Sends in flight get a moment to finish (an answer on its way still counts), then are abandoned.
      const drained = tell.delivery.stop();
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, SEND_GRACE_AT_STOP_MS).unref())]);
      shutdown.abort();
      await drained;
      await tell.monitor.stop();
      await dialogSweeper.stop();
      // Released only after the last send settled: the next leader starts from what was recorded.
      await leadership.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ownStorage?.close?.();
    },
  };
}

async function createDirectory(config: AppConfig, logger: Logger, clock: Clock, credential?: TokenCredential): Promise<ClusterDirectory> {
  if (config.clusterSource === 'demo') {
    return new DemoFleetDirectory({ filePath: config.demoFleetFile, simulate: config.demoSimulated, clock, logger: logger.child({ component: 'demo-fleet' }) });
  }
  // Loaded only when used, so the demo starts without touching the Azure SDKs.
  const { createResourceGraphDirectory } = await import('./clusters/resource-graph/resource-graph-directory');
  return createResourceGraphDirectory({
    subscriptionIds: config.azure.subscriptionIds,
    managementGroupIds: config.azure.managementGroupIds,
    cloud: config.azure.cloud,
    resourceManagerEndpoint: config.azure.resourceManagerEndpoint,
    credential,
    clock,
    logger: logger.child({ component: 'resource-graph' }),
    fleetMaxAgeMs: config.fleetMaxAgeMs,
    ...config.resourceGraph,
  });
}

/** Subscriptions without any fleet memory: the memory was lost (a fresh install has neither). */
async function findDataLoss(stores: TellStores): Promise<string | undefined> {
  const subscriptions = Object.values(await stores.subscriptions.all()).filter((s) => s.items.length).length;
  if (!subscriptions) return undefined;
  const memory = (await stores.monitor.get()).fleet;
  if (memory.baselineAt || Object.keys(memory.clusters).length) return undefined;
  return `${countOf(subscriptions, 'conversation')} ${subscriptions === 1 ? 'has' : 'have'} subscriptions but the fleet memory is empty: changes during the outage cannot be alerted`;
}

function portalHostFor(config: AppConfig): string {
  return AZURE_CLOUDS[config.azure.cloud].portalHost;
}
