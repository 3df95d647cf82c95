/**
 * Child process that runs ONE bot for the status benchmark, so the load generator, the connector
 * stand-in and the Resource Graph stand-in (parent) do not share its event loop.
 * argv[2]: "status" (the composed app) or "echo" (bare botbuilder echo bot). For "status", argv[3]
 * is the Resource Graph stand-in's URL (without it: the bundled demo fleet).
 * Tells the parent its URL over IPC, then answers the parent's requests `{ id, cmd }`:
 * `cpu` (this process's CPU time so far), `refresh` (read the fleet now: a fresh snapshot),
 * `age` with `ms` (move the bot's clock forward, so its snapshot is that much older without
 * waiting), `settle` (wait for a fleet read under way). Stops on "stop" or when the parent goes away.
 */
import { loadConfig } from '../src/config/config';
import { composeApp } from '../src/compose';
import type { Clock } from '../src/core/clock';
import { createJsonLogger } from '../src/core/logger';
import { DEFAULT_TEST_SUBSCRIPTIONS, staticTokenCredential } from '../test/support/resource-graph-standin';
import { startEchoBot } from './echo-bot';

export type BenchRequest = { id: number; cmd: 'cpu' | 'refresh' | 'settle' } | { id: number; cmd: 'age'; ms: number };

/** System time plus an offset the parent moves forward: "the snapshot is 20 s old" without sleeping 20 s. */
let clockOffsetMs = 0;
const benchClock: Clock = {
  now: () => new Date(Date.now() + clockOffsetMs),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref?.()),
};

async function main(): Promise<void> {
  const [kind, resourceGraphUrl] = process.argv.slice(2);
  let stop: () => Promise<void>;
  let url: string;
  let handle: (request: BenchRequest) => Promise<void> = async () => undefined;
  if (kind === 'status') {
    // Real configuration path, memory storage; logs at info level are formatted as in production but
    // not written (a pipe to the parent would measure the pipe). With Resource Graph, the monitor's
    // poll is pushed out of the run (its cost is the monitor benchmark's), so every fleet read here is chat's.
    const azure = resourceGraphUrl
      ? { AZURE_RESOURCE_MANAGER_ENDPOINT: resourceGraphUrl, AZURE_SUBSCRIPTION_IDS: DEFAULT_TEST_SUBSCRIPTIONS.join(','), MONITOR_INTERVAL_SECONDS: '86400' }
      : {};
    const config = loadConfig({ PORT: '0', PLAYGROUND: 'off', STORAGE: 'memory', MicrosoftAppId: '', LOG_LEVEL: 'info',
      // The load generator is one script sending hundreds of messages a minute: no flood limit here.
      FLOOD_USER_MESSAGES_PER_MINUTE: '100000', FLOOD_CONVERSATION_MESSAGES_PER_MINUTE: '100000', ...azure });
    const app = await composeApp(config, createJsonLogger('info', () => {}), { clock: benchClock, credential: staticTokenCredential() as never });
    url = await app.start();
    stop = () => app.stop();
    handle = async (request) => {
      if (request.cmd === 'age') clockOffsetMs += request.ms;
      if (request.cmd === 'refresh') await app.directory.listClusters({ maxAgeMs: 0 });
      if (request.cmd === 'settle') await app.directory.listClusters({ maxAgeMs: config.fleetMaxAgeMs });
    };
  } else if (kind === 'echo') {
    const echo = await startEchoBot();
    url = echo.url;
    stop = echo.stop;
  } else {
    throw new Error(`unknown bot "${kind}" (expected status or echo)`);
  }
  const shutdown = async () => {
    await Promise.race([stop(), new Promise((r) => setTimeout(r, 2000))]);
    process.exit(0);
  };
  process.on('message', (m: 'stop' | BenchRequest) => {
    if (m === 'stop') void shutdown();
    else if (typeof m === 'object' && m) {
      void handle(m).then(
        () => process.send!({ id: m.id, cpu: process.cpuUsage() }),
        (error: unknown) => process.send!({ id: m.id, error: String(error) }),
      );
    }
  });
  process.on('disconnect', () => void shutdown());
  process.send!({ url });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
